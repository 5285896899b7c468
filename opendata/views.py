"""The open-data page (/data/) and its downloads (/data/<file>.<csv|geojson>)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.http import error_response
from core.sites import site_root_path
from opendata.datasets import ExportContext
from opendata.exports import EXPORTS
from opendata.filters import FilterError, map_form, practice_filterset, subset
from opendata.formats import FORMATS, export_response, licence


def export_context(request):
    """The ExportContext of a request: its site root and its scheme and host."""
    return ExportContext(site_root_path=site_root_path(request), base_url=request.build_absolute_uri("/")[:-1])


@require_safe
def download(request, name, fmt):
    """One export file with the request's filters; 400 naming the parameter when a filter is invalid."""
    export = EXPORTS.get(name)
    if export is None or fmt not in FORMATS:
        raise Http404
    try:
        filters = export.parse(request.GET)
    except FilterError as error:
        return error_response(error.parameter, error.message)
    source = request.build_absolute_uri(reverse("opendata"))
    if request.GET:
        source += "?" + request.GET.urlencode()
    rows = export.rows(filters, export_context(request))
    return export_response(export, fmt, rows, source, {key: value for key, value in request.GET.items()})


def page_filters(request):
    """The /data/ page's filter fields: the map's (labelled for places) and the practice index's status."""
    places = map_form(request.GET)
    practices = practice_filterset(request.GET)
    places.fields["kind"].label = _("Places")
    practices.form.fields["status"].label = _("Status of practices")
    fields = [field for field in places if not field.is_hidden] + [practices.form["status"]]
    return places, practices, fields


@require_safe
def data_page(request):
    """The open-data page: filters, the files with their row counts and links, the licence, the columns.

    Parameters it does not know are ignored here (links from elsewhere may carry some); invalid
    filter values give the page with the error and status 400.
    """
    places, practices, fields = page_filters(request)
    valid = places.is_valid() & practices.is_valid()
    filters = {"places": places.cleaned_data, "practices": practices} if valid else None
    files = []
    for export in EXPORTS.values():
        query = subset(request.GET, export.parameters).urlencode()
        files.append(
            {
                "export": export,
                "count": export.count(filters[export.filters]) if valid else None,
                "links": {
                    fmt: reverse("opendata_download", kwargs={"name": export.slug, "fmt": fmt})
                    + (f"?{query}" if query else "")
                    for fmt in FORMATS
                },
            }
        )
    return render(
        request,
        "opendata/data_page.html",
        {
            "fields": fields,
            "valid": valid,
            "files": files,
            "licence": licence(),
            "today": timezone.localdate(),
        },
        status=200 if valid else 400,
    )
