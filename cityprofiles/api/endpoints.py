"""Our own API endpoints for what is not a page: municipalities, networks and policy fields.

They follow Wagtail's conventions (`fields`, `limit`/`offset`, `order`, `search`, a 400 for
unknown parameters) and are registered in cityprofiles.api.router.api_router beside Wagtail's.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from cityprofiles.api.base import ReadEndpoint, boolean_parameter
from cityprofiles.filters import MunicipalityFilterSet
from cityprofiles.live import live_practices as map_practices
from cityprofiles.live import live_profiles as map_profiles
from cityprofiles.models import (
    Membership,
    Municipality,
    Network,
    NetworkIndexPage,
    PolicyField,
)
from cityprofiles.serializers import (
    MembershipsSerializer,
    RichTextSerializer,
    absolute_url,
    membership_representation,
    page_link,
    page_url,
)

MAP_FILTERS = ("policy_field", "network", "country", "kind")


def live_profiles_prefetch():
    """A municipality's live, public city profiles, as `api_profiles`."""
    return [Prefetch("profiles", queryset=map_profiles().order_by("pk"), to_attr="api_profiles")]


def live_practices_prefetch():
    """A municipality's live, public practices by title, as `api_practices`."""
    return [Prefetch("practices", queryset=map_practices().order_by("title"), to_attr="api_practices")]


def memberships_prefetch():
    """A municipality's memberships with networks, criteria and commitments."""
    return [
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("network").prefetch_related("network__criteria", "commitments"),
        )
    ]


def live_profiles(municipality):
    """The municipality's live, public profiles (prefetched, or one query)."""
    profiles = getattr(municipality, "api_profiles", None)
    if profiles is None:
        profiles = list(map_profiles().filter(municipality=municipality).order_by("pk"))
    return profiles


def live_practices(municipality):
    """The municipality's live, public practices (prefetched, or one query)."""
    practices = getattr(municipality, "api_practices", None)
    return practices if practices is not None else list(municipality.live_practices())


class MunicipalityHtmlUrlField(serializers.Field):
    """The municipality's public page: its city profile where one is live, else its own page."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, municipality) -> str:
        profiles = live_profiles(municipality)
        request = self.context.get("request")
        if profiles:
            return page_url(profiles[0], request)
        return absolute_url(request, reverse("municipality_detail", kwargs={"slug": municipality.slug}))


class ProfileField(serializers.Field):
    """Its live city profile as a short reference, or null."""

    def to_representation(self, municipality):
        profiles = live_profiles(municipality)
        return page_link(profiles[0], self.context) if profiles else None


class HasProfileField(serializers.Field):
    """Whether it has a live city profile."""

    def to_representation(self, municipality) -> bool:
        return bool(live_profiles(municipality))


class PracticesField(serializers.Field):
    """Its live, public good practices as short references."""

    def to_representation(self, municipality) -> list:
        return [page_link(page, self.context) for page in live_practices(municipality)]


class PracticeCountField(serializers.Field):
    """How many live, public good practices it has."""

    def to_representation(self, municipality) -> int:
        return len(live_practices(municipality))


class MunicipalityFilter(BaseFilterBackend):
    """The map's filters (policy_field, network, country, kind: the same filter set and the same
    query as the map, cityprofiles.filters.MunicipalityFilterSet), plus region (ignoring case) and
    has_profile (true/false)."""

    filterset_class = MunicipalityFilterSet  # api_docs describes these parameters from its form, and these:
    form_fields = MAP_FILTERS
    other_parameters = {
        "region": ({"type": "string"}, "Only municipalities in this region (ignoring case)."),
        "has_profile": ({"type": "boolean"}, "Only municipalities with (true) or without (false) a city profile."),
    }

    def filter_queryset(self, request, queryset, view):
        filters = MunicipalityFilterSet(
            {name: request.GET[name] for name in MAP_FILTERS if name in request.GET}, queryset, parameters=MAP_FILTERS
        )
        if not filters.is_valid():
            name, errors = next(iter(filters.errors.items()))
            raise BadRequestError(f"{name}: {' '.join(errors)}")
        queryset = filters.qs
        if "region" in request.GET:
            queryset = queryset.filter(region__iexact=request.GET["region"].strip())
        has_profile = boolean_parameter(request, "has_profile")
        if has_profile is not None:
            profiles = map_profiles().filter(municipality=OuterRef("pk"))
            queryset = queryset.filter(Exists(profiles)) if has_profile else queryset.exclude(Exists(profiles))
        return queryset


class MunicipalitiesAPIViewSet(ReadEndpoint):
    """GET /api/v2/municipalities/: every listed municipality, with coordinates, memberships and
    commitments, its city profile and its good practices."""

    name = "municipalities"
    model = Municipality
    filter_backends = [MunicipalityFilter, *ReadEndpoint.filter_backends]
    known_query_parameters = ReadEndpoint.known_query_parameters | {"region", "has_profile", *MAP_FILTERS}
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "slug",
        "country",
        "region",
        APIField("municipality_kind", serializer=serializers.CharField(source="kind", read_only=True)),
        "latitude",
        "longitude",
        "population",
        "population_year",
        "website",
        "wikidata_id",
        "geonames_id",
        "lau_code",
        "listing_reason",
        "sources",
        "last_reviewed",
        "is_demo",
        APIField("has_profile", serializer=HasProfileField(source="*", read_only=True)),
        APIField("profile", serializer=ProfileField(source="*", read_only=True)),
        APIField("practice_count", serializer=PracticeCountField(source="*", read_only=True)),
        APIField("practices", serializer=PracticesField(source="*", read_only=True)),
        APIField("memberships", serializer=MembershipsSerializer(read_only=True)),
    ]
    meta_fields = BaseAPIViewSet.meta_fields + [
        APIField("html_url", serializer=MunicipalityHtmlUrlField(read_only=True)),
        "updated_at",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "html_url",
        "name",
        "slug",
        "country",
        "region",
        "municipality_kind",
        "latitude",
        "longitude",
        "has_profile",
        "practice_count",
    ]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + [
        "name",
        "slug",
        "country",
        "region",
        "latitude",
        "longitude",
    ]
    field_prefetches = {
        "html_url": live_profiles_prefetch,
        "has_profile": live_profiles_prefetch,
        "profile": live_profiles_prefetch,
        "practices": live_practices_prefetch,
        "practice_count": live_practices_prefetch,
        "memberships": memberships_prefetch,
    }

    def get_queryset(self):
        """Published municipalities only: a draft from a submission is not public until reviewed."""
        return super().get_queryset().filter(live=True)


def network_index(context):
    """The network index page (for networks' public addresses), looked up once per request."""
    view = context.get("view")
    if not hasattr(view, "_network_index"):
        index = NetworkIndexPage.objects.live().public().first()
        if view is None:
            return index
        view._network_index = index
    return view._network_index


class NetworkHtmlUrlField(serializers.Field):
    """The network's page on the site (under the network index), or null without one."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, network):
        index = network_index(self.context)
        if index is None:
            return None
        return page_url(index, self.context.get("request")) + index.reverse_subpage(
            "network_detail", kwargs={"slug": network.slug}
        )


class CriteriaSerializer(serializers.Field):
    """The commitments the network asks of its members, in order."""

    def to_representation(self, criteria) -> list:
        return [{"key": c.key, "title": c.title, "description": c.description} for c in criteria.all()]


class MembersSerializer(serializers.Field):
    """The network's members: each municipality, its membership and its commitments per criterion."""

    def to_representation(self, memberships) -> list:
        return [membership_representation(m, self.context, network=False, municipality=True) for m in memberships.all()]


def members_prefetch():
    """A network's memberships with municipalities and commitments, by country and name."""
    return [
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(municipality__live=True)
            .select_related("municipality", "network")
            .prefetch_related("commitments", "network__criteria")
            .order_by("municipality__country", "municipality__name"),
        )
    ]


class NetworksAPIViewSet(ReadEndpoint):
    """GET /api/v2/networks/: the networks, their commitment criteria and their members."""

    name = "networks"
    model = Network
    search_in = ("name", "short_name")
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "short_name",
        "slug",
        "scope",
        "founded",
        "website",
        APIField("description", serializer=RichTextSerializer()),
        "sources",
        "is_demo",
        APIField("member_count", serializer=serializers.IntegerField(read_only=True)),
        APIField("criteria", serializer=CriteriaSerializer(read_only=True)),
        APIField("members", serializer=MembersSerializer(source="memberships", read_only=True)),
    ]
    meta_fields = BaseAPIViewSet.meta_fields + [APIField("html_url", serializer=NetworkHtmlUrlField(read_only=True))]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "html_url",
        "name",
        "short_name",
        "slug",
        "scope",
        "member_count",
    ]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name", "short_name", "slug"]
    field_prefetches = {"criteria": lambda: ["criteria"], "members": members_prefetch}

    def get_queryset(self):
        """Networks (each once, not its translations) with their number of current members."""
        return (
            super()
            .get_queryset()
            .originals()
            .annotate(
                member_count=Count(
                    "memberships", filter=Q(memberships__until__isnull=True, memberships__municipality__live=True)
                )
            )
        )


class PolicyFieldsAPIViewSet(ReadEndpoint):
    """GET /api/v2/policy-fields/: the taxonomy practices are filed under, with practice counts."""

    name = "policy-fields"
    model = PolicyField
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "slug",
        "description",
        APIField("practice_count", serializer=serializers.IntegerField(read_only=True)),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "practice_count"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name", "slug"]

    def get_queryset(self):
        """Policy fields with the number of live, public practices filed under each."""
        practices = (
            map_practices()
            .filter(policy_fields=OuterRef("pk"))
            .order_by()
            .values("policy_fields")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset()
            .originals()
            .annotate(practice_count=Coalesce(Subquery(practices), 0, output_field=IntegerField()))
        )
