"""Municipalities on the map, their network memberships and their commitments."""

import itertools
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from cityprofiles.countries import COUNTRY_CHOICES, country_name
from cityprofiles.widgets import LocationPanel
from core.text import fold
from languages.pages import in_visitor_language
from languages.snippets import in_original_language, network_in_original_language

from .mixins import DemoContentMixin, YesNoUnknown, sources_field
from .taxonomy import CommitmentCriterion, Network

_POINT = re.compile(r"^SRID=(\d+);POINT\s?\((-?[0-9.]+)\s(-?[0-9.]+)\)$")


def format_location(latitude, longitude):
    """Return the point string wagtailgeowidget stores ("SRID=4326;POINT(lng lat)")."""
    return f"SRID=4326;POINT({longitude} {latitude})"


def parse_location(value):
    """Return (latitude, longitude) from a wagtailgeowidget point string, or None."""
    match = _POINT.match((value or "").strip())
    if not match:
        return None
    return float(match.group(3)), float(match.group(2))


def unique_slug(name, country, taken):
    """A slug not in `taken` (which it joins): the name, then name-country, then numbered."""
    base = slugify(name)[:200] or "municipality"
    candidates = itertools.chain(
        [base, f"{base}-{country.lower()}"], (f"{base}-{country.lower()}-{n}" for n in itertools.count(2))
    )
    slug = next(c for c in candidates if c not in taken)
    taken.add(slug)
    return slug


def other_names(alternate_names):
    """The other names in a municipality's alternate_names text (split on lines and commas)."""
    return [name.strip() for name in (alternate_names or "").replace("\n", ",").split(",") if name.strip()]


class MunicipalityQuerySet(models.QuerySet):
    """Municipalities, with the one rule for “is this municipality already listed?” and `live()`, the
    published ones the public may see."""

    def match(self, name, country, *, wikidata_id="", geonames_id=None, lau_code=""):
        """The listed municipality that `name` in `country` (or one of the identifiers) stands for, or None.

        Identifiers first: Wikidata ID, GeoNames ID, LAU code within the country. Then the name
        within the country, folded (case, accents, hyphens and spaces ignored: "Koeln" is not
        "Köln", "koln" is), compared with each listed name first and then with the other names
        (alternate_names: "Cologne" finds Köln). Moderation, the importer and the demo loader all
        decide with this.
        """
        country = (country or "").upper()
        for lookup in (
            {"wikidata_id": wikidata_id} if wikidata_id else None,
            {"geonames_id": geonames_id} if geonames_id else None,
            {"lau_code": lau_code, "country": country} if lau_code and country else None,
        ):
            found = self.filter(**lookup).first() if lookup else None
            if found:
                return found
        key = fold(name)
        if not key or not country:
            return None
        exact = self.filter(name__iexact=(name or "").strip(), country=country).first()
        if exact:
            return exact
        rows = list(self.filter(country=country).order_by("name", "pk").values_list("pk", "name", "alternate_names"))
        pk = next((pk for pk, own, _others in rows if fold(own) == key), None)
        if pk is None:
            pk = next((pk for pk, _own, others in rows if any(fold(o) == key for o in other_names(others))), None)
        return self.get(pk=pk) if pk is not None else None

    def live(self):
        """Published municipalities: a draft (e.g. one a submission asked for) is not public until reviewed."""
        return self.filter(live=True)


class Municipality(WorkflowMixin, DraftStateMixin, RevisionMixin, DemoContentMixin, index.Indexed, ClusterableModel):
    """A city, town, district or city-state on the map. Hundreds exist; most have no profile page.

    Drafts and revisions as for pages: one created from a public submission stays a draft (absent from
    the map, API, exports, search and its own page) until its review is approved and it is published.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        MUNICIPALITY = "municipality", _("municipality")
        DISTRICT = "district", _("district")
        CITY_STATE = "city-state", _("city-state")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, db_index=True)
    region = models.CharField(_("region or state"), max_length=120, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    location = models.CharField(
        _("location"), max_length=250, blank=True, help_text=_("Pick the place on the map or type “lat, lng”.")
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    website = models.URLField(_("website"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata ID looks like Q365."))],
        help_text=_("Prevents duplicates, e.g. Q365 for Köln."),
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames ID"), null=True, blank=True, unique=True)
    lau_code = models.CharField(
        _("LAU code"), max_length=20, blank=True, help_text=_("Eurostat local administrative unit code.")
    )
    alternate_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other common names, one per line or separated by commas (e.g. Cologne, Koeln), so search finds them."
        ),
    )
    listing_reason = models.TextField(_("why it is listed"), blank=True)
    sources = sources_field()
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("alternate_names"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldPanel("kind"),
            ],
            heading=_("Municipality"),
        ),
        LocationPanel("location", hide_latlng=False),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("wikidata_id"), FieldPanel("geonames_id"), FieldPanel("lau_code")]),
            ],
            heading=_("Facts and identifiers"),
        ),
        FieldPanel("listing_reason"),
        InlinePanel("memberships", heading=_("Network memberships"), label=_("Membership")),
        FieldPanel("sources"),
        FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("is_demo")]),
    ]
    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("search_names", boost=5),
        index.SearchField("region"),
        index.SearchField("listing_reason"),
        index.FilterField("country"),
        index.FilterField("kind"),
        index.FilterField("is_demo"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["latitude", "longitude"], name="municipality_lat_lng")]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~models.Q(wikidata_id=""), name="unique_municipality_wikidata_id"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def names(self):
        """Its name followed by its other names."""
        return [self.name] + other_names(self.alternate_names)

    def search_names(self):
        """Every name, also without accents, as one text for the search index ("Köln Koln Cologne")."""
        return " ".join(dict.fromkeys(n for name in self.names() for n in (name, fold(name))))

    @property
    def country_name(self):
        """The country's name in the visitor's language."""
        return country_name(self.country)

    @property
    def has_location(self):
        """True when the municipality can be drawn on the map."""
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if self.location and parse_location(self.location) is None:
            raise ValidationError({"location": _("Pick a point on the map or type “latitude, longitude”.")})
        if self.wikidata_id:
            clash = Municipality.objects.filter(wikidata_id=self.wikidata_id).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError({"wikidata_id": _("%(name)s already has this Wikidata ID.") % {"name": clash}})

    def save(self, *args, **kwargs):
        point = parse_location(self.location)
        if point:
            self.latitude, self.longitude = point
        elif self.has_location:
            self.location = format_location(self.latitude, self.longitude)
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = slugify(self.name)[:200] or "municipality"
        taken = set(
            Municipality.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True)
        )
        return unique_slug(self.name, self.country, taken)

    def get_absolute_url(self):
        """The public page: the city profile where one is live, otherwise the municipality page."""
        profile = self.live_profile
        if profile:
            return profile.url
        return reverse("municipality_detail", kwargs={"slug": self.slug})

    def memberships_with_commitments(self):
        """Its memberships with networks, criteria and commitments loaded in bulk (for its page)."""
        return (
            self.memberships.select_related("network")
            .prefetch_related("network__criteria", "commitments")
            .order_by("network__name")
        )

    def live_practices(self):
        """Its published practices, by title, with their policy fields loaded in bulk."""
        return in_visitor_language(self.practices.live().public()).order_by("title").prefetch_related("policy_fields")

    @property
    def live_profile(self):
        """The live city profile of this municipality, or None (uses prefetched profiles if present)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "profiles" in cache:
            live = [p for p in cache["profiles"] if p.live]
            return live[0] if live else None
        return in_visitor_language(self.profiles.live()).first()


class Membership(ClusterableModel):
    """A municipality's membership of a network, with dates, status and the source that shows it."""

    class Status(models.TextChoices):
        MEMBER = "member", _("member")
        DECLARED = "declared", _("declared (council decision)")
        APPLIED = "applied", _("applied")
        FORMER = "former", _("former member")

    municipality = ParentalKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("network"),
        limit_choices_to=in_original_language,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.MEMBER)
    since = models.DateField(_("member since"), null=True, blank=True)
    since_precision = models.CharField(
        _("precision of “since”"),
        max_length=5,
        choices=[("day", _("day")), ("month", _("month")), ("year", _("year"))],
        default="day",
    )
    until = models.DateField(_("member until"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True)

    panels = [
        FieldPanel("municipality"),
        FieldPanel("network"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("since"), FieldPanel("since_precision"), FieldPanel("until")]),
        FieldPanel("source_url"),
        InlinePanel("commitments", heading=_("Commitments"), label=_("Commitment")),
    ]

    class Meta:
        ordering = ["network__name", "municipality__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "network"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.municipality.name} – {self.network.display_name}"

    def clean(self):
        super().clean()
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The end date cannot be before the start date.")})

    @property
    def is_current(self):
        """True while the membership has not ended."""
        return self.status != self.Status.FORMER and self.until is None

    def commitment_rows(self):
        """One row per criterion of the network, in order, with this member's status (unknown when unset).

        Works from prefetched `network__criteria` and `commitments` without further queries.
        """
        by_criterion = {c.criterion_id: c for c in self.commitments.all()}
        rows = []
        for criterion in self.network.criteria.all():
            status = by_criterion.get(criterion.pk)
            rows.append({"criterion": criterion, "status": status})
        return rows

    @property
    def fulfilled_count(self):
        """How many of the network's criteria this member has fulfilled."""
        return sum(1 for c in self.commitments.all() if c.fulfilled == YesNoUnknown.YES)

    @property
    def criteria_count(self):
        """How many criteria the network defines."""
        return len(self.network.criteria.all())


class CommitmentStatus(models.Model):
    """Whether a member has decided on, and fulfilled, one of its network's commitment criteria."""

    membership = ParentalKey(Membership, on_delete=models.CASCADE, related_name="commitments")
    criterion = models.ForeignKey(
        CommitmentCriterion,
        on_delete=models.CASCADE,
        related_name="statuses",
        verbose_name=_("criterion"),
        limit_choices_to=network_in_original_language,
    )
    decided = models.CharField(_("decided"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    fulfilled = models.CharField(
        _("fulfilled"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    evidence_url = models.URLField(_("evidence"), blank=True)
    last_updated = models.DateField(_("last updated"), null=True, blank=True)

    panels = [
        FieldPanel("criterion"),
        FieldRowPanel([FieldPanel("decided"), FieldPanel("fulfilled"), FieldPanel("last_updated")]),
        FieldPanel("evidence_url"),
    ]

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [models.UniqueConstraint(fields=["membership", "criterion"], name="unique_commitment")]

    def __str__(self):
        return f"{self.criterion}: {self.get_fulfilled_display()}"

    def clean(self):
        super().clean()
        if self.criterion_id and self.membership_id and self.criterion.network_id != self.membership.network_id:
            raise ValidationError({"criterion": _("This criterion belongs to another network.")})
