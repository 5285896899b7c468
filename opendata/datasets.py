"""What a downloadable data set is: its columns (name, meaning, example, getter), the request facts
its rows need, and the helpers every data set's rows share. The data sets themselves are defined in
opendata/exports.py."""

import itertools
from dataclasses import dataclass
from typing import Any, Callable

from core.sites import page_path
from opendata.filters import MAP_PARAMETERS, PRACTICE_PARAMETERS, map_filters, practice_filters

FILTERS = {"places": (MAP_PARAMETERS, map_filters), "practices": (PRACTICE_PARAMETERS, practice_filters)}

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    """One column of a file: its name, what it means, an example value, and how to read it from a row."""

    name: str
    description: Any
    example: str
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class ExportContext:
    """What rows need from the request: the site root's page path and the scheme and host for addresses."""

    site_root_path: str
    base_url: str

    def page_url(self, url_path):
        """The absolute address of a page given its Wagtail url_path."""
        return self.base_url + page_path(url_path, self.site_root_path)

    def absolute(self, path):
        """An absolute address for a path on this site."""
        return self.base_url + path


@dataclass(frozen=True)
class Export:
    """One downloadable data set (as CSV and as GeoJSON): its filters, rows, columns and map positions."""

    slug: str
    title: Any
    description: Any
    filters: str  # "places": the map's filters; "practices": the practice index's
    rows: Callable  # (filters, ExportContext) → iterable of rows
    count: Callable  # filters → number of rows
    point: Callable  # row → (longitude, latitude) or None
    columns: tuple

    @property
    def parameters(self):
        """The query parameters this file can be filtered by."""
        return FILTERS[self.filters][0]

    def parse(self, query):
        """The filters of a request (cleaned map filters or a bound practice FilterSet); raises FilterError."""
        return FILTERS[self.filters][1](query)

    @property
    def column_names(self):
        """The names of the columns, in file order."""
        return [column.name for column in self.columns]


def partial_date(value, precision):
    """A date as precise as it is known: "2019", "2019-06" or "2019-06-14" (the import's format)."""
    if value is None:
        return None
    return {"year": value.strftime("%Y"), "month": value.strftime("%Y-%m")}.get(precision, value.isoformat())


def position(municipality):
    """The municipality's point (longitude first, as GeoJSON wants it), or None when it has none."""
    if municipality is None or not municipality.has_location:
        return None
    return municipality.longitude, municipality.latitude


def batches(iterable, size):
    """Lists of up to `size` items from `iterable`, in order."""
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
