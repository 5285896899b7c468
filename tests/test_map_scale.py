"""The map endpoint at 10,000 municipalities: constant query count, compact response."""

import pytest
from django.core.cache import cache

from cityprofiles.scale import seed_municipalities
from tests import factories as f

pytestmark = pytest.mark.django_db

MAX_BYTES = 1_500_000


def test_map_endpoint_scales_to_ten_thousand_municipalities(client, django_assert_max_num_queries):
    f.practice(policy_fields=[f.PolicyFieldFactory(slug="housing")])
    f.city_profile()
    seed_municipalities(100)
    with django_assert_max_num_queries(12) as small:
        assert client.get("/api/v2/map/").status_code == 200

    seed_municipalities(9_898)
    cache.clear()
    with django_assert_max_num_queries(12) as large:
        response = client.get("/api/v2/map/")

    assert response.status_code == 200
    assert len(response.json()["features"]) == 10_000
    assert len(large) == len(small)
    assert len(response.content) < MAX_BYTES, f"{len(response.content):,} bytes"
