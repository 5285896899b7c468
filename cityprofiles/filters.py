"""Filters for the practice and city indexes (django-filter), shared with later API endpoints."""

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityprofiles.countries import COUNTRY_CHOICES
from cityprofiles.models import Municipality, Network, PolicyField, PracticePage


def add_bootstrap_classes(fields):
    """Give each form field's widget Bootstrap's class: form-select for menus, form-control otherwise."""
    for field in fields.values():
        field.widget.attrs.setdefault(
            "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
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

    policy_field = django_filters.ModelChoiceFilter(
        field_name="policy_fields",
        to_field_name="slug",
        queryset=PolicyField.objects.originals(),
        label=_("Policy field"),
        empty_label=_("All policy fields"),
    )
    country = django_filters.ChoiceFilter(
        field_name="municipality__country",
        choices=COUNTRY_CHOICES,
        label=_("Country"),
        empty_label=_("All countries"),
    )
    network = django_filters.ModelChoiceFilter(
        field_name="municipality__memberships__network",
        to_field_name="slug",
        queryset=Network.objects.originals(),
        label=_("Network"),
        empty_label=_("All networks"),
    )
    status = django_filters.ChoiceFilter(
        choices=PracticePage.Status.choices,
        label=_("Status"),
        empty_label=_("Any status"),
    )

    class Meta:
        model = PracticePage
        fields = ["policy_field", "country", "network", "status"]


class MunicipalityFilter(StyledFilterSet):
    """Narrow municipalities by country, region and network."""

    country = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, label=_("Country"), empty_label=_("All countries"))
    region = django_filters.ChoiceFilter(label=_("Region"), empty_label=_("All regions"))
    network = django_filters.ModelChoiceFilter(
        field_name="memberships__network",
        to_field_name="slug",
        queryset=Network.objects.originals(),
        label=_("Network"),
        empty_label=_("All networks"),
    )

    class Meta:
        model = Municipality
        fields = ["country", "region", "network"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Municipality.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
        self.filters["region"].extra["choices"] = [(r, r) for r in regions]


class FilterError(Exception):
    """A query parameter a filtered view (map API, export) cannot apply, with a message that names it."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = str(message)


def check_parameters(query, allowed):
    """Refuse parameters that are unknown or given more than once (raises FilterError)."""
    for name in query:
        if name not in allowed:
            raise FilterError(
                name,
                gettext("Unknown parameter “%(name)s”. Allowed: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(sorted(allowed))},
            )
        if len(query.getlist(name)) > 1:
            raise FilterError(name, gettext("Give “%(name)s” once.") % {"name": name})


def first_error(form):
    """The first invalid field of a bound form as a FilterError."""
    name, errors = next(iter(form.errors.items()))
    return FilterError(name, " ".join(errors))
