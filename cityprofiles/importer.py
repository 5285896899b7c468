"""Import municipalities from a CSV file: validate, place with the gazetteer, and never duplicate.

Columns (a header row is required; only `name` and `country` are mandatory):
name, country, region, kind, latitude, longitude, population, population_year, website,
wikidata_id, geonames_id, lau_code, listing_reason, network, member_since, membership_status, source_url
"""

import csv
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cityprofiles.countries import COUNTRY_NAMES
from cityprofiles.dates import parse_partial_date
from cityprofiles.gazetteer import locate
from cityprofiles.models import Membership, Municipality, Network
from core.text import fold

REQUIRED_COLUMNS = {"name", "country"}
KINDS = {k.value for k in Municipality.Kind}
STATUSES = {s.value for s in Membership.Status}


@dataclass
class ImportReport:
    """What an import did, and the rows it could not take, with line numbers and reasons."""

    created: int = 0
    updated: int = 0
    memberships: int = 0
    problems: list = field(default_factory=list)

    def problem(self, line, name, reason):
        self.problems.append((line, name, reason))


class RowError(Exception):
    """A row that cannot be imported; the message says why."""


def _number(value, kind, column, low=None, high=None):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise RowError(f"{column} “{value}” is not a number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise RowError(f"{column} {number} is out of range ({low} to {high})")
    return number


def _find_existing(row, geonames_id):
    """The municipality this row describes, by identifier first, then by name and country."""
    return Municipality.objects.match(
        row["name"],
        row["country"],
        wikidata_id=row.get("wikidata_id", ""),
        geonames_id=geonames_id,
        lau_code=row.get("lau_code", ""),
    )


def import_row(row, networks):
    """Create or update one municipality (and its membership) from a cleaned CSV row.

    Returns (municipality, created, membership_created). Raises RowError for bad rows.
    """
    name, country = row.get("name", ""), row.get("country", "").upper()
    row["country"] = country
    if not name:
        raise RowError("name is empty")
    if country not in COUNTRY_NAMES:
        raise RowError(f"unknown country code “{country}” (use ISO codes such as DE, IT, GB)")
    kind = row.get("kind") or "city"
    if kind not in KINDS:
        raise RowError(f"unknown kind “{kind}” (use {', '.join(sorted(KINDS))})")
    network = None
    if row.get("network"):
        network = networks.get(row["network"])
        if network is None:
            raise RowError(f"unknown network “{row['network']}”")

    latitude, longitude, geonames_id = row.get("latitude"), row.get("longitude"), row.get("geonames_id")
    geonames_id = _number(geonames_id, int, "geonames_id", 1) if geonames_id else None
    if latitude or longitude:
        latitude = _number(latitude, float, "latitude", -90, 90)
        longitude = _number(longitude, float, "longitude", -180, 180)
    else:
        place = locate(name, country)
        if place is None:
            raise RowError("not found in the gazetteer; add latitude and longitude")
        latitude, longitude = place.latitude, place.longitude
        geonames_id = geonames_id or place.geonames_id

    municipality = _find_existing(row, geonames_id)
    created = municipality is None
    if created:
        municipality = Municipality(name=name, country=country)
    municipality.kind = kind
    municipality.latitude, municipality.longitude, municipality.location = latitude, longitude, ""
    for column in ("region", "website", "wikidata_id", "lau_code", "listing_reason", "alternate_names"):
        if row.get(column):
            setattr(municipality, column, row[column])
    if row.get("population"):
        municipality.population = _number(row["population"], int, "population", 0)
    if row.get("population_year"):
        municipality.population_year = _number(row["population_year"], int, "population_year", 1900, 2100)
    if geonames_id and not Municipality.objects.filter(geonames_id=geonames_id).exclude(pk=municipality.pk).exists():
        municipality.geonames_id = geonames_id
    try:
        municipality.full_clean(exclude=["slug", "sources"])
    except ValidationError as error:
        raise RowError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
    municipality.save()

    membership_created = False
    if network:
        try:
            since, precision = parse_partial_date(row.get("member_since"))
        except ValueError as error:
            raise RowError(str(error)) from None
        status = row.get("membership_status") or Membership.Status.MEMBER
        if status not in STATUSES:
            raise RowError(f"unknown membership status “{status}”")
        _, membership_created = Membership.objects.update_or_create(
            municipality=municipality,
            network=network,
            defaults={
                "since": since,
                "since_precision": precision,
                "status": status,
                "source_url": row.get("source_url", ""),
            },
        )
    return municipality, created, membership_created


def read_rows(path):
    """Read the CSV into dicts with stripped values; raises RowError for a missing header."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise RowError(f"the header lacks the column(s) {', '.join(sorted(missing))}")
        return [
            (line, {k.strip(): (v or "").strip() for k, v in row.items() if k})
            for line, row in enumerate(reader, start=2)
        ]


def import_municipalities(rows, progress=lambda rows: rows):
    """Import (line, row) pairs; each row commits on its own, so one bad row loses nothing else."""
    report = ImportReport()
    networks = {n.slug: n for n in Network.objects.all()}
    seen = {}
    for line, row in progress(rows):
        key = (fold(row.get("name", "")), row.get("country", "").upper())
        if key in seen:
            report.problem(line, row.get("name", ""), f"same municipality as line {seen[key]}; skipped")
            continue
        try:
            with transaction.atomic():
                _, created, membership_created = import_row(dict(row), networks)
        except RowError as error:
            report.problem(line, row.get("name", ""), str(error))
            continue
        seen[key] = line
        report.created += created
        report.updated += not created
        report.memberships += membership_created
    return report
