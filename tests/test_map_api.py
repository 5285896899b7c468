"""GET /api/v2/map/: valid RFC 7946 GeoJSON, filters, clear 400s, and a cache that stays fresh."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def get_map(client, **params):
    response = client.get("/api/v2/map/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def names(collection):
    return sorted(feature["properties"]["n"] for feature in collection["features"])


def assert_rfc7946(collection):
    """The parts of RFC 7946 a client relies on: types, positions (longitude first) in range."""
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert isinstance(feature["properties"], dict)


@pytest.fixture
def places():
    health = f.PolicyFieldFactory(slug="health", name="Health")
    harbours = f.NetworkFactory(slug="safe-harbours", short_name="Safe Harbours")
    kiel = f.MunicipalityFactory(name="Kiel", country="DE", latitude=54.32, longitude=10.13)
    f.MembershipFactory(municipality=kiel, network=harbours)
    berlin = f.MunicipalityFactory(name="Berlin", country="DE", latitude=52.52, longitude=13.40)
    profile = f.city_profile(municipality=berlin)
    f.practice(municipality=berlin, policy_fields=[health])
    f.practice(municipality=berlin)
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL", latitude=52.09, longitude=5.12)
    f.practice(municipality=utrecht)
    f.MunicipalityFactory(name="Nowhere", latitude=None, longitude=None)
    return {"kiel": kiel, "berlin": berlin, "profile": profile, "utrecht": utrecht}


def test_every_placed_municipality_is_one_feature_with_its_facts(client, places):
    collection = get_map(client)

    assert_rfc7946(collection)
    assert names(collection) == ["Berlin", "Kiel", "Utrecht"]
    by_name = {feature["properties"]["n"]: feature for feature in collection["features"]}
    berlin, kiel = by_name["Berlin"], by_name["Kiel"]
    assert berlin["geometry"]["coordinates"] == [13.4, 52.52]  # longitude first
    assert berlin["properties"] == {
        "n": "Berlin",
        "cc": "DE",
        "k": "p",
        "pf": [collection["policy_fields"].index("health")],
        "np": 2,
        "u": places["profile"].url,
    }
    assert kiel["properties"]["k"] == "m"
    assert [collection["networks"][i] for i in kiel["properties"]["nw"]] == ["safe-harbours"]
    kiel_url = collection["url_template"].replace("{id}", str(kiel["id"]))
    assert client.get(kiel_url).url == f"/en/municipalities/{places['kiel'].slug}/"
    assert by_name["Utrecht"]["properties"]["k"] == "g"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"policy_field": "health"}, ["Berlin"]),
        ({"network": "safe-harbours"}, ["Kiel"]),
        ({"country": "NL"}, ["Utrecht"]),
        ({"kind": "profile"}, ["Berlin"]),
        ({"kind": "practice"}, ["Berlin", "Utrecht"]),
        ({"kind": "member"}, ["Kiel"]),
        ({"q": "ki"}, ["Kiel"]),
        ({"bbox": "9,53,14,55"}, ["Kiel"]),
        ({"bbox": "9,55,14,53"}, ["Kiel"]),  # latitudes in either order: the same band
        ({"bbox": "170,50,11,60"}, ["Kiel", "Utrecht"]),  # west east of east: across the antimeridian
        ({"country": "DE", "kind": "practice"}, ["Berlin"]),
        ({"country": "NL", "network": "safe-harbours"}, []),
    ],
)
def test_filters(client, places, params, expected):
    assert names(get_map(client, **params)) == expected


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"colour": "red"}, "colour"),
        ({"policy_field": "no-such-field"}, "policy_field"),
        ({"network": "nope"}, "network"),
        ({"country": "XX"}, "country"),
        ({"kind": "everything"}, "kind"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,80,10,91"}, "bbox"),
        ({"bbox": "181,50,10,60"}, "bbox"),
        ({"bbox": "0,nan,10,60"}, "bbox"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_unknown_or_malformed_parameters_get_a_400_naming_them(client, places, params, parameter):
    response = client.get("/api/v2/map/", params)

    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter
    assert response.json()["error"]["message"]


def test_repeated_parameter_is_refused(client, places):
    response = client.get("/api/v2/map/?country=DE&country=NL")

    assert response.status_code == 400 and response.json()["error"]["parameter"] == "country"


def test_drafts_and_unpublished_practices_do_not_count(client, places):
    draft = f.practice(municipality=places["kiel"])
    draft.unpublish()

    kiel = next(x for x in get_map(client)["features"] if x["properties"]["n"] == "Kiel")

    assert "np" not in kiel["properties"] and kiel["properties"]["k"] == "m"


def test_cache_is_invalidated_when_content_is_published_or_unpublished(client, places, django_assert_num_queries):
    get_map(client, country="NL")
    with django_assert_num_queries(1):  # cached: only the site lookup remains
        assert names(get_map(client, country="NL")) == ["Utrecht"]

    amsterdam = f.MunicipalityFactory(name="Amsterdam", country="NL")
    assert names(get_map(client, country="NL")) == ["Amsterdam", "Utrecht"]

    practice = f.practice(municipality=amsterdam)
    assert names(get_map(client, kind="practice", country="NL")) == ["Amsterdam", "Utrecht"]
    practice.unpublish()
    assert names(get_map(client, kind="practice", country="NL")) == ["Utrecht"]
    practice.save_revision().publish()
    assert names(get_map(client, kind="practice", country="NL")) == ["Amsterdam", "Utrecht"]
