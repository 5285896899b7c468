"""Redis goes away: the site keeps serving, uncached (django-redis with IGNORE_EXCEPTIONS, as the
production settings configure it); with Redis there, responses are really cached in it."""

import uuid

import pytest
import redis
from django.urls import reverse

from operations.config import redis_cache
from submissions.models import Submission
from tests import factories as f
from tests.test_api_submissions import payload, post
from tests.test_health import closed_port

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/0"


def some_content():
    """A city profile and a practice: the home map, the map API and search have something to show."""
    profile = f.city_profile(f.MunicipalityFactory(name="Kiel", country="DE"))
    practice = f.practice(title="Welcome café in Kiel", municipality=profile.municipality)
    return profile, practice


def browse_and_submit(client):
    """Visit the pages that use the cache and post a submission (the rate limit counts in the cache)."""
    profile, practice = some_content()
    for url in [
        f.home_page().url,
        profile.url,
        practice.url,
        reverse("map_geojson"),
        reverse("search") + "?q=Kiel",
        reverse("healthz"),
    ]:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 503), (url, response.status_code)
        if url != reverse("healthz"):
            assert response.status_code == 200, url
    assert "Kiel" in client.get(reverse("map_geojson")).content.decode()
    created = post(client, payload(client, title="Sent while the cache is away"))
    assert created.status_code == 201, created.content
    assert Submission.objects.filter(title="Sent while the cache is away").exists()


def test_the_site_serves_uncached_when_redis_is_unreachable(client, settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}

    browse_and_submit(client)

    assert client.get(reverse("healthz")).status_code == 503


def test_with_redis_running_responses_are_cached_in_it(client, settings):
    prefix = f"test-cache-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {"default": {**redis_cache(REDIS_URL), "KEY_PREFIX": prefix}}
    server = redis.Redis.from_url(REDIS_URL)
    try:
        browse_and_submit(client)

        keys = [key.decode() for key in server.scan_iter(f"{prefix}:*")]
        assert any("map:geojson" in key for key in keys), keys
        assert any("submissions:rate" in key for key in keys), keys
        assert client.get(reverse("healthz")).status_code == 200
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
