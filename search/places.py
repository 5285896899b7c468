"""Place suggestions for the municipality field: listed municipalities first, then the gazetteer.

Both are matched by prefix on accent-folded names (`core.text.fold`), in memory:
the gazetteer's index is built once per process, the listed municipalities' index is rebuilt
only when a cheap fingerprint of the table (count, highest id, last change) changes.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Max
from django.urls import reverse

from cityprofiles.countries import COUNTRY_NAMES, country_name
from cityprofiles.gazetteer import places_starting_with
from cityprofiles.live import live_profiles
from cityprofiles.models import Municipality
from core.http import FilterError
from core.prefix import PrefixIndex, Rebuilt
from core.sites import page_path
from core.text import fold, squeeze

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_RESULTS = 10
# Letters of any script, digits, spaces and the punctuation place names use
# ("Frankfurt (Oder)", "L'Aquila", "St. Gallen", "Castrop-Rauxel", "Bourg-en-Bresse/Brou").
_ALLOWED = re.compile(r"^(?:[^\W_]|[ '’.,()/\-])+$")


def clean_query(text):
    """The query as matched (NFC, spaces collapsed), or "" when too short to suggest anything.

    Raises FilterError when it is longer than MAX_QUERY_LENGTH or holds characters no place name has.
    """
    text = squeeze(text)
    if len(text) > MAX_QUERY_LENGTH:
        raise FilterError("q", f"Type at most {MAX_QUERY_LENGTH} characters.")
    if len(text) < MIN_QUERY_LENGTH:
        return ""
    if not _ALLOWED.match(text):
        raise FilterError("q", "Use letters, digits, spaces and the punctuation of place names (- ' . , ( ) /).")
    return text if len(fold(text)) >= MIN_QUERY_LENGTH else ""


def clean_country(code):
    """The upper-case ISO code of a covered country, or "" when none was given; raises FilterError."""
    code = (code or "").strip().upper()
    if code and code not in COUNTRY_NAMES:
        raise FilterError("country", f"Unknown country “{code[:10]}”. Give an ISO 3166-1 code such as DE.")
    return code


@dataclass(frozen=True, slots=True)
class ListedPlace:
    """A listed municipality as the suggestion index keeps it."""

    key: str
    pk: int
    name: str
    country: str
    latitude: float | None
    longitude: float | None
    population: int
    slug: str
    geonames_id: int | None


def build_listed_index():
    """A prefix index of every listed municipality by folded name."""
    rows = (
        Municipality.objects.live()
        .order_by()
        .values_list("pk", "name", "country", "latitude", "longitude", "population", "slug", "geonames_id")
    )
    places = (
        ListedPlace(fold(name), pk, name, country, lat, lng, population or 0, slug, geonames_id)
        for pk, name, country, lat, lng, population, slug, geonames_id in rows
    )
    return PrefixIndex((place.key, place) for place in places)


_listed = Rebuilt(build_listed_index)


def listed_index():
    """The prefix index of listed municipalities, rebuilt when a cheap fingerprint of the table
    (count, highest id, last change) moved on: one small query when nothing changed."""
    fingerprint = tuple(
        Municipality.objects.live().aggregate(n=Count("pk"), top=Max("pk"), changed=Max("updated_at")).values()
    )
    return _listed.get(fingerprint)


def listed_matches(key, country):
    """Listed municipalities whose folded name starts with `key`: exact names first, then by size."""
    matches = [place for place in listed_index().starting_with(key) if not country or place.country == country]
    return sorted(matches, key=lambda place: (place.key != key, -place.population, place.name))


def profile_paths(ids, site_root_path):
    """Municipality id → the address of its live, public city profile, for those that have one.

    `site_root_path` is a callable giving the site root's url_path, asked only when needed.
    """
    if not ids:
        return {}
    paths, root = {}, None
    for municipality_id, url_path in (
        live_profiles().filter(municipality_id__in=ids).order_by("pk").values_list("municipality_id", "url_path")
    ):
        root = root if root is not None else site_root_path()
        paths.setdefault(municipality_id, page_path(url_path, root))
    return paths


def suggest(query, country="", site_root_path=lambda: "/", limit=MAX_RESULTS):
    """Up to `limit` suggestions (dicts) for a cleaned query: listed municipalities, then gazetteer places.

    `site_root_path` is a callable giving the site root's url_path (for profile addresses).
    """
    key = fold(query)
    listed = listed_matches(key, country)[:limit]
    profiles = profile_paths([place.pk for place in listed], site_root_path)
    results = [
        {
            "name": place.name,
            "country": place.country,
            "country_name": str(country_name(place.country)),
            "latitude": place.latitude,
            "longitude": place.longitude,
            "listed": True,
            "municipality_id": place.pk,
            "url": profiles.get(place.pk) or reverse("municipality_detail", kwargs={"slug": place.slug}),
        }
        for place in listed
    ]
    seen = {(place.key, place.country) for place in listed}
    seen_ids = {place.geonames_id for place in listed if place.geonames_id}
    # Each listed match hides at most two gazetteer places (same name, same GeoNames id).
    for place in places_starting_with(key, country, limit=limit + 2 * len(listed)):
        if len(results) >= limit:
            break
        if (fold(place.name), place.country) in seen or place.geonames_id in seen_ids:
            continue
        results.append(
            {
                "name": place.name,
                "country": place.country,
                "country_name": str(country_name(place.country)),
                "latitude": place.latitude,
                "longitude": place.longitude,
                "listed": False,
                "municipality_id": None,
                "url": None,
            }
        )
    return results
