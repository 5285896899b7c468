"""The map's GeoJSON endpoint, /api/v2/map/ (a plain view: its compact format is its own)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from wagtail.models import Site

from cityprofiles.api.caching import cached_read
from cityprofiles.filters import FilterError, check_parameters, first_error
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
    (west,south,east,north); `lang` (a site language code) gives the addresses of that language's
    pages. Unknown or malformed parameters get a 400 naming the parameter.
    Conditional requests get 304 (see cached_read); CORS follows the API_CORS_ALLOWED_ORIGINS setting.
    """
    form = MapFilterForm(request.GET)
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    try:
        check_parameters(request.GET, [*MapFilterForm.base_fields, "lang"])
        if language not in dict(settings.LANGUAGES):
            raise FilterError(
                "lang",
                gettext("Choose one of the site's languages: %(codes)s.")
                % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)},
            )
        if not form.is_valid():
            raise first_error(form)
    except FilterError as error:
        return error_response(error.parameter, error.message)
    with translation.override(language):
        body = cached_geojson(form, site_root_path(request))
    return HttpResponse(body, content_type="application/geo+json")
