#!/usr/bin/env python
"""Median latency of the map's GeoJSON endpoint (cold and cached) and of the home page,
at 1,000 and 10,000 municipalities, measured in-process with Django's test client.

    .venv/bin/python benchmarks/map.py                 # a throw-away SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mc_bench .venv/bin/python benchmarks/map.py

With DATABASE_URL the named database is emptied and filled: do not point it at real data.
"""

import statistics
import time

from setup_django import fresh_database, setup

setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from cityprofiles.models import Municipality  # noqa: E402
from cityprofiles.scale import seed_municipalities  # noqa: E402

RUNS_COLD, RUNS_CACHED = 7, 25


def median_ms(client, url, runs, cold):
    """Median wall time of `runs` GETs in milliseconds; `cold` clears the cache before each."""
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(response.content)


def main():
    fresh_database()
    client = Client()
    print(f"database: {connection.vendor}; runs: {RUNS_COLD} cold, {RUNS_CACHED} cached (median ms)")
    print(f"{'places':>7}  {'endpoint':<24} {'cold ms':>8} {'cached ms':>10} {'bytes':>10}")
    for target in (1_000, 10_000):
        seed_municipalities(target - Municipality.objects.count())
        for label, url in (
            ("GET /api/v2/map/", "/api/v2/map/"),
            ("GET /api/v2/map/?country=DE", "/api/v2/map/?country=DE"),
            ("GET / (home page)", "/"),
        ):
            cold, size = median_ms(client, url, RUNS_COLD, cold=True)
            cached, _ = median_ms(client, url, RUNS_CACHED, cold=False)
            print(f"{target:>7}  {label:<24} {cold:>8.1f} {cached:>10.1f} {size:>10,}")


if __name__ == "__main__":
    main()
