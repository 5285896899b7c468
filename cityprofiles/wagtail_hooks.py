"""Admin screens for the map data: municipalities, networks, memberships and policy fields."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cityprofiles.countries import COUNTRY_CHOICES
from cityprofiles.models import Membership, Municipality, Network, PolicyField


class MunicipalityFilterSet(WagtailFilterSet):
    """Admin filters for the municipality listing."""

    country = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, label=_("Country"))
    network = django_filters.ModelChoiceFilter(
        field_name="memberships__network", queryset=Network.objects.originals(), label=_("Network")
    )

    class Meta:
        model = Municipality
        fields = ["country", "kind", "network", "is_demo"]


class MunicipalityViewSet(SnippetViewSet):
    """Municipalities: hundreds of entries, edited without a page each."""

    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    list_display = [
        "name",
        Column("country", label=_("Country"), accessor="country_name"),
        "region",
        "kind",
        "population",
        "last_reviewed",
        BooleanColumn("is_demo", label=_("Demo")),
    ]
    filterset_class = MunicipalityFilterSet
    list_per_page = 50
    ordering = ["name"]


class NetworkViewSet(SnippetViewSet):
    """Networks and the commitment criteria they ask of members."""

    model = Network
    icon = "group"
    menu_label = _("Networks")
    list_display = ["name", "short_name", "scope", "founded", BooleanColumn("is_demo", label=_("Demo"))]
    list_filter = ["scope", "is_demo"]


class MembershipViewSet(SnippetViewSet):
    """Memberships, each with its checklist of commitments."""

    model = Membership
    icon = "tick"
    menu_label = _("Memberships and commitments")
    list_display = ["municipality", "network", "status", "since", "until"]
    list_filter = ["network", "status"]
    list_per_page = 50
    search_fields = ["municipality__name", "network__name"]
    search_backend_name = None  # memberships are searched in the database by name

    def get_queryset(self, request):
        return Membership.objects.select_related("municipality", "network")


class PolicyFieldViewSet(SnippetViewSet):
    """The editable taxonomy of policy fields."""

    model = PolicyField
    icon = "tag"
    menu_label = _("Policy fields")
    list_display = ["name", "slug"]


class MapDataGroup(SnippetViewSetGroup):
    """One admin menu for everything the map is drawn from."""

    items = (MunicipalityViewSet, NetworkViewSet, MembershipViewSet, PolicyFieldViewSet)
    menu_icon = "site"
    menu_label = _("Map data")
    menu_name = "map-data"


register_snippet(MapDataGroup)
