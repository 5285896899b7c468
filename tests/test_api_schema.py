"""The OpenAPI schema at /api/schema/: valid OpenAPI 3, generated from the code (every endpoint of
the API router, the map, the submission endpoints), matching what the endpoints send, and the API
page that shows it. Schemathesis then fuzzes every operation in-process against the WSGI app."""

import json
import time

import hypothesis
import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from openapi_spec_validator import validate
from schemathesis.checks import CHECKS as SCHEMATHESIS_CHECKS
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from werkzeug.test import Client as WsgiClient

from cityprofiles.api.router import api_router
from tests import factories as f

pytestmark = pytest.mark.django_db

CHECKS = SCHEMATHESIS_CHECKS.get_all()  # every check: server errors, status codes, content types, headers,
# response schemas, valid data accepted, invalid data refused, undeclared methods …
MAX_EXAMPLES = 30  # per operation and mode (valid, invalid): about 1,300 cases
# No NUL characters in generated text: PostgreSQL refuses them in queries, and Wagtail's own pages
# endpoint (find by html_path) answers such a path with a 500; that is a report for Wagtail, not a
# property of this API's schema.
FUZZ_CONFIG = {"generation": {"mode": "all", "database": "none", "allow-x00": False}}


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, as a server runs it, minus one thing: Django closes the database
    connection after each request, which would end the test's transaction (Django's own test client
    switches this off the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(wsgi_app):
    """A small site: two networks with members, policy fields, profiles and practices, a take-action page."""
    health, housing = f.PolicyFieldFactory(slug="health"), f.PolicyFieldFactory(slug="housing")
    network = f.NetworkFactory(slug="safe-harbours", short_name="Safe Harbours")
    criterion = f.CommitmentCriterionFactory(network=network)
    berlin = f.MunicipalityFactory(name="Berlin", latitude=52.52, longitude=13.405)
    f.CommitmentStatusFactory(membership__municipality=berlin, membership__network=network, criterion=criterion)
    f.MembershipFactory(
        municipality=f.MunicipalityFactory(name="Kempen", latitude=51.36, longitude=6.42),
        network=f.NetworkFactory(slug="iash"),
    )
    f.city_profile(berlin)
    f.practice(berlin, policy_fields=[health, housing])
    f.practice(policy_fields=[housing])
    f.take_action_page()
    f.network_index()
    return {"municipality": berlin, "app": wsgi_app}


def get_schema(client):
    """The schema as JSON."""
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_schema_is_valid_openapi_3_and_also_served_as_yaml(client, api_data):
    schema = get_schema(client)

    validate(schema)  # raises on any error
    assert schema["openapi"].startswith("3.")
    as_yaml = client.get("/api/schema/?format=yaml")
    assert as_yaml.status_code == 200 and yaml.safe_load(as_yaml.content) == schema


def test_every_route_of_every_endpoint_in_the_api_router_is_described(client, api_data):
    paths = get_schema(client)["paths"]

    assert len(api_router._endpoints) >= 3, "the router has endpoints"
    for name, endpoint in api_router._endpoints.items():
        routes = [str(pattern.pattern).replace("<int:pk>", "{id}") for pattern in endpoint.get_urlpatterns()]
        assert "" in routes, name
        for route in routes:
            assert "get" in paths[f"/api/v2/{name}/{route}"], (name, route)
    assert "get" in paths["/api/v2/map/"]
    assert "post" in paths["/api/v2/submissions/"] and "get" in paths["/api/v2/submissions/challenge/"]
    assert all(path.startswith("/api/v2/") for path in paths), "only the public API, not Wagtail's admin API"


def test_pages_are_described_per_page_type_from_their_api_fields(client, api_data):
    from wagtail.models import get_page_models

    schema = get_schema(client)
    components = schema["components"]["schemas"]
    detail = schema["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    refs = {ref["$ref"].rsplit("/", 1)[1] for ref in detail["schema"]["anyOf"]}

    for model in get_page_models():
        assert f"{model.__name__}Detail" in refs
        described = components[f"{model.__name__}Detail"]["properties"]
        for field in getattr(model, "api_fields", []):
            assert getattr(field, "name", field) in described, (model, field)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    assert {"limit", "offset", "fields", "order", "search", "type", "child_of", "descendant_of"} <= set(parameters)
    assert "cityprofiles.CityProfilePage" in parameters["type"]["schema"]["items"]["enum"]


def test_map_parameters_come_from_its_filter_form(client, api_data):
    from cityprofiles.filters import MAP_PARAMETERS

    operation = get_schema(client)["paths"]["/api/v2/map/"]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}

    assert set(parameters) == set(MAP_PARAMETERS) | {"lang"}
    assert parameters["kind"]["enum"] == ["profile", "practice", "member"]
    assert parameters["lang"]["enum"] == ["en", "de", "it", "el", "pl", "fr", "es"]
    assert "safe-harbours" in parameters["network"]["enum"] and "health" in parameters["policy_field"]["enum"]
    assert "application/geo+json" in operation["responses"]["200"]["content"]


def test_submission_body_is_the_form_without_attachments(client, api_data):
    body = get_schema(client)["paths"]["/api/v2/submissions/"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]

    assert list(body) == ["application/json"]
    assert {"kind", "title", "email", "consent", "challenge", "website"} <= set(schema["properties"])
    assert "attachments" not in schema["properties"]
    assert {"title", "email", "consent", "submitter_name"} <= set(schema["required"])
    assert schema["properties"]["summary"]["maxLength"] == 1000
    assert schema["properties"]["start_year"]["minimum"] == 1900


def schemathesis_schema(app):
    """The served schema, loaded by schemathesis against the WSGI app (no network)."""
    return schemathesis.openapi.from_wsgi("/api/schema/", app, config=SchemathesisConfig.from_dict(FUZZ_CONFIG))


def test_default_responses_match_the_schema(client, api_data):
    """Every listing with default and with all fields, the details of its first items, each page
    type, and the map, as a front end would ask for them."""
    schema, wsgi = schemathesis_schema(api_data["app"]), WsgiClient(api_data["app"])
    checked = 0
    for name, endpoint in api_router._endpoints.items():
        if not {"limit", "offset"} & set(endpoint.known_query_parameters):
            continue  # not a listing (the preview endpoint needs a signed token)
        for query in ("", "?fields=*"):
            listing = wsgi.get(f"/api/v2/{name}/{query}")
            assert listing.status_code == 200, name
            schema[f"/api/v2/{name}/"]["GET"].validate_response(listing)
        for item in listing.json["items"][:5]:
            detail = wsgi.get(f"/api/v2/{name}/{item['id']}/")
            schema[f"/api/v2/{name}/{{id}}/"]["GET"].validate_response(detail)
            checked += 1
    assert checked >= 5
    for page_type in ("cityprofiles.CityProfilePage", "cityprofiles.PracticePage", "cityprofiles.TakeActionPage"):
        typed = wsgi.get(f"/api/v2/pages/?type={page_type}&fields=*")
        assert typed.status_code == 200 and typed.json["items"], page_type
        schema["/api/v2/pages/"]["GET"].validate_response(typed)
    geojson = wsgi.get("/api/v2/map/")
    assert len(geojson.json["features"]) == 3
    schema["/api/v2/map/"]["GET"].validate_response(geojson)


def test_a_response_that_breaks_the_schema_is_caught(client, api_data):
    """The conformance check can fail: a page with a field the schema does not know is refused."""
    from schemathesis.openapi.checks import JsonSchemaError

    schema = schemathesis_schema(api_data["app"])
    response = WsgiClient(api_data["app"]).get("/api/v2/pages/")
    broken = response.json
    broken["items"][0]["moderation_notes"] = "never public"
    response.set_data(json.dumps(broken))
    with pytest.raises(JsonSchemaError, match="Response violates schema"):
        schema["/api/v2/pages/"]["GET"].validate_response(response)


def test_api_page_lists_every_endpoint_with_parameters_and_example_calls(client, api_data):
    html = client.get("/en/api/").content.decode()

    for name in api_router._endpoints:
        assert f"/api/v2/{name}/" in html
    assert "/api/v2/map/" in html and "/api/v2/submissions/" in html and "/api/schema/" in html
    assert "curl" in html and "child_of" in html and "bbox" in html
    assert 'href="/en/api/"' in client.get("/en/").content.decode(), "linked from the footer"


@pytest.fixture
def fuzzed_api(api_data, settings):
    """The served schema loaded by schemathesis, with the submission rate limit set out of reach."""
    settings.SUBMISSION_RATE_LIMIT = (10**6, 3600)
    return schemathesis_schema(api_data["app"])


def test_schemathesis_finds_no_server_errors_and_no_responses_that_break_the_schema(fuzzed_api):
    """Every operation of the schema (every read endpoint and the submission endpoints) with
    generated valid and invalid input, in-process, with every schemathesis check: no 500, every
    status code, content type and body as the schema says, valid input accepted, invalid refused.

    Hypothesis drives schemathesis' strategies here directly (derandomized, so every run sends the
    same cases), inside this test's database transaction and thread.
    """
    failures, cases, started = [], [0], time.monotonic()
    for result in fuzzed_api.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=MAX_EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(hypothesis.HealthCheck),
            )
            @hypothesis.given(case=operation.as_strategy(mode))
            def check(case):
                cases[0] += 1
                case.call_and_validate(checks=CHECKS)

            try:
                check()
            except hypothesis.errors.Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # no parameter to get wrong
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report every operation's failures
                failures.append(f"{operation.label} ({mode.value}): {error}")
    print(f"\nschemathesis: {cases[0]} cases in {time.monotonic() - started:.0f} s")
    assert not failures, "\n\n".join(failures)
