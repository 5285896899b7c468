"""What the open-data files hold. Each file's columns are defined once, here, as (name, meaning,
example, getter); the CSV header and rows, the GeoJSON properties and the column tables on the
/data/ page are all made from these definitions, so the documentation cannot drift from the files.

Rows come from the same functions the site's views use: the map's MunicipalityFilterSet and
place_facts for places, memberships and commitments, the practice index's FilterSet for practices.
Every query is bounded: rows are read in chunks (each chunk with its related rows prefetched), so an
export costs a handful of queries per CHUNK rows, never one per row.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cityprofiles.filters import filter_municipalities
from cityprofiles.models import CommitmentCriterion, CommitmentStatus, Membership, PolicyField
from cityprofiles.places import place_facts
from opendata.datasets import CHUNK, Column, Export, batches, partial_date, position

# Places -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A municipality with the facts the map shows about it."""

    municipality: Any
    networks: list
    policy_fields: list
    practices: int
    has_profile: bool
    url: str


def place_rows(filters, context):
    """The municipalities the map shows for `filters`, by name, with their networks, practices and page."""
    municipalities = filter_municipalities(filters).order_by("name", "pk")
    networks, fields, counts, profiles = place_facts(municipalities)
    page_template = reverse("municipality_detail", kwargs={"slug": "0"}).replace("/0/", "/{}/")
    for municipality in municipalities.defer("sources").iterator(chunk_size=CHUNK):
        pk, profile = municipality.pk, profiles.get(municipality.pk)
        url = context.page_url(profile) if profile else context.absolute(page_template.format(municipality.slug))
        yield Place(municipality, networks.get(pk, []), fields.get(pk, []), counts.get(pk, 0), profile is not None, url)


def _place(attribute):
    return lambda place: getattr(place.municipality, attribute)


MUNICIPALITY_COLUMNS = (
    Column(
        "id", _("The municipality's number on this site; its page is /municipalities/id/<id>/."), "42", _place("pk")
    ),
    Column("name", _("Name."), "Palermo", _place("name")),
    Column("country", _("Country, as an ISO 3166-1 alpha-2 code."), "IT", _place("country")),
    Column("region", _("Region or state; empty when not known."), "Sicily", _place("region")),
    Column("kind", _("One of city, municipality, district, city-state."), "city", _place("kind")),
    Column("latitude", _("Latitude in decimal degrees (WGS 84)."), "38.11582", _place("latitude")),
    Column("longitude", _("Longitude in decimal degrees (WGS 84)."), "13.35976", _place("longitude")),
    Column("population", _("Number of inhabitants; empty when not known."), "630828", _place("population")),
    Column("population_year", _("Year the population was counted."), "2021", _place("population_year")),
    Column("website", _("The municipality's own website."), "https://www.comune.palermo.it/", _place("website")),
    Column("wikidata_id", _("Wikidata item."), "Q2656", _place("wikidata_id")),
    Column("geonames_id", _("GeoNames identifier."), "2523920", _place("geonames_id")),
    Column("lau_code", _("Eurostat local administrative unit (LAU) code."), "082053", _place("lau_code")),
    Column(
        "networks",
        _("Networks it belongs to now (their short identifiers), separated by “;”."),
        "safe-harbours;solidarity-cities",
        lambda place: place.networks,
    ),
    Column(
        "policy_fields",
        _("Policy fields of its published good practices, separated by “;”."),
        "health;housing",
        lambda place: place.policy_fields,
    ),
    Column("practices", _("Number of its published good practices."), "2", lambda place: place.practices),
    Column("has_profile", _("true when it has a published city profile."), "true", lambda place: place.has_profile),
    Column(
        "url",
        _("Its page on this site: the city profile, or the municipality's page."),
        "https://example.org/cities/palermo/",
        lambda place: place.url,
    ),
    Column("listing_reason", _("Why it is listed."), "Signed the Palermo Charter (2015).", _place("listing_reason")),
    Column(
        "last_reviewed",
        _("When the editors last checked the entry (YYYY-MM-DD)."),
        "2024-05-02",
        _place("last_reviewed"),
    ),
)


# Memberships and commitments -----------------------------------------------------------------------

# What the membership and commitment rows read; the rest (sources and other long fields) stays unloaded.
MEMBERSHIP_FIELDS = (
    "status",
    "since",
    "since_precision",
    "until",
    "source_url",
    "municipality__name",
    "municipality__country",
    "municipality__latitude",
    "municipality__longitude",
    "network__slug",
    "network__name",
)


def membership_queryset(filters):
    """Memberships of the municipalities the map shows for `filters` (of the chosen network only, if any)."""
    memberships = Membership.objects.filter(municipality__in=filter_municipalities(filters).values("pk"))
    if filters.get("network"):
        memberships = memberships.filter(network=filters["network"])
    return (
        memberships.select_related("municipality", "network")
        .only(*MEMBERSHIP_FIELDS)
        .order_by("municipality__name", "municipality_id", "network__slug")
    )


def membership_rows(filters, context):
    """Each membership, current or ended, ordered by municipality and network."""
    return membership_queryset(filters).iterator(chunk_size=CHUNK)


@dataclass(frozen=True)
class CommitmentRow:
    """One criterion of a network for one member, with the member's status (None when not recorded)."""

    membership: Any
    criterion: Any
    status: Any

    @property
    def municipality(self):
        """The member municipality."""
        return self.membership.municipality


def commitment_rows(filters, context):
    """One row per membership and criterion of its network, in the network's order, with the member's
    status or None (unknown), as Membership.commitment_rows gives them on the pages.

    Criteria are read once per export and statuses once per CHUNK memberships, into plain dicts:
    prefetching through the models' managers, as the pages do, costs about a millisecond per
    membership (seconds at 10,000 places).
    """
    memberships = membership_queryset(filters)
    criteria = {}
    for criterion in CommitmentCriterion.objects.filter(network__in=memberships.values("network_id")).order_by(
        "sort_order", "pk"
    ):
        criteria.setdefault(criterion.network_id, []).append(criterion)
    for batch in batches(memberships.iterator(chunk_size=CHUNK), CHUNK):
        recorded = {
            (status.membership_id, status.criterion_id): status
            for status in CommitmentStatus.objects.filter(membership__in=[m.pk for m in batch])
        }
        for membership in batch:
            for criterion in criteria.get(membership.network_id, []):
                yield CommitmentRow(membership, criterion, recorded.get((membership.pk, criterion.pk)))


def count_commitments(filters):
    """How many (membership, criterion) rows the commitments file has."""
    return CommitmentCriterion.objects.filter(
        network__memberships__in=membership_queryset(filters).values("pk")
    ).count()


def _member(attribute):
    return lambda row: getattr(row.municipality, attribute)


MEMBER_COLUMNS = (
    Column("municipality_id", _("The municipality's id (the id column of municipalities.csv)."), "42", _member("pk")),
    Column("municipality", _("The municipality's name."), "Palermo", _member("name")),
    Column("country", _("Country, as an ISO 3166-1 alpha-2 code."), "IT", _member("country")),
    Column("network", _("The network's short identifier."), "safe-harbours", lambda row: row.network.slug),
    Column("network_name", _("The network's name."), "Safe Harbours (Sichere Häfen)", lambda row: row.network.name),
)

MEMBERSHIP_COLUMNS = MEMBER_COLUMNS + (
    Column("status", _("One of member, declared (council decision), applied, former."), "member", lambda m: m.status),
    Column(
        "since",
        _("Member since: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as known."),
        "2019-06",
        lambda m: partial_date(m.since, m.since_precision),
    ),
    Column("until", _("Member until (YYYY-MM-DD); empty while the membership lasts."), "", lambda m: m.until),
    Column(
        "source_url",
        _("Where the membership is documented."),
        "https://seebruecke.org/sichere-haefen/",
        lambda m: m.source_url,
    ),
)

COMMITMENT_COLUMNS = (
    *(Column(c.name, c.description, c.example, lambda row, get=c.get: get(row.membership)) for c in MEMBER_COLUMNS),
    Column(
        "criterion",
        _("The commitment's stable identifier within the network."),
        "reception",
        lambda row: row.criterion.key,
    ),
    Column(
        "criterion_title",
        _("What the network asks of its members."),
        "Take in people rescued at sea",
        lambda row: row.criterion.title,
    ),
    Column(
        "decided",
        _("Has the council decided on it: yes, no or unknown."),
        "yes",
        lambda row: row.status.decided if row.status else "unknown",
    ),
    Column(
        "fulfilled",
        _("Has it been put into practice: yes, no or unknown."),
        "unknown",
        lambda row: row.status.fulfilled if row.status else "unknown",
    ),
    Column(
        "evidence_url",
        _("Where the status is documented."),
        "https://example.org/council-decision",
        lambda row: row.status.evidence_url if row.status else "",
    ),
    Column(
        "last_updated",
        _("When the status was last checked (YYYY-MM-DD)."),
        "2024-03-01",
        lambda row: row.status.last_updated if row.status else None,
    ),
)


# Practices ------------------------------------------------------------------------------------


def practice_rows(filterset, context):
    """The live practices the practice index shows for the same filters, by title."""
    practices = (
        filterset.qs.select_related("municipality")
        .prefetch_related(Prefetch("policy_fields", queryset=PolicyField.objects.order_by("slug")))
        .defer("body", "sources", "outcomes", "municipality__sources")
        .order_by("title", "pk")
    )
    for practice in practices.iterator(chunk_size=CHUNK):
        practice.export_url = context.page_url(practice.url_path)
        yield practice


def _municipality(attribute):
    return lambda practice: getattr(practice.municipality, attribute, None)


PRACTICE_COLUMNS = (
    Column("id", _("The practice's page number on this site."), "118", lambda p: p.pk),
    Column("title", _("Title."), "Municipal health card for everyone", lambda p: p.title),
    Column("url", _("Its page on this site."), "https://example.org/practices/health-card/", lambda p: p.export_url),
    Column(
        "municipality_id",
        _("The municipality's id (the id column of municipalities.csv)."),
        "42",
        lambda p: p.municipality_id,
    ),
    Column("municipality", _("The municipality's name."), "Palermo", _municipality("name")),
    Column("country", _("Country, as an ISO 3166-1 alpha-2 code."), "IT", _municipality("country")),
    Column(
        "policy_fields",
        _("Its policy fields (short identifiers), separated by “;”."),
        "health;reception",
        lambda p: [field.slug for field in p.policy_fields.all()],
    ),
    Column("actor", _("Who runs it: municipality, civil-society or joint."), "municipality", lambda p: p.actor),
    Column("status", _("One of running, ended, planned."), "running", lambda p: p.status),
    Column("start_year", _("Year it started."), "2016", lambda p: p.start_year),
    Column("end_year", _("Year it ended; empty while it runs."), "", lambda p: p.end_year),
    Column(
        "summary",
        _("Two or three sentences on what it does."),
        "Every resident gets a health card…",
        lambda p: p.summary,
    ),
    Column(
        "first_published",
        _("When it was first published here (YYYY-MM-DD)."),
        "2023-11-20",
        lambda p: p.first_published_at.date() if p.first_published_at else None,
    ),
    Column("last_updated", _("When the editors last checked it (YYYY-MM-DD)."), "2024-05-02", lambda p: p.last_updated),
)


EXPORTS = {
    export.slug: export
    for export in (
        Export(
            "municipalities",
            _("Municipalities"),
            _("Every municipality on the map, with its position, identifiers, networks and practices."),
            "places",
            place_rows,
            lambda f: filter_municipalities(f).count(),
            lambda place: position(place.municipality),
            MUNICIPALITY_COLUMNS,
        ),
        Export(
            "memberships",
            _("Memberships"),
            _("Which municipality belongs to which network, since when and on what evidence."),
            "places",
            membership_rows,
            lambda f: membership_queryset(f).count(),
            lambda membership: position(membership.municipality),
            MEMBERSHIP_COLUMNS,
        ),
        Export(
            "commitments",
            _("Commitments"),
            _("For each member and each commitment its network asks for: decided, fulfilled, evidence."),
            "places",
            commitment_rows,
            count_commitments,
            lambda row: position(row.municipality),
            COMMITMENT_COLUMNS,
        ),
        Export(
            "practices",
            _("Good practices"),
            _("Every published good practice, with its municipality, policy fields, status and years."),
            "practices",
            practice_rows,
            lambda filterset: filterset.qs.count(),
            lambda practice: position(practice.municipality),
            PRACTICE_COLUMNS,
        ),
    )
}
