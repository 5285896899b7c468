"""The home page: the map's filters, and the plain list of the same places without JavaScript."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    housing = f.PolicyFieldFactory(slug="housing", name="Housing")
    network = f.NetworkFactory(slug="safe-harbours", short_name="Safe Harbours")
    for name in ("Kiel", "Rostock"):
        f.MembershipFactory(municipality__name=name, network=network)
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL")
    f.practice(municipality=utrecht, policy_fields=[housing])
    f.city_profile(municipality=f.MunicipalityFactory(name="Zurich", country="CH"))
    return housing


def listed(response):
    return sorted(row["municipality"].name for row in response.context["place_rows"])


def api_names(client, **params):
    return sorted(x["properties"]["n"] for x in client.get("/api/v2/map/", params).json()["features"])


@pytest.mark.parametrize(
    "params",
    [{}, {"policy_field": "housing"}, {"network": "safe-harbours"}, {"country": "CH"}, {"kind": "profile"}, {"q": "o"}],
)
def test_list_shows_the_same_places_as_the_map(client, places, params):
    response = client.get("/en/", params)

    assert response.status_code == 200
    assert listed(response) == api_names(client, **params)


def test_list_links_each_place_and_names_its_networks(client, places):
    html = client.get("/en/", {"network": "safe-harbours"}).content.decode()

    assert 'href="/en/municipalities/kiel/"' in html
    assert "Safe Harbours" in html
    assert "2 places" in html


def test_map_markup_has_endpoint_filters_and_list_link(client, places):
    html = client.get("/en/", {"policy_field": "housing"}).content.decode()

    assert 'data-endpoint="/api/v2/map/"' in html
    assert '<option value="housing" selected>' in html
    assert 'href="#places"' in html
    assert "vendor/leaflet/leaflet.js" in html and "unpkg" not in html


def test_list_paginates_with_filters_kept(client, places):
    network = f.NetworkFactory(slug="big")
    for _ in range(60):
        f.MembershipFactory(network=network)

    first = client.get("/en/", {"network": "big"})
    second = client.get("/en/", {"network": "big", "page": 2})

    assert len(first.context["place_rows"]) == 50 and len(second.context["place_rows"]) == 10
    assert "network=big&amp;page=2" in first.content.decode()


def test_malformed_filter_shows_the_error_with_a_400(client, places):
    response = client.get("/en/", {"network": "no-such-network"})

    assert response.status_code == 400
    assert "There is no such network." in response.content.decode()


def test_profile_and_municipality_pages_have_a_locator_map(client, places):
    kiel = f.MembershipFactory(
        municipality__name="Flensburg", municipality__latitude=54.78, municipality__longitude=9.43
    ).municipality
    profile = f.city_profile(municipality=f.MunicipalityFactory(latitude=41.39, longitude=2.17))

    municipality_html = client.get(f"/en/municipalities/{kiel.slug}/").content.decode()
    profile_html = client.get(profile.url).content.decode()

    assert 'data-lat="54.780000" data-lng="9.430000"' in municipality_html
    assert 'data-lat="41.390000" data-lng="2.170000"' in profile_html
