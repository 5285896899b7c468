"""Security headers on every kind of response: pages, 404s, the API, open-data files, static files,
uploaded images, documents and the admin (SECURITY.md)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def disk_storage(settings):
    """Files on disk (under the test's MEDIA_ROOT), as in production, so documents are sent as files."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def directives(response):
    """The response's Content-Security-Policy as {directive: [sources]}."""
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_safe_headers(response):
    """The headers every response carries, whatever made it."""
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    assert response.headers["X-Frame-Options"] in {"DENY", "SAMEORIGIN"}
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    csp = directives(response)
    assert "'unsafe-inline'" not in csp.get("script-src", []), csp
    assert "'unsafe-eval'" not in csp.get("script-src", []), csp
    assert csp.get("default-src") in (["'self'"], ["'none'"]), csp
    return csp


def public_responses(client):
    """One response of every public kind, by name."""
    municipality = f.MunicipalityFactory(name="Kiel")
    profile = f.city_profile(municipality=municipality)
    image = f.image()
    rendition = image.get_rendition("width-100")
    document = get_document_model().objects.create(
        title="Report", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="report.pdf")
    )
    return {
        "home page": client.get(f.home_page().url),
        "city profile": client.get(profile.url),
        "submission form": client.get(reverse("submit")),
        "404": client.get(profile.url + "no-such-page/"),
        "map API": client.get(reverse("map_geojson")),
        "pages API": client.get("/api/v2/pages/"),
        "API schema": client.get(reverse("api_schema")),
        "open-data CSV": client.get(reverse("opendata_download", args=["municipalities", "csv"])),
        "open-data GeoJSON": client.get(reverse("opendata_download", args=["municipalities", "geojson"])),
        "static file": client.get("/static/js/map.js"),
        "image rendition": client.get(rendition.url),
        "document": client.get(document.url),
    }


def test_every_public_response_kind_carries_the_security_headers(client):
    responses = public_responses(client)

    for kind, response in responses.items():
        expected = 404 if kind == "404" else 200
        assert response.status_code == expected, (kind, response.status_code)
        csp = assert_safe_headers(response)
        if kind not in {"document", "image rendition"}:
            # The site's own policy: scripts from our origin only, never framed.
            assert csp["script-src"] == ["'self'"], kind
            assert csp["frame-ancestors"] == ["'none'"], kind
            assert csp["object-src"] == ["'none'"], kind


def test_uploaded_files_get_a_policy_that_runs_nothing(client):
    responses = public_responses(client)

    for kind in ("document", "image rendition"):
        assert directives(responses[kind])["default-src"] == ["'none'"], kind
    assert responses["document"]["Content-Type"] == "application/pdf"


def test_the_admin_has_its_own_looser_policy_but_still_no_framing_by_others(client):
    response = client.get(reverse("wagtailadmin_login"))

    assert response.status_code == 200
    csp = directives(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's admin needs it (SECURITY.md)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_public_policy_allows_the_map_tiles_only_when_a_tile_server_is_set():
    from site_config.settings import base

    img = base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    if base.MAP_TILE_URL:
        host = base.MAP_TILE_URL.split("/")[2].replace("{s}", "*")
        assert any(source.endswith(host) for source in img)
    assert "'unsafe-inline'" not in base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
