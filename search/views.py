"""Site search over pages, using Wagtail's search backend, and place suggestions for forms."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cityprofiles.models import TakeActionPage
from core.http import FilterError, error_response
from core.sites import site_root_path
from core.text import MAX_SEARCH_LENGTH, search_words
from search.engine import highlight, looks_like_a_name, search_site, submit_listing_url
from search.facets import facets, narrow, selected
from search.places import clean_country, clean_query, suggest

RESULTS_PER_PAGE = 10


@require_safe
def search(request):
    """GET /search/?q=…[&type=…&policy_field=…&country=…&network=…&page=…]: ranked, highlighted,
    faceted and paginated results over profiles, practices, municipalities and networks.

    Overlong text is cut, odd characters are dropped, and both are explained on the page; the
    query is neither logged nor stored.
    """
    raw = request.GET.get("q", "")
    query = " ".join(raw.split())
    words = search_words(query)
    notes = []
    if len(query) > MAX_SEARCH_LENGTH:
        notes.append(
            _("Your search was long, so only its first %(count)s characters were used.") % {"count": MAX_SEARCH_LENGTH}
        )
    if query and not words:
        notes.append(_("Search for words: letters and digits. Other characters are left out."))
    context = {"search_query": query[:MAX_SEARCH_LENGTH], "search_words": words, "notes": notes}
    if words:
        hits, correction = search_site(words, request)
        chosen = selected(request)
        page = Paginator(narrow(hits, chosen), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        shown = correction or words
        for hit in page:
            hit.marked_title = highlight(hit.title, shown, length=30)
            hit.marked_text = highlight(hit.text, shown)
        context.update(
            search_results=page, correction=correction, facets=facets(hits, chosen), any_facet=any(chosen.values())
        )
        if not hits and looks_like_a_name(words):
            guide = TakeActionPage.objects.live().public().first()
            context.update(
                not_listed=words,
                take_action_url=guide.get_url(request) if guide else "",
                listing_url=submit_listing_url(words),
            )
    return TemplateResponse(request, "search/search.html", context)


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
    except FilterError as error:
        return error_response(error.parameter, error.message)
    results = suggest(query, country, lambda: site_root_path(request)) if query else []
    response = JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
