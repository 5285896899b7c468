"""/healthz/ reports the database and the cache: 200 when both work, 503 when the cache is away,
never cacheable, outside the language prefixes. (A stopped database: tests/test_database_outage.py.)"""

import socket

import pytest
from django.urls import reverse

from operations.config import redis_cache

pytestmark = pytest.mark.django_db


def closed_port():
    """A local TCP port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_200_with_database_and_cache_ok_and_never_cached(client):
    response = client.get(reverse("healthz"))

    assert reverse("healthz") == "/healthz/"
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and body["cache"]["ok"] is True
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "no-cache" in cache_control and "max-age=0" in cache_control
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True
    assert body["cache"] == {"ok": False, "detail": "no round trip"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_200_with_the_real_redis(client, settings):
    settings.CACHES = {"default": {**redis_cache("redis://127.0.0.1:6379/0"), "KEY_PREFIX": "test-healthz"}}

    body = client.get(reverse("healthz")).json()

    assert body["cache"] == {"ok": True, "detail": "RedisCache"}
