#!/usr/bin/env python
"""Median latency of the search page (`/search/?q=…`, realistic queries) and of the header box's
suggestions (`/search/autocomplete/?q=…`, keystroke by keystroke) with 10,000 municipalities and
2,000 published practices, measured in-process with Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mc_bench_search .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py            # a throw-away SQLite database

With DATABASE_URL the named database is emptied and filled: do not point it at real data.
"""

import itertools
import statistics
import time

from setup_django import fresh_database, setup

setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from cityprofiles.models import (  # noqa: E402
    CityIndexPage,
    CityProfilePage,
    Municipality,
    NetworkIndexPage,
    PracticeIndexPage,
    PracticePage,
)
from cityprofiles.scale import seed_municipalities  # noqa: E402
from tests.factories import home_page  # noqa: E402  (the site's home, created again after a flush)

MUNICIPALITIES, PRACTICES, PROFILES = 10_000, 2_000, 200
RUNS = 15
TOPICS = [
    "Housing first for refugees",
    "City card for all residents",
    "Health care without papers",
    "Welcome centre for newcomers",
    "Language café",
    "Safe harbour reception programme",
    "Wohnraum für Geflüchtete",
    "Gesundheitskarte für Asylsuchende",
    "School places for every child",
    "Legal advice on residence",
]
SEARCHES = [
    "Berlin",
    "Koln",
    "Gdansk",
    "housing",
    "health care",
    "city card",
    "Wohnraum",
    "safe harbour",
    "welcome centre Hamburg",
    "language",
]
KEYSTROKES = ["be", "ber", "berl", "ko", "kol", "koln", "ho", "hou", "housing", "gda", "neust", "safe h"]


def seed_pages(municipalities):
    """City profiles for the first PROFILES municipalities and PRACTICES practices spread over
    the rest, published (live) without revisions, which is all the public site reads."""
    home = home_page()
    cities = home.add_child(instance=CityIndexPage(title="Cities", slug="cities"))
    practices = home.add_child(instance=PracticeIndexPage(title="Good practices", slug="practices"))
    home.add_child(instance=NetworkIndexPage(title="Networks", slug="networks"))
    for n, municipality in enumerate(municipalities[:PROFILES]):
        cities.add_child(
            instance=CityProfilePage(
                title=municipality.name,
                slug=f"{municipality.slug}-{n}",
                municipality=municipality,
                summary=f"Summary of {municipality.name}.",
            )
        )
    places = itertools.cycle(municipalities)
    for n in range(PRACTICES):
        place, topic = next(places), TOPICS[n % len(TOPICS)]
        practices.add_child(
            instance=PracticePage(
                title=f"{topic} in {place.name}",
                slug=f"practice-{n}",
                municipality=place,
                start_year=2020,
                summary=f"{topic}: how {place.name} does it, and what others can learn from it.",
            )
        )


def median_ms(client, urls):
    """Median wall time in milliseconds of GETs of `urls`, each repeated RUNS times."""
    times = []
    for url in urls:
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main():
    """Seed, index, and print the figures."""
    fresh_database()
    start = time.perf_counter()
    # The pages are indexed once afterwards (update_index), not one by one as they are saved.
    backends = {name: {**config, "AUTO_UPDATE": False} for name, config in settings.WAGTAILSEARCH_BACKENDS.items()}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        seed_municipalities(MUNICIPALITIES - Municipality.objects.count())
        seed_pages(list(Municipality.objects.order_by("pk")))
    seeded = time.perf_counter() - start
    start = time.perf_counter()
    call_command("update_index", verbosity=0)
    indexed = time.perf_counter() - start
    client = Client()
    print(
        f"database: {connection.vendor}; {Municipality.objects.count():,} municipalities, "
        f"{PracticePage.objects.live().count():,} practices, {CityProfilePage.objects.live().count():,} profiles "
        f"(seeded in {seeded:.0f} s, search index built in {indexed:.0f} s); {RUNS} runs per URL"
    )
    start = time.perf_counter()
    client.get("/search/autocomplete/?q=ber")
    print(f"{'autocomplete, first call (builds the index)':<48} {(time.perf_counter() - start) * 1000:>8.1f} ms")
    for label, urls in (
        ("autocomplete, per keystroke (median)", [f"/search/autocomplete/?q={q}" for q in KEYSTROKES]),
        ("search page /search/?q= (median)", [f"/search/?q={q}" for q in SEARCHES]),
    ):
        print(f"{label:<48} {median_ms(client, urls):>8.1f} ms")
    for q in SEARCHES:
        print(f"  /search/?q={q:<28} {median_ms(client, [f'/search/?q={q}']):>8.1f} ms")


if __name__ == "__main__":
    main()
