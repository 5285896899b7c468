"""Our own endpoints (municipalities, networks, policy fields): fields, the map's filters, search,
order, pagination and the limit cap, 400s; and no endpoint ever shows a submitter's data."""

import json

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def names(client, **params):
    listing = get_json(client, "/api/v2/municipalities/", limit=100, **params)
    return sorted(item["name"] for item in listing["items"])


@pytest.fixture
def places():
    health = f.PolicyFieldFactory(slug="health", name="Health")
    f.PolicyFieldFactory(slug="housing", name="Housing")
    harbours = f.NetworkFactory(slug="safe-harbours", name="Sichere Häfen", short_name="Safe Harbours")
    criteria = [f.CommitmentCriterionFactory(network=harbours, key=k) for k in ("reception", "funding", "voice")]
    kiel = f.MunicipalityFactory(
        name="Kiel", country="DE", region="Schleswig-Holstein", latitude=54.32, longitude=10.13
    )
    membership = f.MembershipFactory(municipality=kiel, network=harbours)
    f.CommitmentStatusFactory(membership=membership, criterion=criteria[1], decided="yes", fulfilled="no")
    berlin = f.MunicipalityFactory(name="Berlin", country="DE", region="Berlin", latitude=52.52, longitude=13.40)
    f.city_profile(municipality=berlin)
    f.practice(municipality=berlin, policy_fields=[health], title="Clinic")
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL", region="Utrecht", latitude=52.09, longitude=5.12)
    f.practice(municipality=utrecht, title="Bed, bath, bread")
    f.MunicipalityFactory(name="Unplaced", country="DE", region="Hesse", latitude=None, longitude=None)
    return {"kiel": kiel, "berlin": berlin, "utrecht": utrecht, "harbours": harbours, "health": health}


def test_municipality_listing_default_fields(client, places):
    listing = get_json(client, "/api/v2/municipalities/")

    assert listing["meta"]["total_count"] == 4
    berlin = listing["items"][0]
    assert set(berlin) == {
        "id",
        "meta",
        "name",
        "slug",
        "country",
        "region",
        "municipality_kind",
        "latitude",
        "longitude",
        "has_profile",
        "practice_count",
    }
    assert (berlin["name"], berlin["has_profile"], berlin["practice_count"]) == ("Berlin", True, 1)
    assert berlin["meta"]["html_url"].endswith("/en/cities/" + places["berlin"].profiles.get().slug + "/")
    kiel = next(item for item in listing["items"] if item["name"] == "Kiel")
    assert kiel["meta"]["html_url"] == "http://testserver/en/municipalities/kiel/"


def test_municipality_detail_has_memberships_commitments_profile_and_practices(client, places):
    kiel = get_json(client, f"/api/v2/municipalities/{places['kiel'].pk}/")
    berlin = get_json(client, f"/api/v2/municipalities/{places['berlin'].pk}/")

    [membership] = kiel["memberships"]
    assert membership["network"]["slug"] == "safe-harbours" and membership["status"] == "member"
    assert [(c["criterion"], c["decided"], c["fulfilled"]) for c in membership["commitments"]] == [
        ("reception", "unknown", "unknown"),
        ("funding", "yes", "no"),
        ("voice", "unknown", "unknown"),
    ]
    assert kiel["profile"] is None and kiel["practices"] == []
    assert berlin["profile"]["title"] == "Berlin"
    assert [p["title"] for p in berlin["practices"]] == ["Clinic"]
    assert berlin["latitude"] == 52.52 and berlin["municipality_kind"] == "city"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"country": "NL"}, ["Utrecht"]),
        ({"region": "schleswig-holstein"}, ["Kiel"]),
        ({"network": "safe-harbours"}, ["Kiel"]),
        ({"policy_field": "health"}, ["Berlin"]),
        ({"policy_field": "housing"}, []),
        ({"kind": "profile"}, ["Berlin"]),
        ({"kind": "practice"}, ["Berlin", "Utrecht"]),
        ({"kind": "member"}, ["Kiel"]),
        ({"has_profile": "true"}, ["Berlin"]),
        ({"has_profile": "false"}, ["Kiel", "Unplaced", "Utrecht"]),
        ({"search": "ki"}, ["Kiel"]),
        ({"search": "UTR"}, ["Utrecht"]),
        ({"country": "DE", "kind": "practice"}, ["Berlin"]),
    ],
)
def test_municipality_filters(client, places, params, expected):
    assert names(client, **params) == expected


@pytest.mark.parametrize("kind", ["profile", "practice", "member"])
def test_kind_means_what_it_means_on_the_map(client, places, kind):
    on_map = client.get("/api/v2/map/", {"kind": kind}).json()
    assert names(client, kind=kind) == sorted(feature["properties"]["n"] for feature in on_map["features"])


def test_order_and_pagination(client, places):
    first = get_json(client, "/api/v2/municipalities/", order="-name", limit=2)
    rest = get_json(client, "/api/v2/municipalities/", order="-name", limit=2, offset=2)
    by_latitude = get_json(client, "/api/v2/municipalities/", order="latitude", country="DE", has_profile="false")

    assert [item["name"] for item in first["items"]] == ["Utrecht", "Unplaced"]
    assert [item["name"] for item in rest["items"]] == ["Kiel", "Berlin"]
    assert first["meta"]["total_count"] == rest["meta"]["total_count"] == 4
    assert [item["name"] for item in by_latitude["items"] if item["latitude"]] == ["Kiel"]
    only_names = get_json(client, "/api/v2/municipalities/", fields="_,name", limit=1)["items"][0]
    assert only_names == {"name": "Berlin"}


@pytest.mark.parametrize(
    "query",
    [
        "limit=101",
        "limit=-1",
        "offset=x",
        "country=XX",
        "network=nowhere",
        "policy_field=nothing",
        "kind=city",
        "has_profile=maybe",
        "order=colour",
        "fields=colour",
        "colour=blue",
        "search_operator=and",
        "name=Kiel",
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, places, query):
    response = client.get(f"/api/v2/municipalities/?{query}")

    assert response.status_code == 400
    assert response.json()["message"]


def test_limit_is_capped_at_the_setting(client, places):
    assert client.get("/api/v2/municipalities/?limit=100").status_code == 200
    for endpoint in ("municipalities", "networks", "policy-fields", "pages", "images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/?limit=101").status_code == 400


def test_networks_with_criteria_members_and_commitments(client, places):
    former = f.MembershipFactory(network=places["harbours"], status="former", until="2020-01-01")
    listing = get_json(client, "/api/v2/networks/", search="safe")

    [network] = listing["items"]
    assert (network["slug"], network["short_name"], network["member_count"]) == ("safe-harbours", "Safe Harbours", 1)
    detail = get_json(client, network["meta"]["detail_url"])
    assert [c["key"] for c in detail["criteria"]] == ["reception", "funding", "voice"]
    members = {m["municipality"]["name"]: m for m in detail["members"]}
    assert set(members) == {"Kiel", former.municipality.name}
    assert members["Kiel"]["municipality"]["latitude"] == 54.32
    assert [c["fulfilled"] for c in members["Kiel"]["commitments"]] == ["unknown", "no", "unknown"]
    assert members[former.municipality.name]["is_current"] is False
    assert detail["description"] == "<p>A network of cities.</p>"


def test_a_network_links_to_its_page_on_the_site(client, places):
    f.network_index()

    network = get_json(client, "/api/v2/networks/")["items"][0]

    assert network["meta"]["html_url"] == "http://testserver/en/networks/safe-harbours/"  # the API's base URL
    assert client.get("/en/networks/safe-harbours/").status_code == 200


def test_policy_fields_count_live_public_practices_only(client, places):
    draft = f.practice(policy_fields=[places["health"]])
    draft.unpublish()

    fields = {item["slug"]: item for item in get_json(client, "/api/v2/policy-fields/")["items"]}

    assert fields["health"]["practice_count"] == 1 and fields["housing"]["practice_count"] == 0
    assert get_json(client, "/api/v2/policy-fields/", search="hous")["meta"]["total_count"] == 1


def test_no_endpoint_ever_shows_a_submitters_data(client, places):
    submission = f.SubmissionFactory(
        municipality=places["kiel"],
        target_page=places["berlin"].profiles.get(),
        submitter_name="Erika Mustermann",
        email="erika.mustermann@example.org",
        title="Secret submitted practice",
    )
    submission.policy_fields.add(places["health"])
    urls = [
        f"/api/v2/{name}/?fields=*&limit=100"
        for name in ("pages", "municipalities", "networks", "policy-fields", "images", "documents")
    ]
    urls += [f"/api/v2/municipalities/{m.pk}/" for m in places.values() if hasattr(m, "latitude")]
    urls += [f"/api/v2/pages/{page['id']}/" for page in get_json(client, "/api/v2/pages/", limit=100)["items"]]
    urls += [f"/api/v2/networks/{places['harbours'].pk}/", "/api/v2/map/"]
    urls += [f"/api/v2/pages/?type={t}&fields=*" for t in ("cityprofiles.CityProfilePage", "cityprofiles.PracticePage")]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in ("erika", "Mustermann", "Private Initiative", "Secret submitted practice", submission.reference):
            assert secret.lower() not in body.lower(), (url, secret)
        assert json.loads(body)


# What one request may cost at most, with 20 items listed, whatever the number of items. The API
# endpoints' budgets include the savepoint (SAVEPOINT, RELEASE) they take inside a test's transaction.
# Page addresses cost one query more than before the site had languages (the site's root paths
# include the root page's translations), and each page counts once, as its original: the ids of
# the locales are read once per cache lifetime (the tests start with an empty cache).
ENDPOINTS = {
    "municipalities": ("/api/v2/municipalities/?limit=20", 10 + 2),
    "municipalities, every field": ("/api/v2/municipalities/?limit=20&fields=*", 13 + 2),
    "municipalities, filtered": ("/api/v2/municipalities/?limit=20&network=safe-harbours&country=DE", 10 + 2),
    "networks": ("/api/v2/networks/?limit=20&fields=*", 10 + 2),
    "policy fields": ("/api/v2/policy-fields/?limit=20&fields=*", 6 + 2),
    "map": ("/api/v2/map/?network=safe-harbours", 10),
}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_query_count_does_not_grow_with_the_items_listed(client, places, django_assert_max_num_queries, name):
    url, limit = ENDPOINTS[name]

    def count():
        from django.core.cache import cache

        cache.clear()  # the map caches its answer; measure the work, not the cache
        client.get(url)
        cache.clear()
        with django_assert_max_num_queries(limit) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    for n in range(20):
        membership = f.MembershipFactory(network=places["harbours"])
        f.practice(municipality=membership.municipality, policy_fields=[places["health"]])
        f.NetworkFactory(name=f"Zeta network {n}")  # listed after the one with members
        f.PolicyFieldFactory()
    assert count() == before
