"""The home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The front page: an introduction and entry points to the map, cities, practices and networks."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    call_to_action = models.CharField(_("call to action"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("call_to_action")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cityprofiles.models import CityProfilePage, Municipality, Network, PracticePage

        context = super().get_context(request, *args, **kwargs)
        context["counts"] = {
            "municipalities": Municipality.objects.count(),
            "profiles": CityProfilePage.objects.live().public().count(),
            "practices": PracticePage.objects.live().public().count(),
            "networks": Network.objects.count(),
        }
        context["latest_practices"] = (
            PracticePage.objects.live().public().select_related("municipality").order_by("-first_published_at")[:6]
        )
        context["featured_profiles"] = (
            CityProfilePage.objects.live().public().select_related("municipality").order_by("title")[:12]
        )
        return context
