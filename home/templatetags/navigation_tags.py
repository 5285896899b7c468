"""Template tags for site navigation."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from languages.pages import in_visitor_language

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The live top-level pages marked “show in menus”, in the visitor's language where translated.

    Each comes with `menu_url`: its translation's address, or the original's under the visitor's
    language prefix (shown in English with a note).
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    originals = list(site.root_page.get_children().live().public().in_menu())
    language = translation.get_language()
    translated = {}
    if language != settings.LANGUAGE_CODE:
        translated = {
            p.translation_key: p
            for p in in_visitor_language(
                Page.objects.live().public().filter(translation_key__in=[p.translation_key for p in originals])
            )
        }
    items = []
    for original in originals:
        item = translated.get(original.translation_key, original)
        if item is original and language != settings.LANGUAGE_CODE:
            with translation.override(settings.LANGUAGE_CODE):
                item.menu_url = translate_url(original.get_url(request), language)
        else:
            item.menu_url = item.get_url(request)
        items.append(item)
    return items


@register.simple_tag(takes_context=True)
def network_url(context, network):
    """The public page of a network (a sub-page of the network index), computed once per request."""
    from cityprofiles.models import NetworkIndexPage

    request = context.get("request")
    base = getattr(request, "_network_index_url", None)
    if base is None:
        index = in_visitor_language(NetworkIndexPage.objects.live()).first()
        base = index.get_url(request) if index else ""
        if request is not None:
            request._network_index_url = base
    return f"{base}{network.slug}/" if base else ""
