"""The API never answers 500 and says what is wrong in one JSON shape (the map's `error`, with
the parameter at fault); the schema and the answers agree (formats, order, booleans, methods,
addresses that are not the API's); CSV exports cannot run formulas; GeoJSON lists stay lists."""

import csv
import io
import json

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

LISTINGS = ["pages", "images", "documents", "municipalities", "networks", "policy-fields"]
BIG = str(2**63)


@pytest.fixture
def site():
    """A municipality with a profile and a practice, a network, and a take-action page."""
    berlin = f.MunicipalityFactory(name="Berlin", latitude=52.52, longitude=13.405)
    f.MembershipFactory(municipality=berlin, network=f.NetworkFactory(slug="safe-harbours"))
    profile = f.city_profile(berlin)
    f.practice(berlin, policy_fields=[f.PolicyFieldFactory(slug="health")], title="Berlin clinic")
    f.take_action_page()
    return {"berlin": berlin, "profile": profile}


def assert_error(response, status, parameter):
    """A JSON error in the API's shape, naming `parameter`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"]["parameter"] == parameter and body["error"]["message"], body
    assert body["message"] == body["error"]["message"], "Wagtail's `message` is kept for its clients"


@pytest.mark.parametrize("name", LISTINGS)
def test_find_with_an_id_that_is_not_a_number_is_a_400_naming_id(client, site, name):
    assert_error(client.get(f"/api/v2/{name}/find/", {"id": "abc"}), 400, "id")


@pytest.mark.parametrize("name", LISTINGS)
def test_an_offset_past_the_largest_database_integer_is_a_400(client, site, name):
    assert_error(client.get(f"/api/v2/{name}/", {"offset": BIG}), 400, "offset")
    assert client.get(f"/api/v2/{name}/", {"offset": str(2**63 - 1)}).json()["items"] == []


def test_a_field_filter_past_the_largest_database_integer_is_a_400(client, site):
    for name, parameter in [("pages", "alias_of"), ("pages", "id"), ("municipalities", "id")]:
        assert_error(client.get(f"/api/v2/{name}/", {parameter: "80260019695936614694912"}), 400, parameter)
    assert client.get("/api/v2/pages/", {"alias_of": str(2**63 - 1)}).json()["items"] == []


@pytest.mark.parametrize("path", ["/api/v2/map/", "/api/v2/municipalities/"])
def test_an_empty_filter_is_described_as_allowed_and_means_no_filter(client, site, path):
    operation = client.get("/api/schema/").json()["paths"][path]["get"]
    kind = next(p for p in operation["parameters"] if p["name"] == "kind")

    assert kind["allowEmptyValue"] is True and "" not in kind["schema"]["enum"]
    everything = client.get(path).json()
    assert client.get(path, {"kind": "", "country": "", "network": ""}).json() == everything


@pytest.mark.parametrize("name", ["pages", "images", "documents"])
def test_an_unknown_search_operator_is_a_400(client, site, name):
    assert_error(client.get(f"/api/v2/{name}/", {"search": "berlin", "search_operator": "xyz"}), 400, "search_operator")
    assert_error(client.get(f"/api/v2/{name}/", {"search_operator": "xyz"}), 400, "search_operator")
    assert client.get(f"/api/v2/{name}/", {"search": "berlin", "search_operator": "or"}).status_code == 200


def test_format_api_is_described_as_the_html_it_is_and_other_formats_are_refused(client, site):
    operation = client.get("/api/schema/").json()["paths"]["/api/v2/pages/"]["get"]
    format_parameter = next(p for p in operation["parameters"] if p["name"] == "format")

    assert format_parameter["schema"]["enum"] == ["json", "api"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/html"}
    assert client.get("/api/v2/pages/", {"format": "api"})["Content-Type"].startswith("text/html")
    assert_error(client.get("/api/v2/pages/", {"format": "xml"}), 400, "format")
    assert_error(client.get(f"/api/v2/municipalities/{site['berlin'].pk}/", {"format": "yaml"}), 400, "format")


def test_order_is_random_alone_or_fields_and_random_works_with_an_offset(client, site):
    assert_error(client.get("/api/v2/pages/", {"order": "title,random"}), 400, "order")
    assert_error(client.get("/api/v2/pages/", {"order": ""}), 400, "order")
    assert client.get("/api/v2/pages/", {"order": "random", "offset": "1"}).status_code == 200
    titles = [item["title"] for item in client.get("/api/v2/pages/", {"order": "-title"}).json()["items"]]
    assert titles == sorted(titles, reverse=True)


def test_has_profile_is_described_as_the_boolean_it_is(client, site):
    parameters = client.get("/api/schema/").json()["paths"]["/api/v2/municipalities/"]["get"]["parameters"]
    described = {p["name"]: p["schema"] for p in parameters}

    assert described["has_profile"]["type"] == "boolean"
    assert "safe-harbours" in described["network"]["enum"]
    assert_error(client.get("/api/v2/municipalities/", {"has_profile": ""}), 400, "has_profile")
    assert_error(client.get("/api/v2/municipalities/", {"network": "nowhere"}), 400, "network")
    listed = client.get("/api/v2/municipalities/", {"has_profile": "true"}).json()["items"]
    assert [item["name"] for item in listed] == ["Berlin"]


def test_an_address_under_the_api_that_is_none_is_a_json_404_not_a_redirect(client, site):
    for path in ("/api/v2/pages/-5/", "/api/v2/nothing/", "/api/v2/pages/abc/"):
        assert_error(client.get(path), 404, None)


def test_a_page_that_a_filter_names_and_that_does_not_exist_is_a_404_naming_it(client, site):
    assert_error(client.get("/api/v2/pages/", {"child_of": "999999"}), 404, "child_of")
    assert_error(client.get("/api/v2/pages/", {"descendant_of": "999999"}), 404, "descendant_of")
    assert_error(client.get("/api/v2/pages/find/", {"id": "999999"}), 404, None)


def test_child_of_and_descendant_of_together_give_the_pages_that_are_both(client, site):
    root_children = client.get("/api/v2/pages/", {"child_of": "root"}).json()["items"]
    both = client.get("/api/v2/pages/", {"child_of": "root", "descendant_of": "root"})

    assert both.status_code == 200 and both.json()["items"] == root_children


def test_a_parameter_given_twice_or_of_the_wrong_type_is_a_400(client, site):
    assert_error(client.get("/api/v2/pages/?limit=1&limit=2"), 400, "limit")
    assert_error(client.get("/api/v2/pages/", {"first_published_at": "yesterday"}), 400, "first_published_at")
    assert_error(client.get("/api/v2/pages/", {"fields": "title,nonsense"}), 400, "fields")


def test_fields_of_one_page_type_are_left_out_for_others_not_refused(client, site):
    listing = client.get("/api/v2/pages/", {"fields": "municipality"})
    profiles = client.get("/api/v2/pages/", {"fields": "municipality", "type": "cityprofiles.CityProfilePage"})
    take_action = next(i for i in listing.json()["items"] if i["meta"]["type"] == "cityprofiles.TakeActionPage")
    detail = client.get(f"/api/v2/pages/{take_action['id']}/", {"fields": "municipality"})

    assert listing.status_code == 200 and "municipality" not in take_action
    assert profiles.json()["items"][0]["municipality"]["id"] == site["berlin"].pk
    assert detail.status_code == 200 and "municipality" not in detail.json()


def test_search_with_an_order_or_a_field_filter_the_index_cannot_do(client, site):
    ordered = client.get("/api/v2/pages/", {"search": "berlin", "order": "-slug"})
    filtered = client.get("/api/v2/pages/", {"search": "clinic", "slug": "nothing-like-this"})

    assert ordered.status_code == 200 and ordered.json()["items"], ordered.content
    slugs = [
        item["meta"]["slug"]
        for item in client.get("/api/v2/pages/?search=berlin&order=-slug&fields=slug").json()["items"]
    ]
    assert slugs == sorted(slugs, reverse=True)
    assert filtered.status_code == 200 and filtered.json()["items"] == []


@pytest.mark.parametrize("path", ["/api/v2/map/", "/api/v2/pages/", "/api/v2/municipalities/"])
def test_a_method_an_endpoint_does_not_have_is_a_json_405(client, site, path):
    response = client.put(path)

    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["message"] and "GET" in response["Allow"]


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded_numbers_are_not(client):
    evil = f.MunicipalityFactory(
        name='=HYPERLINK("http://evil.example")', region="@SUM(A1)", latitude=-33.9, longitude=-18.4
    )
    f.practice(evil, title="+1 more", summary="-2 less")
    f.city_profile(f.MunicipalityFactory(name="\tTabbed", region="\rReturn", latitude=40.0, longitude=-3.7))

    places = list(
        csv.DictReader(io.StringIO(b"".join(client.get("/data/municipalities.csv").streaming_content).decode()))
    )
    practices = b"".join(client.get("/data/practices.csv").streaming_content).decode()

    by_name = {row["name"]: row for row in places}
    assert set(by_name) == {'\'=HYPERLINK("http://evil.example")', "'\tTabbed"}
    assert by_name['\'=HYPERLINK("http://evil.example")']["region"] == "'@SUM(A1)"
    assert by_name["'\tTabbed"]["region"] == "'\rReturn"
    assert by_name['\'=HYPERLINK("http://evil.example")']["longitude"] == "-18.4", "a negative number stays a number"
    assert "'+1 more" in practices and "'-2 less" in practices


def test_geojson_list_fields_are_lists_in_every_feature(client, site):
    f.MembershipFactory(municipality=f.MunicipalityFactory(name="Kempen", latitude=51.3, longitude=6.4))
    for name, fields in (("municipalities", ("networks", "policy_fields")), ("practices", ("policy_fields",))):
        body = json.loads(b"".join(client.get(f"/data/{name}.geojson").streaming_content))
        assert len(body["features"]) >= 1
        for feature in body["features"]:
            for field in fields:
                assert isinstance(feature["properties"][field], list), (name, field, feature["properties"])


@pytest.mark.parametrize("base", [None, "https://movingcities.example/ignored/path"])
def test_addresses_in_answers_use_the_requested_host_or_the_configured_base_url(client, site, settings, base):
    settings.WAGTAILAPI_BASE_URL = base
    expected = "https://movingcities.example/" if base else "http://127.0.0.1:8413/"
    host = {"HTTP_HOST": "127.0.0.1:8413"}
    berlin = site["berlin"]

    pages = client.get("/api/v2/pages/", {"type": "cityprofiles.CityProfilePage", "fields": "municipality"}, **host)
    profile = pages.json()["items"][0]
    detail = client.get(f"/api/v2/pages/{profile['id']}/", **host).json()
    place = client.get(f"/api/v2/municipalities/{berlin.pk}/", **host).json()
    network = client.get("/api/v2/networks/", **host).json()["items"][0]
    found = client.get("/api/v2/municipalities/find/", {"id": berlin.pk}, **host)

    urls = [
        profile["meta"]["detail_url"],
        profile["meta"]["html_url"],
        profile["municipality"]["meta"]["detail_url"],
        detail["meta"]["parent"]["meta"]["detail_url"],
        detail["meta"]["parent"]["meta"]["html_url"],
        place["meta"]["detail_url"],
        place["meta"]["html_url"],
        place["profile"]["meta"]["html_url"],
        network["meta"]["html_url"] or expected,
        found["Location"],
    ]
    assert all(url.startswith(expected) for url in urls), urls
    assert not any("localhost" in url or ":8000" in url for url in urls), urls
