"""StreamField blocks for city profiles, practices and the take-action guide."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cityprofiles.serializers import document_representation, image_representation, page_link, rich_text_html


class SourceBlock(blocks.StructBlock):
    """A source that backs a statement: title, address and the date it was published or read."""

    title = blocks.CharBlock(max_length=300, label=_("Title"))
    url = blocks.URLBlock(label=_("Address (URL)"))
    date = blocks.DateBlock(required=False, label=_("Date"))

    class Meta:
        icon = "link"
        label = _("Source")
        template = "blocks/source_block.html"


class SectionBlock(blocks.StructBlock):
    """A section of an article: a heading and rich text."""

    heading = blocks.CharBlock(max_length=200, label=_("Heading"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link", "ol", "ul"], label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "blocks/section_block.html"

    def get_api_representation(self, value, context=None):
        """The heading, and the text as HTML with its links resolved (for headless front ends)."""
        return {"heading": value["heading"], "text": rich_text_html(value["text"])}


class QuoteBlock(blocks.StructBlock):
    """A quotation with the person who said it."""

    text = blocks.TextBlock(label=_("Quotation"))
    author = blocks.CharBlock(max_length=200, label=_("Author"))
    role = blocks.CharBlock(max_length=200, required=False, label=_("Role or organisation"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with a caption; the alternative text falls back to the image's description."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        required=False,
        label=_("Alternative text"),
        help_text=_("What the image shows, for people who cannot see it. Defaults to the image's description."),
    )
    caption = blocks.CharBlock(max_length=300, required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"

    def get_api_representation(self, value, context=None):
        """The image with renditions at a few sizes, its alt text (or the image's description) and caption."""
        return {
            "image": image_representation(value["image"], value["alt_text"], context),
            "alt_text": value["alt_text"],
            "caption": value["caption"],
        }


class FactBlock(blocks.StructBlock):
    """One label and value pair inside a fact box."""

    label = blocks.CharBlock(max_length=120, label=_("Label"))
    value = blocks.CharBlock(max_length=250, label=_("Value"))


class FactBoxBlock(blocks.StructBlock):
    """A box of key facts shown beside the text."""

    title = blocks.CharBlock(max_length=120, required=False, label=_("Title"))
    facts = blocks.ListBlock(FactBlock(), label=_("Facts"))

    class Meta:
        icon = "list-ul"
        label = _("Fact box")
        template = "blocks/fact_box_block.html"


class RelatedPracticesBlock(blocks.StructBlock):
    """A hand-picked list of good-practice articles."""

    heading = blocks.CharBlock(max_length=200, required=False, label=_("Heading"))
    practices = blocks.ListBlock(blocks.PageChooserBlock(page_type="cityprofiles.PracticePage"), label=_("Practices"))

    class Meta:
        icon = "list-ul"
        label = _("Related practices")
        template = "blocks/related_practices_block.html"

    def get_api_representation(self, value, context=None):
        """The heading and the chosen practices that are live and public, as short references."""
        practice_model = self.child_blocks["practices"].child_block.target_model  # PracticePage, by its name
        ids = [page.pk for page in value["practices"] if page is not None]
        public = {page.pk: page for page in practice_model.objects.live().public().filter(pk__in=ids)}
        return {
            "heading": value["heading"],
            "practices": [page_link(public[pk], context) for pk in ids if pk in public],
        }


class ArticleStreamBlock(blocks.StreamBlock):
    """The body of city profiles and practices."""

    section = SectionBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(label=_("Embed (video, audio, post)"), icon="media", template="blocks/embed_block.html")
    fact_box = FactBoxBlock()
    related_practices = RelatedPracticesBlock()


class ActionStepBlock(blocks.StructBlock):
    """One step in the citizens' guide, with an optional template to download."""

    heading = blocks.CharBlock(max_length=200, label=_("Step"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("What to do"))
    template_document = DocumentChooserBlock(required=False, label=_("Template to download"))

    class Meta:
        icon = "tick"
        label = _("Step")
        template = "blocks/action_step_block.html"

    def get_api_representation(self, value, context=None):
        """The step, its text as HTML with resolved links, and the template's title and download address."""
        return {
            "heading": value["heading"],
            "text": rich_text_html(value["text"]),
            "template_document": document_representation(value["template_document"], context),
        }


class TakeActionStreamBlock(blocks.StreamBlock):
    """The body of the take-action guide: numbered steps and free sections."""

    step = ActionStepBlock()
    section = SectionBlock()
    quote = QuoteBlock()
