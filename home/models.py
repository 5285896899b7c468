"""The home page."""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cityprofiles.serializers import RichTextSerializer
from languages.pages import TranslatedPageMixin, in_visitor_language, originals

PLACES_PER_PAGE = 50


class HomePage(TranslatedPageMixin, Page):
    """The front page: an introduction and entry points to the map, cities, practices and networks."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    call_to_action = models.CharField(_("call to action"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("call_to_action")]
    api_fields = [APIField("intro", serializer=RichTextSerializer()), APIField("call_to_action")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def serve(self, request, *args, **kwargs):
        """Serve the page; malformed map filters get the page with the error and a 400 status."""
        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None)  # none when sent on to a translation
        if context and not context["map_filters"].is_valid():
            response.status_code = 400
        return response

    def get_context(self, request, *args, **kwargs):
        from cityprofiles.filters import MunicipalityFilterSet
        from cityprofiles.models import CityProfilePage, Municipality, Network, PolicyField, PracticePage
        from cityprofiles.places import network_labels, place_rows

        context = super().get_context(request, *args, **kwargs)
        filters = MunicipalityFilterSet(request.GET)
        form = filters.form
        places = (filters.qs if form.is_valid() else filters.queryset).order_by("name")
        page = Paginator(places, PLACES_PER_PAGE).get_page(request.GET.get("page"))
        context["map_filters"] = form
        context["places"] = page
        labels = network_labels()
        context["place_rows"] = place_rows(page.object_list, self.url_path, labels)
        context["map_labels"] = {
            "networks": labels,
            "policy_fields": {field.slug: str(field) for field in PolicyField.objects.originals()},
            "kinds": {
                "p": gettext("city profile"),
                "g": gettext("good practices"),
                "m": gettext("network member"),
                "l": gettext("listed"),
            },
            "shown": gettext("%(count)s places shown on the map."),
            "loading": gettext("Loading the map…"),
            "failed": gettext("The map could not be loaded. The list below shows the places."),
            "practices": gettext("Good practices"),
            "open": gettext("Open the page of %(name)s"),
        }
        context["counts"] = {
            "municipalities": Municipality.objects.live().count(),
            "profiles": originals(CityProfilePage.objects.live().public()).count(),
            "practices": originals(PracticePage.objects.live().public()).count(),
            "networks": Network.objects.originals().count(),
        }
        context["latest_practices"] = (
            in_visitor_language(PracticePage.objects.live().public())
            .select_related("municipality")
            .order_by("-first_published_at")[:6]
        )
        context["featured_profiles"] = (
            in_visitor_language(CityProfilePage.objects.live().public())
            .select_related("municipality")
            .order_by("title")[:12]
        )
        return context


class StandardPage(TranslatedPageMixin, Page):
    """A plain content page: imprint, privacy notice, about."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body", serializer=RichTextSerializer())]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteFooter(BaseSiteSetting):
    """What the footer links to: the licence of the texts, the imprint and the privacy notice."""

    licence_name = models.CharField(_("licence of the texts"), max_length=100, default="CC BY 4.0")
    licence_url = models.URLField(_("licence address"), default="https://creativecommons.org/licenses/by/4.0/")
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imprint page"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy notice page"),
    )

    panels = [
        FieldPanel("licence_name"),
        FieldPanel("licence_url"),
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("site footer")


@register_setting(icon="view")
class AccessibilityStatement(BaseSiteSetting):
    """The facts of the accessibility statement (EU model statement, Implementing Decision (EU) 2018/1523)
    shown at /<language>/accessibility/; its fixed sentences are in the template and translated."""

    class Conformance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("a self-assessment")
        THIRD_PARTY = "third-party", _("an assessment by a third party")

    organisation = models.CharField(_("organisation"), max_length=200, default="Moving Cities")
    conformance = models.CharField(
        _("conformance status"), max_length=10, choices=Conformance.choices, default=Conformance.PARTIAL
    )
    known_limitations = RichTextField(
        _("known limitations"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        default=(
            "<ul><li>The map cannot be fully used without sight; the list below it shows the same places "
            "and is the path for screen readers and keyboards.</li>"
            "<li>Documents from municipalities and other sources that pages link to are not always accessible.</li>"
            "<li>Videos embedded from other websites may lack captions.</li></ul>"
        ),
        help_text=_(
            "Content that is not accessible yet, and why (non-compliance, disproportionate burden, out of scope)."
        ),
    )
    method = models.CharField(_("assessment method"), max_length=12, choices=Method.choices, default=Method.SELF)
    prepared_on = models.DateField(_("statement prepared on"), default=datetime.date.today)
    last_reviewed = models.DateField(_("last reviewed on"), default=datetime.date.today)
    contact_email = models.EmailField(_("feedback e-mail address"), blank=True, default="accessibility@example.org")
    contact_url = models.URLField(_("feedback form or page"), blank=True)
    response_days = models.PositiveSmallIntegerField(_("answer within (days)"), default=14)
    enforcement_body = models.CharField(
        _("enforcement body"),
        max_length=200,
        default="Schlichtungsstelle nach dem Behindertengleichstellungsgesetz",
    )
    enforcement_url = models.URLField(
        _("enforcement procedure address"), default="https://www.schlichtungsstelle-bgg.de/"
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("conformance"),
        FieldPanel("known_limitations"),
        FieldPanel("method"),
        FieldPanel("prepared_on"),
        FieldPanel("last_reviewed"),
        FieldPanel("contact_email"),
        FieldPanel("contact_url"),
        FieldPanel("response_days"),
        FieldPanel("enforcement_body"),
        FieldPanel("enforcement_url"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
