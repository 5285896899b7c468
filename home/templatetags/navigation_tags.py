"""Template tags for site navigation."""

from django import template
from wagtail.models import Page, Site

from languages.pages import in_visitor_language

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The live top-level pages marked “show in menus”, in the visitor's language where translated."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    originals = site.root_page.get_children().live().public().in_menu()
    pages = {p.translation_key: p for p in in_visitor_language(
        Page.objects.live().public().filter(translation_key__in=originals.values("translation_key"))).specific()}
    return [pages[p.translation_key] for p in originals.only("translation_key") if p.translation_key in pages]


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
