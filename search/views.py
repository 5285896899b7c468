"""Site search over pages, using Wagtail's search backend, and place suggestions for forms."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from cityprofiles.api import error_response, site_root_path
from search.text import search_words
from search.places import QueryError, clean_country, clean_query, suggest

MAX_QUERY_LENGTH = 200


def search(request):
    """Search live pages for the query in ?q= and show a paginated list of results."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    words = search_words(query)
    results = Page.objects.live().public().specific().search(words) if words else Page.objects.none()
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})


@require_safe
def place_autocomplete(request):
    """GET /search/places/?q=<text>[&country=XX]: up to 10 places whose name starts with the text.

    Listed municipalities come first, then places of the offline gazetteer by population; names
    match without regard to case or accents. Fewer than 2 characters give an empty list; more
    than 100, odd characters or an unknown country give a 400 naming the parameter.
    """
    try:
        query = clean_query(request.GET.get("q", ""))
        country = clean_country(request.GET.get("country", ""))
    except QueryError as error:
        return error_response(error.parameter, error)
    results = suggest(query, country, lambda: site_root_path(request)) if query else []
    response = JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
