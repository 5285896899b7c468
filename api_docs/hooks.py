"""drf-spectacular hooks: keep the public API (/api/v2/) and add the map's GeoJSON endpoint.

The map endpoint is a plain Django view (cityprofiles.api.map_geojson), which drf-spectacular
does not see; its parameters come from cityprofiles.filters.MunicipalityFilterSet and its properties' meanings
from cityprofiles.geojson.LEGEND, so the description follows the code.
"""

from django.urls import reverse

from api_docs.formschema import form_parameters

API_PREFIX = "/api/v2/"


def keep_public_api(endpoints, **kwargs):
    """Preprocessing hook: only the endpoints under /api/v2/ (not Wagtail's admin API, not the docs)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


def feature_collection_schema():
    """The map's compact RFC 7946 FeatureCollection (see cityprofiles.geojson.feature_collection)."""
    from cityprofiles.geojson import LEGEND

    def legend(key, schema):
        return {**schema, "description": LEGEND[key]}

    index_list = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1}
    feature = {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": legend("id", {"type": "integer"}),
            "geometry": {
                "type": "object",
                "required": ["type", "coordinates"],
                "additionalProperties": False,
                "properties": {
                    "type": {"type": "string", "enum": ["Point"]},
                    "coordinates": {
                        "type": "array",
                        "minItems": 2,
                        "maxItems": 2,
                        "items": {"type": "number"},
                        "description": "[longitude, latitude] in degrees (RFC 7946: longitude first), 3 decimals.",
                    },
                },
            },
            "properties": {
                "type": "object",
                "required": ["n", "cc", "k"],
                "additionalProperties": False,
                "properties": {
                    "n": legend("n", {"type": "string"}),
                    "cc": legend("cc", {"type": "string", "minLength": 2, "maxLength": 2}),
                    "k": legend("k", {"type": "string", "enum": ["p", "g", "m", "l"]}),
                    "nw": legend("nw", index_list),
                    "pf": legend("pf", index_list),
                    "np": legend("np", {"type": "integer", "minimum": 1}),
                    "u": legend("u", {"type": "string"}),
                },
            },
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "url_template", "networks", "policy_fields", "legend", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "url_template": {"type": "string", "description": "A place's page: replace {id} with its id."},
            "networks": {"type": "array", "items": {"type": "string"}, "description": "Network slugs (`nw` indexes)."},
            "policy_fields": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Policy field slugs (`pf` indexes).",
            },
            "legend": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "What each short key means.",
            },
            "features": {"type": "array", "items": feature},
        },
    }


def language_parameter():
    """The map's `lang`: the site language whose page addresses the features link to."""
    from django.conf import settings

    return {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "The language of the page addresses (`u`, `url_template`); English by default.",
        "schema": {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]},
    }


def map_operation():
    """GET /api/v2/map/ as an OpenAPI operation."""
    from cityprofiles.api import map_geojson
    from cityprofiles.filters import MunicipalityFilterSet

    error = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["parameter", "message"],
                "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    }
    return {
        "operationId": "map_geojson",
        "summary": "Every published municipality on the map, as GeoJSON",
        "description": map_geojson.__doc__.strip().splitlines()[0]
        + " "
        + ("Parameters that are unknown, given twice or malformed get a 400 naming the parameter."),
        "tags": ["map"],
        "parameters": form_parameters(MunicipalityFilterSet().get_form_class()) + [language_parameter()],
        "responses": {
            "200": {
                "description": "An RFC 7946 FeatureCollection with compact properties (see `legend`).",
                "content": {"application/geo+json": {"schema": feature_collection_schema()}},
            },
            "400": {
                "description": "A parameter is unknown, repeated or malformed.",
                "content": {"application/json": {"schema": error}},
            },
        },
    }


def add_map_endpoint(result, generator, request, public, **kwargs):
    """Postprocessing hook: add the map endpoint, mark request bodies required, and list paths in
    address order."""
    result["paths"][reverse("map_geojson")] = {"get": map_operation()}
    for operations in result["paths"].values():
        for operation in operations.values():
            if "requestBody" in operation:  # the endpoints that take a body refuse a request without one
                operation["requestBody"]["required"] = True
    result["paths"] = dict(sorted(result["paths"].items()))
    result.setdefault("tags", [])
    return result
