"""Policy fields, networks and the commitments a network asks of its members."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from languages.snippets import TranslatableSnippet

from .mixins import DemoContentMixin, sources_field


class PolicyField(TranslatableSnippet, index.Indexed, models.Model):
    """A policy field of the taxonomy (health, housing, reception, ...) that practices are filed under.

    Translatable: the English entry is the one pages refer to; translations supply its words.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    keywords = models.TextField(
        _("search words"),
        blank=True,
        help_text=_("Other words visitors search for, in any language, separated by commas (e.g. Wohnen, shelter)."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("keywords")]
    search_fields = [index.SearchField("name"), index.SearchField("keywords"), index.AutocompleteField("name")]

    class Meta(TranslatableSnippet.Meta):
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale"), ("name", "locale")]
        verbose_name = _("policy field")
        verbose_name_plural = _("policy fields")

    def __str__(self):
        return self.translated.name


class Network(TranslatableSnippet, DemoContentMixin, index.Indexed, ClusterableModel):
    """A network or alliance of municipalities, such as the Safe Harbours or Solidarity Cities.

    Translatable with its commitment criteria: memberships refer to the English entry; a
    translation supplies the name, description and criteria (matched by their key) in its language.
    """

    translation_prefetch = ("criteria",)

    class Scope(models.TextChoices):
        LOCAL = "local", _("local")
        NATIONAL = "national", _("national")
        EUROPEAN = "european", _("European")
        INTERNATIONAL = "international", _("international")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.EUROPEAN)
    founded = models.CharField(_("founded"), max_length=80, blank=True, help_text=_("For example “14 June 2019”."))
    website = models.URLField(_("website"), blank=True)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul"])
    sources = sources_field()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("slug"),
                FieldPanel("scope"),
                FieldPanel("founded"),
                FieldPanel("website"),
            ],
            heading=_("Network"),
        ),
        FieldPanel("description"),
        InlinePanel("criteria", heading=_("Commitment criteria"), label=_("Criterion")),
        FieldPanel("sources"),
        FieldPanel("is_demo"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("short_name", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("scope"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableSnippet.Meta):
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale"), ("name", "locale")]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.translated.name

    @property
    def display_name(self):
        """The short name where there is one, for tight spaces such as badges."""
        return self.short_name or self.name


class CommitmentCriterion(Orderable):
    """One commitment a network asks of its members (e.g. the eight Safe-Harbour demands)."""

    network = ParentalKey(Network, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=80, help_text=_("A stable identifier, used by imports and the API."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("key"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("commitment criterion")
        verbose_name_plural = _("commitment criteria")
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="unique_criterion_key_per_network")]

    def __str__(self):
        return self.title

    @property
    def translated(self):
        """This criterion as the network's translation in the visitor's language words it (same key)."""
        network = self.network.translated
        if network.pk == self.network_id:
            return self
        return next((c for c in network.criteria.all() if c.key == self.key), self)
