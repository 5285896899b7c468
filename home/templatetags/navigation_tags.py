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
    """The public page of a network (a sub-page of the network index); one query per request."""
    from cityprofiles.models import NetworkIndexPage

    request = context.get("request")
    index = getattr(request, "_network_index", None) if request else None
    if index is None:
        index = NetworkIndexPage.objects.live().first() or False
        if request is not None:
            request._network_index = index
    if not index:
        return ""
    return index.url_for(network)
