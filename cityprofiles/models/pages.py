"""Article pages: city profiles and good practices (the take-action guide is in take_action.py)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.forms import CheckboxSelectMultiple
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.rich_text import RichText
from wagtail.search import index

from cityprofiles.admin_forms import TaxonomyChoicesPageForm
from cityprofiles.blocks import ArticleStreamBlock
from cityprofiles.serializers import MembershipsSerializer, PageLinksSerializer, RichTextSerializer
from cityprofiles.text import paragraphs
from languages.pages import TranslatedPageMixin
from languages.snippets import in_original_language

from .mixins import ContactMixin, DemoContentMixin, HeadlessPreview, sources_field
from .municipalities import Membership, Municipality
from .taxonomy import Network

CONTACT_PANEL = MultiFieldPanel(
    [
        FieldPanel("contact_name"),
        FieldPanel("contact_organisation"),
        FieldPanel("contact_email"),
        FieldPanel("contact_url"),
    ],
    heading=_("Contact"),
    classname="collapsed",
)


def municipality_api_prefetches():
    """What the API reads of an article's municipality, loaded in bulk: memberships with their
    networks, criteria and commitments."""
    return [
        Prefetch(
            "municipality__memberships",
            queryset=Membership.objects.select_related("network").prefetch_related("network__criteria", "commitments"),
        )
    ]


# The API fields every article ends with: its sources, contact, dates and the demo flag.
ARTICLE_API_FIELDS_END = [
    APIField("sources"),
    APIField("contact_name"),
    APIField("contact_organisation"),
    APIField("contact_email"),
    APIField("contact_url"),
    APIField("last_updated"),
    APIField("last_published_at"),
    APIField("is_demo"),
]


class ArticlePage(TranslatedPageMixin, DemoContentMixin, ContactMixin, Page):
    """Fields every article shares: summary, body, sources, contact and the date it was last checked."""

    summary = models.TextField(
        _("summary"), max_length=1000, help_text=_("Two or three sentences for lists and previews.")
    )
    body = StreamField(ArticleStreamBlock(), blank=True, verbose_name=_("body"))
    sources = sources_field()
    last_updated = models.DateField(_("last updated"), null=True, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]

    class Meta:
        abstract = True

    @classmethod
    def draft_from(cls, parent=None, *, user=None, sections=(), blocks=(), sources=(), outcomes_text=None, **fields):
        """The one way to draft an article from data (moderation, demo loader, scale seeder, factories).

        `sections` are (heading, plain text) pairs, each a body section; `blocks` further body blocks
        (images, documents, fact boxes); `sources` addresses, dicts of title, url and date, or ready
        ("source", value) blocks; `outcomes_text` the outcomes in plain text (practices); other keyword
        arguments set fields as they are (`policy_fields` included). Texts are
        escaped. Without `parent` the page comes back unsaved for the caller to insert. With it, the page
        is added under `parent` unpublished (slug made unique among its siblings) and its first revision
        saved by `user`.
        """
        body = [("section", {"heading": h, "text": RichText(paragraphs(t))}) for h, t in sections if t.strip()]
        fields.setdefault("body", body + list(blocks))
        if sources:
            fields["sources"] = [
                source if isinstance(source, tuple) else ("source", source_value(source)) for source in sources
            ]
        if outcomes_text is not None:
            fields["outcomes"] = paragraphs(outcomes_text)
        policy_fields = fields.pop("policy_fields", None)
        page = cls(**fields)
        if policy_fields is not None:
            page.policy_fields = list(policy_fields)
        if parent is None:
            return page
        page.live = False
        page.slug = unique_child_slug(parent, page.slug or page.title)
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        return page


def source_value(source):
    """A source block's value from an address or a dict of title, url and date."""
    if isinstance(source, str):
        return {"title": source[:300], "url": source, "date": None}
    return {"title": source.get("title") or source["url"][:300], "url": source["url"], "date": source.get("date")}


def unique_child_slug(parent, text):
    """A slug from `text` that none of `parent`'s children has yet."""
    base = slugify(text)[:60] or "page"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class CityProfilePage(HeadlessPreview, ArticlePage):
    """An in-depth profile of one city: its approaches, networks, commitments and sources."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("municipality")
    )
    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    key_takeaways = StreamField(
        [("takeaway", blocks.CharBlock(max_length=300, label=_("Takeaway")))],
        blank=True,
        verbose_name=_("key takeaways"),
    )
    report = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("report (download)"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("municipality"),
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        FieldPanel("key_takeaways"),
        FieldPanel("body"),
        FieldPanel("report"),
        FieldPanel("sources"),
        CONTACT_PANEL,
        FieldPanel("last_updated"),
    ]
    search_fields = ArticlePage.search_fields + [
        index.SearchField("subtitle", boost=2),
        index.RelatedFields(
            "municipality",
            [
                index.SearchField("name", boost=5),
                index.SearchField("search_names", boost=5),
                index.SearchField("region"),
            ],
        ),
    ]
    parent_page_types = ["cityprofiles.CityIndexPage"]
    subpage_types = []
    template = "cityprofiles/city_profile_page.html"
    api_fields = [
        APIField("municipality"),
        APIField("subtitle"),
        APIField("summary"),
        APIField("key_takeaways"),
        APIField("body"),
        APIField("report"),
        APIField("memberships", serializer=MembershipsSerializer(source="municipality.memberships")),
        APIField("practices", serializer=PageLinksSerializer(source="published_practices")),
        *ARTICLE_API_FIELDS_END,
    ]

    class Meta:
        verbose_name = _("city profile")
        verbose_name_plural = _("city profiles")

    def clean(self):
        super().clean()
        if self.municipality_id:
            other = (
                CityProfilePage.objects.filter(municipality_id=self.municipality_id)
                .exclude(translation_key=self.translation_key)
                .first()
            )  # its translations are itself
            if other:
                raise ValidationError(
                    {"municipality": _("%(title)s already profiles this municipality.") % {"title": other.title}}
                )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["memberships"] = self.municipality.memberships_with_commitments()
        context["practices"] = self.municipality.live_practices()
        return context

    @classmethod
    def api_queryset(cls, queryset):
        """The queryset with everything the API fields read loaded in bulk (no query per profile)."""
        return queryset.select_related("municipality", "report").prefetch_related(
            *municipality_api_prefetches(),
            Prefetch(
                "municipality__practices",
                queryset=PracticePage.objects.live().public().order_by("title"),
                to_attr="prefetched_live_practices",
            ),
        )

    def published_practices(self):
        """The municipality's live, public practices by title (prefetched by api_queryset where it ran)."""
        prefetched = getattr(self.municipality, "prefetched_live_practices", None)
        return prefetched if prefetched is not None else self.municipality.live_practices()


class PracticePage(HeadlessPreview, ArticlePage):
    """A good-practice article: what a municipality or its civil society does, and how it works."""

    class Actor(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        CIVIL_SOCIETY = "civil-society", _("civil society")
        JOINT = "joint", _("municipality and civil society together")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        ENDED = "ended", _("ended")
        PLANNED = "planned", _("planned")

    municipality = models.ForeignKey(
        Municipality, null=True, on_delete=models.PROTECT, related_name="practices", verbose_name=_("municipality")
    )
    policy_fields = ParentalManyToManyField(
        "cityprofiles.PolicyField",
        blank=True,
        related_name="practices",
        verbose_name=_("policy fields"),
        limit_choices_to=in_original_language,
    )
    actor = models.CharField(_("actor"), max_length=20, choices=Actor.choices, default=Actor.MUNICIPALITY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING, db_index=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    outcomes = RichTextField(_("outcomes"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = Page.content_panels + [
        FieldPanel("municipality"),
        FieldPanel("summary"),
        FieldPanel("policy_fields", widget=CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("actor"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("body"),
        FieldPanel("outcomes"),
        InlinePanel("related_practice_links", heading=_("Related practices"), label=_("Related practice")),
        FieldPanel("sources"),
        CONTACT_PANEL,
        FieldPanel("last_updated"),
    ]
    search_fields = ArticlePage.search_fields + [
        index.SearchField("outcomes"),
        index.FilterField("status"),
        index.RelatedFields("municipality", [index.SearchField("name", boost=2)]),
        index.RelatedFields(
            "policy_fields", [index.SearchField("name", boost=2), index.SearchField("keywords", boost=2)]
        ),
    ]
    base_form_class = TaxonomyChoicesPageForm
    parent_page_types = ["cityprofiles.PracticeIndexPage"]
    subpage_types = []
    template = "cityprofiles/practice_page.html"
    api_fields = [
        APIField("municipality"),
        APIField("summary"),
        APIField("policy_fields"),
        APIField("actor"),
        APIField("status"),
        APIField("start_year"),
        APIField("end_year"),
        APIField("body"),
        APIField("outcomes", serializer=RichTextSerializer()),
        APIField("memberships", serializer=MembershipsSerializer(source="municipality.memberships")),
        APIField("related_practices", serializer=PageLinksSerializer(source="published_related_practices")),
        *ARTICLE_API_FIELDS_END,
    ]

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def clean(self):
        super().clean()
        errors = {}
        if self.municipality_id is None:
            errors["municipality"] = _("Choose the municipality this practice belongs to.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year.")
        if errors:
            raise ValidationError(errors)

    @property
    def years(self):
        """“2016–2018”, “since 2019” or “” for display."""
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}" if self.end_year != self.start_year else str(self.start_year)
        if self.start_year:
            return str(self.start_year)
        return ""

    def related_practices(self):
        """Live related practices in the editor's order."""
        ids = [link.related_id for link in self.related_practice_links.all()]
        pages = {
            p.pk: p for p in PracticePage.objects.live().public().filter(pk__in=ids).select_related("municipality")
        }
        return [pages[i] for i in ids if i in pages]

    @classmethod
    def api_queryset(cls, queryset):
        """The queryset with everything the API fields read loaded in bulk (no query per practice)."""
        return queryset.select_related("municipality").prefetch_related(
            "policy_fields",
            *municipality_api_prefetches(),
            Prefetch(
                "related_practice_links",
                queryset=PracticeRelation.objects.filter(
                    related__in=PracticePage.objects.live().public()
                ).select_related("related"),
                to_attr="prefetched_related_links",
            ),
        )

    def published_related_practices(self):
        """Live, public related practices in the editor's order (prefetched by api_queryset where it ran)."""
        links = getattr(self, "prefetched_related_links", None)
        return [link.related for link in links] if links is not None else self.related_practices()

    def networks(self):
        """The networks the practice's municipality belongs to."""
        return Network.objects.filter(memberships__municipality_id=self.municipality_id).order_by("name")


class PracticeRelation(Orderable):
    """A link from one practice to a related one, in the editor's chosen order."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="related_practice_links")
    related = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("practice"))

    panels = [PageChooserPanel("related", page_type="cityprofiles.PracticePage")]
