"""Production settings pass Django's deployment checks, and their HTTPS headers reach every response."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "movingcities.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://movingcities.example",
}


def production_environment():
    """This process's environment without the test run's DJANGO_* variables (such as the browser
    tests' DJANGO_ALLOW_ASYNC_UNSAFE), plus what production needs."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **PRODUCTION_ENV}


def run_with_production_settings(*args):
    """Run manage.py with the production settings and the environment they need."""
    env = production_environment()
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_reports_nothing():
    result = run_with_production_settings("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


HTTPS_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
]


@pytest.fixture
def production_https(settings):
    """The production values of the HTTPS settings, read from the real production settings module."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))"
    )
    env = production_environment()
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    for name, value in values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return values


@pytest.mark.django_db
def test_every_response_over_https_carries_hsts(client, production_https):
    assert production_https["SECURE_HSTS_SECONDS"] >= 31536000
    profile = f.city_profile()
    https = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "testserver"}

    responses = {
        "page": client.get(profile.url, **https),
        "404": client.get(profile.url + "missing/", **https),
        "API": client.get(reverse("map_geojson"), **https),
        "open data": client.get(reverse("opendata_download", args=["municipalities", "csv"]), **https),
        "static": client.get("/static/js/map.js", **https),
        "admin": client.get(reverse("wagtailadmin_login"), **https),
    }

    for kind, response in responses.items():
        assert response.status_code in (200, 404), (kind, response.status_code)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", kind
        assert "upgrade-insecure-requests" in response["Content-Security-Policy"], kind
    # Plain HTTP is sent to HTTPS.
    plain = client.get(profile.url)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
