"""The filters of every list of places and practices (django-filter).

`MunicipalityFilterSet` is the one set of municipality filters: the map API, the list under the
map, the city index, the municipalities API and the exports each bind it to the parameters they
offer (`MAP_PARAMETERS`, `CITY_INDEX_PARAMETERS`, …). `PracticeFilter` serves the practice index
and the practice export.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cityprofiles.countries import COUNTRY_CHOICES
from cityprofiles.live import live_practices, live_profiles
from cityprofiles.models.municipalities import Membership, Municipality
from cityprofiles.models.pages import PracticePage
from cityprofiles.models.taxonomy import Network, PolicyField

KIND_CHOICES = [
    ("profile", _("with a city profile")),
    ("practice", _("with good practices")),
    ("member", _("network members")),
]
# The parameters each list offers, in the order its form shows them.
MAP_PARAMETERS = ("policy_field", "network", "country", "kind", "q", "bbox")
CITY_INDEX_PARAMETERS = ("country", "region", "network")


def add_bootstrap_classes(fields):
    """Give each form field's widget Bootstrap's class: form-select for menus, form-control otherwise."""
    for field in fields.values():
        field.widget.attrs.setdefault(
            "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        )


def slug_filter(queryset, label, empty_label, invalid=None, **options):
    """A menu of the objects of `queryset` (policy fields, networks), given by slug; `invalid` is
    the message for a slug that names none."""
    if invalid:
        options["error_messages"] = {"invalid_choice": invalid}
    return django_filters.ModelChoiceFilter(
        queryset=queryset, to_field_name="slug", label=label, empty_label=empty_label, **options
    )


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        add_bootstrap_classes(form.fields)
        return form


class PracticeFilter(StyledFilterSet):
    """Narrow practices by policy field, country, network and status; filters combine."""

    policy_field = slug_filter(
        PolicyField.objects.originals(), _("Policy field"), _("All policy fields"), field_name="policy_fields"
    )
    country = django_filters.ChoiceFilter(
        field_name="municipality__country",
        choices=COUNTRY_CHOICES,
        label=_("Country"),
        empty_label=_("All countries"),
    )
    network = slug_filter(
        Network.objects.originals(), _("Network"), _("All networks"), field_name="municipality__memberships__network"
    )
    status = django_filters.ChoiceFilter(
        choices=PracticePage.Status.choices,
        label=_("Status"),
        empty_label=_("Any status"),
    )

    class Meta:
        model = PracticePage
        fields = ["policy_field", "country", "network", "status"]


class BoundingBoxField(forms.CharField):
    """“west,south,east,north” in degrees (the GeoJSON bbox order). West may lie east of east: the
    box crosses the antimeridian (RFC 7946, §5.2). The two latitudes may come in either order:
    latitude does not wrap, so they bound one band however they are given."""

    # Its description in the API schema (api_docs.formschema): four numbers within their ranges.
    # The server accepts every value the pattern allows, as a pattern cannot compare two numbers.
    LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
    LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
    json_schema = {
        "type": "string",
        "pattern": f"^(?:{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE})?$",  # empty: no filter
        "description": (
            "west,south,east,north in degrees: longitudes within ±180, latitudes within ±90. "
            "West east of east crosses the antimeridian (RFC 7946 §5.2); the two latitudes may come "
            "in either order."
        ),
    }

    def clean(self, value):
        """(west, south, east, north) as numbers, south ≤ north; None for no box."""
        value = super().clean(value)
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(_("Give four numbers: west,south,east,north.")) from None
        if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
            raise forms.ValidationError(_("Longitudes must lie within ±180 and latitudes within ±90."))
        return west, min(south, north), east, max(south, north)


class BoundingBoxFilter(django_filters.Filter):
    """Places inside a box “west,south,east,north”; a box whose west lies east of its east crosses
    the antimeridian."""

    field_class = BoundingBoxField

    @property
    def field(self):
        """A hidden field without a label (the API schema describes it by its docstring)."""
        field = super().field
        field.label = None
        return field

    def filter(self, queryset, value):
        if not value:
            return queryset
        west, south, east, north = value
        queryset = queryset.filter(latitude__gte=south, latitude__lte=north)
        if west <= east:
            return queryset.filter(longitude__gte=west, longitude__lte=east)
        return queryset.exclude(longitude__gt=east, longitude__lt=west)


class MunicipalityFilterSet(StyledFilterSet):
    """Narrow municipalities by policy field of their practices, current network membership,
    country, region, kind (profiled, with practices, network member), part of the name and a
    bounding box; filters combine.

    `parameters` names the filters a list offers, in the order its form shows them (the map's by
    default). Without a queryset, the municipalities on the map (those with coordinates). Drafts
    (municipalities not yet published) are never included.
    `former_members` lets `network` also find places that have left the network (the city index,
    which names every membership a place has had).
    """

    policy_field = slug_filter(
        PolicyField.objects.originals(),
        _("Policy field"),
        _("All policy fields"),
        _("There is no such policy field."),
        method="filter_policy_field",
    )
    network = slug_filter(
        Network.objects.originals(),
        _("Network"),
        _("All networks"),
        _("There is no such network."),
        method="filter_network",
    )
    country = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, label=_("Country"), empty_label=_("All countries"))
    region = django_filters.ChoiceFilter(label=_("Region"), empty_label=_("All regions"))
    kind = django_filters.ChoiceFilter(
        choices=KIND_CHOICES, method="filter_kind", label=_("Show"), empty_label=_("All places")
    )
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100, label=_("Name"))
    bbox = BoundingBoxFilter(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Municipality
        fields = []

    def __init__(self, data=None, queryset=None, *, parameters=MAP_PARAMETERS, former_members=False, **kwargs):
        self.former_members = former_members
        if queryset is None:
            queryset = Municipality.objects.filter(latitude__isnull=False, longitude__isnull=False)
        super().__init__(data, queryset.filter(live=True), **kwargs)
        self.filters = {name: self.filters[name] for name in parameters}
        if "region" in self.filters:
            regions = (
                Municipality.objects.live()
                .exclude(region="")
                .order_by("region")
                .values_list("region", flat=True)
                .distinct()
            )
            self.filters["region"].extra["choices"] = [(r, r) for r in regions]

    def filter_policy_field(self, queryset, name, value):
        """Places with a live practice filed under the policy field."""
        return queryset.filter(Exists(live_practices().filter(municipality=OuterRef("pk"), policy_fields=value)))

    def filter_network(self, queryset, name, value):
        """Current members of the network (and former ones where the list asks for them)."""
        if self.former_members:
            return queryset.filter(memberships__network=value)
        return queryset.filter(memberships__network=value, memberships__until__isnull=True)

    def filter_kind(self, queryset, name, value):
        """Profiled places, places with live practices, or current members of any network."""
        if value == "profile":
            return queryset.filter(Exists(live_profiles().filter(municipality=OuterRef("pk"))))
        if value == "practice":
            return queryset.filter(Exists(live_practices().filter(municipality=OuterRef("pk"))))
        if value == "member":
            return queryset.filter(Exists(Membership.objects.filter(municipality=OuterRef("pk"), until__isnull=True)))
        return queryset


def filter_municipalities(filters, queryset=None):
    """The municipalities that match already cleaned filters (a MunicipalityFilterSet form's
    cleaned_data), by the filter set's own rules: by default those on the map."""
    filterset = MunicipalityFilterSet(queryset=queryset, parameters=list(filters))
    queryset = filterset.queryset.all()
    for name, value in filters.items():
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset
