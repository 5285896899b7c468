"""Read endpoints send validators and Cache-Control and answer conditional requests with 304;
publishing purges the changed API addresses from a configured frontend cache; CORS follows the
setting (off by default)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from tests import factories as f

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache backend that records what it is asked to purge, as Wagtail's own tests of
    the frontend cache module do (configured through WAGTAILFRONTENDCACHE like a real one)."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def content():
    network = f.NetworkFactory(slug="safe-harbours")
    municipality = f.MunicipalityFactory(name="Kiel")
    f.MembershipFactory(municipality=municipality, network=network)
    practice = f.practice(
        municipality=municipality,
        policy_fields=[f.PolicyFieldFactory(slug="health")],
        body=[("image", {"image": f.image(), "alt_text": "", "caption": ""})],
    )
    return {"municipality": municipality, "practice": practice, "network": network}


def read_urls(content):
    practice, municipality = content["practice"], content["municipality"]
    return [
        "/api/v2/pages/",
        f"/api/v2/pages/{practice.pk}/",
        "/api/v2/pages/?type=cityprofiles.PracticePage&fields=*",
        "/api/v2/municipalities/",
        f"/api/v2/municipalities/{municipality.pk}/",
        "/api/v2/networks/",
        f"/api/v2/networks/{content['network'].pk}/",
        "/api/v2/policy-fields/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/map/",
        "/api/v2/map/?country=DE",
    ]


def test_every_read_endpoint_sends_validators_and_answers_conditional_requests(
    client, content, django_assert_max_num_queries
):
    for url in read_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"') and response["Last-Modified"], url
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"], url

        with django_assert_max_num_queries(0):  # a 304 costs no database query
            unchanged = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert unchanged.status_code == 304 and unchanged.content == b"", url
        assert unchanged["ETag"] == response["ETag"]
        assert "Cookie" not in response.get("Vary", ""), url  # the same for everyone: shared caches may keep it
        if "/map/" not in url:  # the 304 varies as the answer does (JSON or the browsable API)
            assert "Accept" in unchanged["Vary"] and "Accept" in response["Vary"], url
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert by_date.status_code == 304, url
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_none_match_star_is_not_modified_only_for_what_exists(client, content):
    practice = content["practice"]
    assert client.get(f"/api/v2/pages/{practice.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get("/api/v2/pages/999999/", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert client.get("/api/v2/municipalities/999999/", HTTP_IF_NONE_MATCH="*").status_code == 404


def test_publishing_unpublishing_and_editing_map_data_change_the_validators(client, content):
    url = "/api/v2/pages/"
    etags = [client.get(url)["ETag"]]

    content["practice"].unpublish()
    etags.append(client.get(url)["ETag"])
    content["practice"].save_revision().publish()
    etags.append(client.get(url)["ETag"])
    content["municipality"].name = "Kiel (Holstein)"
    content["municipality"].save()
    etags.append(client.get(url)["ETag"])
    f.take_action_page()  # any page type counts
    etags.append(client.get(url)["ETag"])

    assert len(set(etags)) == len(etags)
    stale = client.get(f"/api/v2/municipalities/{content['municipality'].pk}/", HTTP_IF_NONE_MATCH=etags[0])
    assert stale.status_code == 200 and stale.json()["name"] == "Kiel (Holstein)"


def test_validators_differ_by_address_and_format(client, content):
    assert client.get("/api/v2/pages/")["ETag"] != client.get("/api/v2/pages/?limit=1")["ETag"]
    assert client.get("/api/v2/pages/")["ETag"] != client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")["ETag"]


def test_errors_and_previews_are_not_cached(client, content):
    error = client.get("/api/v2/municipalities/?kind=nonsense")
    assert error.status_code == 400 and "ETag" not in error and "Last-Modified" not in error
    missing = client.get("/api/v2/pages/999999/")
    assert missing.status_code == 404 and "ETag" not in missing
    preview = client.get("/api/v2/page_preview/?content_type=cityprofiles.practicepage&token=nonsense")
    assert preview.status_code == 404 and "ETag" not in preview


def test_publishing_purges_the_api_addresses_from_the_frontend_cache(content, settings):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.test_api_caching.RecordingBackend"}}
    PURGED.clear()
    practice, municipality = content["practice"], content["municipality"]

    practice.save_revision().publish()

    assert {
        f"http://testserver/api/v2/pages/{practice.pk}/",
        "http://testserver/api/v2/pages/",
        "http://testserver/api/v2/map/",
        f"http://testserver/api/v2/municipalities/{municipality.pk}/",
        "http://testserver/api/v2/municipalities/",
    } <= set(PURGED)
    assert practice.full_url in PURGED  # Wagtail's own purge of the page's address
    PURGED.clear()
    practice.unpublish()
    assert f"http://testserver/api/v2/pages/{practice.pk}/" in PURGED
    PURGED.clear()
    municipality.save()
    assert f"http://testserver/api/v2/municipalities/{municipality.pk}/" in PURGED


def test_nothing_is_purged_without_a_frontend_cache(content):
    PURGED.clear()
    content["practice"].save_revision().publish()
    assert PURGED == []


ORIGIN = "https://partner.example.org"


def test_cors_is_off_by_default(client, content):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/map/", HTTP_ORIGIN=ORIGIN)


def test_cors_allows_the_configured_origins_on_the_api_only(client, content, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]

    for url in ("/api/v2/pages/", "/api/v2/map/", "/api/v2/municipalities/"):
        assert client.get(url, HTTP_ORIGIN=ORIGIN)["Access-Control-Allow-Origin"] == ORIGIN
        assert "Access-Control-Allow-Origin" not in client.get(url, HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in client.get("/en/", HTTP_ORIGIN=ORIGIN)
    preflight = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def settings_value(name, **environ):
    """A value of the base settings as they come out of the given environment."""
    code = f"from site_config.settings import base; print(repr(base.{name}))"
    env = {**os.environ, **environ}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return result.stdout.strip()


def test_cors_origins_come_from_the_environment():
    assert settings_value("CORS_ALLOWED_ORIGINS", API_CORS_ALLOWED_ORIGINS="") == "[]"
    assert settings_value("CORS_ALLOWED_ORIGINS", API_CORS_ALLOWED_ORIGINS=f"{ORIGIN}, https://b.example") == repr(
        [ORIGIN, "https://b.example"]
    )
    assert settings_value("CORS_ALLOW_ALL_ORIGINS", API_CORS_ALLOWED_ORIGINS="*") == "True"
