"""How the headless API writes what pages hold: rich text with its links resolved, images with
renditions and alt text, municipalities with coordinates, memberships with one commitment per
criterion, linked practices and networks.

Page models and blocks use these fields, so this module imports no models at load time.
"""

from collections import OrderedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch
from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionField
from wagtail.rich_text import RichText, expand_db_html

# The sizes every image is offered in: small for lists, medium for the text column, large for
# wide screens. Wagtail makes a rendition the first time a size is asked for.
IMAGE_RENDITIONS = OrderedDict([("small", "width-400"), ("medium", "width-800"), ("large", "width-1600")])


def rich_text_html(value):
    """Rich text (a RichText or its stored source) as front-end HTML: page and document links become addresses."""
    if value is None:
        return ""
    source = value.source if isinstance(value, RichText) else str(value)
    return expand_db_html(source)


def base_url(request):
    """Where absolute addresses in API answers start: WAGTAILAPI_BASE_URL when it is set, else the
    scheme and host the request came to (never a fixed host); "" with neither."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        parts = urlsplit(str(configured))
        return f"{parts.scheme}://{parts.netloc}"
    return request.build_absolute_uri("/")[:-1] if request is not None else ""


def absolute_url(request, url):
    """`url` made absolute with base_url (an address that already is one stays as it is)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return base_url(request) + url


def page_url(page, request):
    """A page's public address, absolute (see base_url; another site's page keeps its own host), or
    None for a page that has none. (Its path comes from the cached site root paths: no query.)"""
    try:
        return absolute_url(request, page.get_url())
    except NoReverseMatch:
        return None


def detail_url(context, model, pk):
    """The absolute API address of one object, or None when no endpoint serves its model."""
    if not context or "router" not in context:
        return None
    path = context["router"].get_object_detail_urlpath(model, pk)
    return absolute_url(context.get("request"), path) if path else None


def type_name(model):
    """The "app_label.ModelName" Wagtail's API gives as an object's type."""
    return f"{model._meta.app_label}.{model.__name__}"


def nested(obj, context, meta=(), **fields):
    """An object as Wagtail's API nests related objects: id, meta (type, detail_url, …), fields."""
    model = type(obj)
    data = OrderedDict(
        [
            ("id", obj.pk),
            (
                "meta",
                OrderedDict([("type", type_name(model)), ("detail_url", detail_url(context, model, obj.pk)), *meta]),
            ),
        ]
    )
    data.update(fields)
    return data


def image_representation(image, alt_text="", context=None):
    """An image nested as Wagtail's API nests images, with its alt text (the block's, else the
    image's description, else its title) and renditions at IMAGE_RENDITIONS' sizes."""
    if image is None:
        return None
    image.get_renditions(*IMAGE_RENDITIONS.values())  # one query; the fields below then read them
    alt = alt_text or image.description or image.title
    renditions = OrderedDict()
    for name, spec in IMAGE_RENDITIONS.items():
        rendition = ImageRenditionField(spec).to_representation(image)
        if "alt" in rendition:
            rendition["alt"] = alt
        renditions[name] = rendition
    return nested(
        image, context, title=image.title, alt=alt, width=image.width, height=image.height, renditions=renditions
    )


def document_representation(document, context=None):
    """A document nested as Wagtail's API nests documents: title and the address it downloads from."""
    if document is None:
        return None
    download_url = absolute_url(context and context.get("request"), document.url)
    return nested(document, context, meta=[("download_url", download_url)], title=document.title)


def page_link(page, context=None):
    """A live page as Wagtail's API nests pages (like its `parent` field): id, meta with type,
    detail_url and html_url, and title."""
    from wagtail.models import Page

    data = nested(
        page, context, meta=[("html_url", page_url(page, context and context.get("request")))], title=page.title
    )
    data["meta"]["detail_url"] = detail_url(context, Page, page.pk)
    return data


class RichTextSerializer(serializers.Field):
    """A rich-text field written as HTML with resolved links."""

    def to_representation(self, value) -> str:
        return rich_text_html(value)


def municipality_summary(municipality, context=None):
    """A municipality nested as the municipalities endpoint nests it: name, place and coordinates."""
    return nested(
        municipality,
        context,
        name=municipality.name,
        slug=municipality.slug,
        country=municipality.country,
        region=municipality.region,
        latitude=municipality.latitude,
        longitude=municipality.longitude,
    )


def network_summary(network, context=None):
    """A network nested as the networks endpoint nests it: name, short name and slug."""
    return nested(network, context, name=network.name, short_name=network.short_name, slug=network.slug)


def commitment_rows(membership):
    """One entry per criterion of the membership's network, in order; "unknown" where nothing is recorded."""
    rows = []
    for row in membership.commitment_rows():
        status = row["status"]
        rows.append(
            OrderedDict(
                [
                    ("criterion", row["criterion"].key),
                    ("title", row["criterion"].title),
                    ("decided", status.decided if status else "unknown"),
                    ("fulfilled", status.fulfilled if status else "unknown"),
                    ("evidence_url", status.evidence_url if status else ""),
                    ("last_updated", status.last_updated.isoformat() if status and status.last_updated else None),
                ]
            )
        )
    return rows


def membership_representation(membership, context=None, network=True, municipality=False):
    """A membership: the network (or the member), status, dates, source and per-criterion commitments."""
    data = OrderedDict()
    if network:
        data["network"] = network_summary(membership.network, context)
    if municipality:
        data["municipality"] = municipality_summary(membership.municipality, context)
    data.update(
        [
            ("status", membership.status),
            ("is_current", membership.is_current),
            ("since", membership.since.isoformat() if membership.since else None),
            ("since_precision", membership.since_precision),
            ("until", membership.until.isoformat() if membership.until else None),
            ("source_url", membership.source_url),
            ("fulfilled_count", membership.fulfilled_count),
            ("criteria_count", membership.criteria_count),
            ("commitments", commitment_rows(membership)),
        ]
    )
    return data


class MembershipsSerializer(serializers.Field):
    """A municipality's memberships with networks and commitments (from prefetched relations)."""

    def to_representation(self, memberships) -> list:
        return [membership_representation(m, self.context) for m in memberships.all()]


class PageLinksSerializer(serializers.Field):
    """A list of live pages (related or the municipality's practices), each as a short reference."""

    def to_representation(self, pages) -> list:
        return [page_link(page, self.context) for page in pages]
