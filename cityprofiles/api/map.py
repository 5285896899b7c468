"""The map's GeoJSON endpoint, /api/v2/map/ (a plain view: its compact format is its own)."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from cityprofiles.api.caching import cached_read
from cityprofiles.map import MapFilterForm, cached_geojson


def site_root_path(request):
    """The url_path of the site's root page ("/home/"), to turn page paths into addresses."""
    site = Site.find_for_request(request)
    return site.root_page.url_path if site else "/"


def error_response(parameter, message, status=400):
    """A JSON error that names the offending query parameter."""
    return JsonResponse({"error": {"parameter": parameter, "message": str(message)}}, status=status)


@cached_read
@require_GET
def map_geojson(request):
    """GET /api/v2/map/: every published municipality as an RFC 7946 FeatureCollection.

    Filters: policy_field, network, country, kind (profile | practice | member), q (name), bbox
    (west,south,east,north). Unknown or malformed parameters get a 400 naming the parameter.
    Conditional requests get 304 (see cached_read); CORS follows the API_CORS_ALLOWED_ORIGINS setting.
    """
    allowed = set(MapFilterForm.base_fields)
    for name in request.GET:
        if name not in allowed:
            return error_response(name, f"Unknown parameter “{name}”. Allowed: {', '.join(sorted(allowed))}.")
        if len(request.GET.getlist(name)) > 1:
            return error_response(name, f"Give “{name}” once.")
    form = MapFilterForm(request.GET)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        return error_response(name, " ".join(errors))
    return HttpResponse(cached_geojson(form, site_root_path(request)), content_type="application/geo+json")
