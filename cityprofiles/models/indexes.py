"""Index pages to browse cities, practices and networks."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cityprofiles.serializers import RichTextSerializer
from languages.pages import TranslatedPageMixin, in_visitor_language, originals

from .municipalities import Membership, Municipality
from .pages import CityProfilePage, PracticePage
from .taxonomy import Network

PAGE_SIZE = 24
MUNICIPALITY_PAGE_SIZE = 100


def paginate(request, items, per_page):
    """Return the requested page of items; out-of-range or malformed page numbers give the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class IndexPage(TranslatedPageMixin, Page):
    """An index page with an introduction (abstract)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro", serializer=RichTextSerializer())]

    class Meta:
        abstract = True


class CityIndexPage(IndexPage):
    """Browse the city profiles and every listed municipality by country, region and network."""

    subpage_types = ["cityprofiles.CityProfilePage"]
    max_count = 1
    template = "cityprofiles/city_index_page.html"

    class Meta:
        verbose_name = _("city index")
        verbose_name_plural = _("city indexes")

    def get_context(self, request, *args, **kwargs):
        from cityprofiles.filters import CITY_INDEX_PARAMETERS, MunicipalityFilterSet

        context = super().get_context(request, *args, **kwargs)
        municipalities = MunicipalityFilterSet(
            request.GET,
            parameters=CITY_INDEX_PARAMETERS,
            former_members=True,
            queryset=Municipality.objects.live()
            .order_by("country", "region", "name")
            .prefetch_related(
                Prefetch(
                    "profiles",
                    queryset=originals(CityProfilePage.objects.live().public()).only(
                        "id", "url_path", "live", "municipality_id", "locale_id"
                    ),
                ),
                Prefetch("memberships", queryset=Membership.objects.select_related("network")),
            ),
        )
        profile_ids = municipalities.qs.values("pk")
        context["filter"] = municipalities
        context["profiles"] = (
            in_visitor_language(CityProfilePage.objects.live().public())
            .filter(municipality__in=profile_ids)
            .select_related("municipality")
            .order_by("title")
        )
        context["municipalities"] = paginate(request, municipalities.qs, MUNICIPALITY_PAGE_SIZE)
        return context


class PracticeIndexPage(IndexPage):
    """Browse good practices by policy field, country, network and status."""

    subpage_types = ["cityprofiles.PracticePage"]
    max_count = 1
    template = "cityprofiles/practice_index_page.html"

    class Meta:
        verbose_name = _("practice index")
        verbose_name_plural = _("practice indexes")

    def get_context(self, request, *args, **kwargs):
        from cityprofiles.filters import PracticeFilter

        context = super().get_context(request, *args, **kwargs)
        practices = PracticeFilter(
            request.GET,
            queryset=in_visitor_language(PracticePage.objects.live().public())
            .select_related("municipality")
            .prefetch_related("policy_fields")
            .order_by("title"),
        )
        context["filter"] = practices
        context["practices"] = paginate(request, practices.qs, PAGE_SIZE)
        return context


class NetworkIndexPage(RoutablePageMixin, IndexPage):
    """All networks, and one sub-page per network listing its members and their commitments."""

    subpage_types = []
    max_count = 1
    template = "cityprofiles/network_index_page.html"

    class Meta:
        verbose_name = _("network index")
        verbose_name_plural = _("network indexes")

    @path("")
    def network_list(self, request):
        """The list of networks with their member counts."""
        networks = Network.objects.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__until__isnull=True, memberships__municipality__live=True)
            )
        ).order_by("name")
        return self.render(request, context_overrides={"networks": networks})

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def network_detail(self, request, slug):
        """One network: description, criteria, and members with their commitments."""
        network = Network.objects.prefetch_related("criteria").filter(slug=slug).first()
        if network is None:
            raise Http404
        memberships = (
            network.memberships.filter(municipality__live=True)
            .select_related("municipality", "network")
            .prefetch_related(
                "commitments",
                "network__criteria",
                Prefetch(
                    "municipality__profiles",
                    queryset=originals(CityProfilePage.objects.live().public()).only(
                        "id", "url_path", "live", "municipality_id", "locale_id"
                    ),
                ),
            )
            .order_by("municipality__country", "municipality__name")
        )
        return self.render(
            request,
            context_overrides={"network": network, "memberships": memberships},
            template="cityprofiles/network_detail.html",
        )

    def url_for(self, network):
        """The public address of a network's page."""
        return self.url + self.reverse_subpage("network_detail", kwargs={"slug": network.slug})
