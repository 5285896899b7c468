"""The map's GeoJSON endpoint, /api/v2/map/ (a plain view: its compact format is its own)."""

import functools

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from cityprofiles.api.caching import cached_read
from cityprofiles.filters import MAP_PARAMETERS, MunicipalityFilterSet
from cityprofiles.geojson import cached_geojson
from core.http import FilterError, check_parameters, error_response, first_error
from core.sites import site_root_path


def get_only(view):
    """The view for GET (and HEAD); any other method is a 405 in the JSON error shape."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(None, f"{request.method} is not allowed: use GET.", status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapper


@csrf_exempt  # read-only: another method gets the JSON 405, not the CSRF page
@cached_read
@get_only
def map_geojson(request):
    """GET /api/v2/map/: every published municipality as an RFC 7946 FeatureCollection.

    Filters: policy_field, network, country, kind (profile | practice | member), q (name), bbox
    (west,south,east,north); `lang` (a site language code) gives the addresses of that language's
    pages. Unknown or malformed parameters get a 400 naming the parameter.
    Conditional requests get 304 (see cached_read); CORS follows the API_CORS_ALLOWED_ORIGINS setting.
    """
    filters = MunicipalityFilterSet(request.GET)
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    try:
        check_parameters(request.GET, [*MAP_PARAMETERS, "lang"])
        if language not in dict(settings.LANGUAGES):
            raise FilterError(
                "lang",
                gettext("Choose one of the site's languages: %(codes)s.")
                % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)},
            )
        if not filters.is_valid():
            raise first_error(filters.form)
    except FilterError as error:
        return error_response(error.parameter, error.message)
    with translation.override(language):
        body = cached_geojson(filters, site_root_path(request))
    return HttpResponse(body, content_type="application/geo+json")
