#!/usr/bin/env python
"""Queries, response size and median latency of the headless API's read endpoints on the demo
content (145 municipalities, 12 profiles, 30 practices), and what a 304 costs, measured
in-process with Django's test client.

    .venv/bin/python benchmarks/api.py                 # a throw-away SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mc_bench .venv/bin/python benchmarks/api.py

With DATABASE_URL the named database is emptied and filled: do not point it at real data.
"""

import statistics
import time

from setup_django import fresh_database, setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cityprofiles.models import CityProfilePage, Municipality, Network  # noqa: E402

RUNS = 15


def measure(client, url):
    """(queries, bytes, median ms) of a GET, and the queries and ms of the conditional repeat."""
    client.get(url)  # warm per-process caches (site root paths, content types)
    reset_queries()  # the query log is bounded: start each count from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # read now: the context reads the (bounded, reset) log lazily
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as conditional:
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304, url
    return query_count, len(response.content), statistics.median(times), len(conditional)


def main():
    fresh_database()
    call_command("load_demo", verbosity=0)
    client = Client()
    profile = CityProfilePage.objects.live().order_by("pk").first()
    network = (
        Network.objects.get(slug="safe-harbours")
        if Network.objects.filter(slug="safe-harbours").exists()
        else Network.objects.first()
    )
    municipality = profile.municipality if profile else Municipality.objects.first()
    urls = [
        "/api/v2/pages/?limit=20",
        "/api/v2/pages/?type=cityprofiles.PracticePage&fields=*&limit=20",
        "/api/v2/pages/?type=cityprofiles.CityProfilePage&fields=*&limit=20",
        f"/api/v2/pages/{profile.pk}/",
        "/api/v2/municipalities/?limit=20",
        "/api/v2/municipalities/?limit=100&fields=*",
        f"/api/v2/municipalities/{municipality.pk}/",
        "/api/v2/networks/?fields=*",
        f"/api/v2/networks/{network.pk}/",
        "/api/v2/policy-fields/?fields=*",
        "/api/v2/map/",
    ]
    print(f"database: {connection.vendor}; {Municipality.objects.count()} municipalities; median of {RUNS} runs")
    print(f"{'endpoint':<66} {'queries':>7} {'bytes':>8} {'ms':>7} {'304 queries':>11}")
    for url in urls:
        queries, size, ms, conditional = measure(client, url)
        print(f"{url:<66} {queries:>7} {size:>8} {ms:>7.1f} {conditional:>11}")


if __name__ == "__main__":
    main()
