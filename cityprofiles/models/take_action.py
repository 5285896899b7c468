"""The citizens' take-action guide: how to push one's own municipality to do more."""

from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cityprofiles.admin_forms import TaxonomyChoicesPageForm
from cityprofiles.blocks import TakeActionStreamBlock
from cityprofiles.serializers import RichTextSerializer
from languages.pages import TranslatedPageMixin
from languages.snippets import in_original_language

from .mixins import DemoContentMixin
from .taxonomy import Network


class TakeActionPage(TranslatedPageMixin, DemoContentMixin, Page):
    """The citizens' guide: how to push one's own municipality to do more, with templates to download."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    steps = StreamField(TakeActionStreamBlock(), blank=True, verbose_name=_("steps"))
    networks = ParentalManyToManyField(
        Network,
        blank=True,
        related_name="+",
        verbose_name=_("networks to contact"),
        limit_choices_to=in_original_language,
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("steps"),
        FieldPanel("networks", widget=CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("steps")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    base_form_class = TaxonomyChoicesPageForm
    template = "cityprofiles/take_action_page.html"
    api_fields = [
        APIField("intro", serializer=RichTextSerializer()),
        APIField("steps"),
        APIField("networks"),
        APIField("is_demo"),
    ]

    class Meta:
        verbose_name = _("take-action guide")
        verbose_name_plural = _("take-action guides")
