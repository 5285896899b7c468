"""Template tags for site navigation."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The live top-level pages marked “show in menus”, for the header navigation."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def network_url(context, network):
    """The public page of a network (a sub-page of the network index), computed once per request."""
    from cityprofiles.models import NetworkIndexPage

    request = context.get("request")
    base = getattr(request, "_network_index_url", None)
    if base is None:
        index = NetworkIndexPage.objects.live().first()
        base = index.get_url(request) if index else ""
        if request is not None:
            request._network_index_url = base
    return f"{base}{network.slug}/" if base else ""
