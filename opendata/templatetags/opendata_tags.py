"""Template tags for “Download this view” links on the pages whose filters the exports share."""

from django import template
from django.urls import reverse

from opendata.exports import EXPORTS
from opendata.filters import subset
from opendata.formats import FORMATS

register = template.Library()


@register.inclusion_tag("opendata/download_links.html", takes_context=True)
def download_links(context, name):
    """Links to the CSV and GeoJSON of export `name` with the current page's filters (page number and
    parameters the export does not know are left out), and to the /data/ page with the same filters."""
    export = EXPORTS[name]
    request = context["request"]
    query = subset(request.GET, export.parameters).urlencode()
    suffix = f"?{query}" if query else ""
    return {
        "export": export,
        "links": {fmt: reverse("opendata_download", kwargs={"name": name, "fmt": fmt}) + suffix for fmt in FORMATS},
        "page_url": reverse("opendata") + suffix + f"#columns-{name}",
    }
