"""Filters for the practice and city indexes (django-filter), shared with later API endpoints."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cityprofiles.countries import COUNTRY_CHOICES
from cityprofiles.models import Municipality, Network, PolicyField, PracticePage


class PracticeFilter(django_filters.FilterSet):
    """Narrow practices by policy field, country, network and status; filters combine."""

    policy_field = django_filters.ModelChoiceFilter(
        field_name="policy_fields", to_field_name="slug", queryset=PolicyField.objects.all(),
        label=_("Policy field"), empty_label=_("All policy fields"),
    )
    country = django_filters.ChoiceFilter(
        field_name="municipality__country", choices=COUNTRY_CHOICES, label=_("Country"), empty_label=_("All countries"),
    )
    network = django_filters.ModelChoiceFilter(
        field_name="municipality__memberships__network", to_field_name="slug", queryset=Network.objects.all(),
        label=_("Network"), empty_label=_("All networks"),
    )
    status = django_filters.ChoiceFilter(
        choices=PracticePage.Status.choices, label=_("Status"), empty_label=_("Any status"),
    )

    class Meta:
        model = PracticePage
        fields = ["policy_field", "country", "network", "status"]


class MunicipalityFilter(django_filters.FilterSet):
    """Narrow municipalities by country, region and network."""

    country = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, label=_("Country"), empty_label=_("All countries"))
    region = django_filters.CharFilter(label=_("Region"), lookup_expr="iexact")
    network = django_filters.ModelChoiceFilter(
        field_name="memberships__network", to_field_name="slug", queryset=Network.objects.all(),
        label=_("Network"), empty_label=_("All networks"),
    )

    class Meta:
        model = Municipality
        fields = ["country", "region", "network"]
