#!/usr/bin/env python
"""Time, size and query count of every open-data download (CSV and GeoJSON) and of the /data/
page, at 1,000 and 10,000 municipalities, measured in-process with Django's test client.

Every third municipality is a member of a network with eight commitment criteria (half of them
recorded), and PRACTICES practices are published, so every file has rows to write.

    .venv/bin/python benchmarks/exports.py                 # a throw-away SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mc_bench .venv/bin/python benchmarks/exports.py

With DATABASE_URL the named database is emptied and filled: do not point it at real data.
"""

import statistics
import time

from setup_django import fresh_database, setup

setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from cityprofiles.models import (  # noqa: E402
    CommitmentCriterion,
    CommitmentStatus,
    Membership,
    Municipality,
    PracticeIndexPage,
    PracticePage,
)
from cityprofiles.scale import seed_municipalities  # noqa: E402
from opendata.exports import EXPORTS  # noqa: E402

RUNS = 3
PRACTICES = 300


def seed_commitments_and_practices():
    """Eight criteria for the seeder's network, a recorded status for half of them, and live practices."""
    membership = Membership.objects.select_related("network").first()
    network = membership.network
    criteria = [
        CommitmentCriterion.objects.get_or_create(
            network=network, key=f"demand-{n}", defaults={"title": f"Demand {n}", "sort_order": n}
        )[0]
        for n in range(8)
    ]
    done = set(CommitmentStatus.objects.values_list("membership_id", "criterion_id"))
    CommitmentStatus.objects.bulk_create(
        [
            CommitmentStatus(membership_id=pk, criterion=criterion, decided="yes", fulfilled="unknown")
            for pk in Membership.objects.values_list("pk", flat=True)
            for criterion in criteria[:4]
            if (pk, criterion.pk) not in done
        ],
        batch_size=1000,
    )
    home = Site.objects.get(is_default_site=True).root_page
    index = PracticeIndexPage.objects.first() or home.add_child(
        instance=PracticeIndexPage(title="Practices", slug="practices")
    )
    towns = list(Municipality.objects.order_by("pk").values_list("pk", flat=True)[:PRACTICES])
    for town in towns[PracticePage.objects.count() :]:
        index.add_child(
            instance=PracticePage(
                title=f"Practice {town}", slug=f"practice-{town}", summary="Summary.", municipality_id=town, live=True
            )
        )


def measure(client, url):
    """Median milliseconds of RUNS full downloads, with the body's size and the query count."""
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(body), len(queries)


def main():
    fresh_database()
    client = Client()
    print(f"database: {connection.vendor}; median of {RUNS} full downloads")
    print(f"{'places':>7}  {'GET':<40} {'rows':>7} {'ms':>8} {'bytes':>11} {'queries':>8}")
    for target in (1_000, 10_000):
        seed_municipalities(target - Municipality.objects.count())
        seed_commitments_and_practices()
        client.get("/data/")  # warm per-process caches (site root paths), as on a running site
        ms, size, queries = measure(client, "/data/")
        print(f"{target:>7}  {'/data/ (page)':<40} {'':>7} {ms:>8.1f} {size:>11,} {queries:>8}")
        for name, export in EXPORTS.items():
            rows = export.count(export.parse(QueryDict()))
            for url in (f"/data/{name}.csv", f"/data/{name}.geojson", f"/data/{name}.csv?country=DE"):
                ms, size, queries = measure(client, url)
                shown = rows if "?" not in url else ""
                print(f"{target:>7}  {url:<40} {shown:>7} {ms:>8.1f} {size:>11,} {queries:>8}")


if __name__ == "__main__":
    main()
