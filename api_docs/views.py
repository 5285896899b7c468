"""The OpenAPI schema (/api/schema/, JSON; YAML with ?format=yaml) and the API page (/api/)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer2, OpenApiYamlRenderer
from drf_spectacular.settings import patched_settings
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request

from api_docs.examples import endpoints_for_page

# drf-spectacular's settings for this schema, kept here beside the view rather than in settings.
SCHEMA_SETTINGS = {
    "TITLE": "Moving Cities API",
    "DESCRIPTION": (
        "Everything public on Moving Cities, for other front ends: pages (city profiles, good practices, "
        "networks …), images, documents, municipalities, networks, policy fields and the map, read-only; "
        "and new submissions for moderation. Read endpoints follow Wagtail API v2's conventions "
        "(`fields`, `limit`/`offset`, `order`, `search`)."
    ),
    "VERSION": "2",
    "PREPROCESSING_HOOKS": ["api_docs.hooks.keep_public_api"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api_docs.hooks.add_map_endpoint"],
    "DISABLE_ERRORS_AND_WARNINGS": True,
}


class SchemaView(SpectacularAPIView):
    """GET /api/schema/: the OpenAPI 3 schema of /api/v2/, generated from the code on each request."""

    renderer_classes = [OpenApiJsonRenderer2, OpenApiYamlRenderer]
    custom_settings = SCHEMA_SETTINGS
    authentication_classes = []


def build_schema(request):
    """The same schema as a dict, for the API page."""
    with patched_settings(SCHEMA_SETTINGS):
        return SchemaGenerator().get_schema(request=Request(request, authenticators=[]), public=True)


def api_page(request):
    """GET /api/: the API for people — endpoints, parameters and example calls, from the schema."""
    schema = build_schema(request)
    base = request.build_absolute_uri("/").rstrip("/")
    return TemplateResponse(
        request,
        "api/docs.html",
        {
            "schema": schema,
            "groups": endpoints_for_page(schema, base),
            "base_url": base,
            "page_title": _("API"),
        },
    )
