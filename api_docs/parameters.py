"""Query and path parameters of Wagtail API endpoints, from each endpoint's declared parameters.

Every name in an endpoint's `known_query_parameters` (and `find_query_parameters`) becomes a
parameter: Wagtail's own ones with their exact rules (see wagtail.api.v2.filters and
.pagination), those an endpoint's filter backend describes (django-filter or DRF's
get_schema_operation_parameters) as it describes them, and any other as a plain string.
"""

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.extensions import OpenApiFilterExtension
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page, get_page_models


def router():
    """The API router whose endpoints are described (imported late: it imports every endpoint)."""
    from cityprofiles.api.router import api_router

    return api_router


def query(name, schema, description, **extra):
    """One optional query parameter."""
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description, **extra}


def comma_list(items):
    """A parameter whose values are joined by commas (`?order=a,-b`)."""
    return {"schema": {"type": "array", "items": items, "minItems": 1}, "style": "form", "explode": False}


def limit_max(endpoint):
    """The largest `limit` the endpoint allows (its paginator's own cap, else WAGTAILAPI_LIMIT_MAX)."""
    paginator = getattr(endpoint, "pagination_class", None)
    for attribute in ("limit_max", "max_limit"):
        if isinstance(getattr(paginator, attribute, None), int):
            return getattr(paginator, attribute)
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)


def offset_max(endpoint):
    """The largest `offset` (the paginator's `max_offset`), as a schema's `maximum`."""
    largest = getattr(getattr(endpoint, "pagination_class", None), "max_offset", None)
    return {"maximum": largest} if isinstance(largest, int) else {}


def path_id():
    """The {id} of a detail address."""
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
        "description": "The object's id.",
    }


def field_names(endpoint, detail):
    """The fields `fields` may name: the endpoint's (for pages, those of every page type), less
    the detail-only ones on a listing."""
    models = get_page_models() if is_pages(endpoint) else [endpoint.model]
    names = {name: None for model in models for name in endpoint.get_available_fields(model)}
    return [name for name in names if detail or name not in endpoint.detail_only_fields]


def relation_names(endpoint, detail):
    """The fields of field_names that are related objects, with the fields each can be asked for."""
    models = get_page_models() if is_pages(endpoint) else [endpoint.model]
    found = {}
    for name in field_names(endpoint, detail):
        for model in models:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and field.related_model is not None and name not in found:
                child = router().get_model_endpoint(field.related_model)
                child_endpoint = child[1] if child else BaseAPIViewSet
                found[name] = [
                    n
                    for n in child_endpoint.get_available_fields(field.related_model)
                    if n not in child_endpoint.detail_only_fields
                ]
    return found


def fields_pattern(endpoint, detail):
    """The `fields` values the endpoint takes: `*` or `_` first, then fields, each optionally
    negated with `-` (after `*` only taken away, after `_` only added); related objects with
    their own fields in brackets (one level)."""

    def items(names, nested):
        plain = "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"
        related = [f"{re.escape(n)}\\({items(sub, {})}\\)" for n, sub in nested.items() if sub]
        any_item = "(?:" + "|".join([*related, f"-?{plain}"]) + ")"
        added = "(?:" + "|".join([*related, plain]) + ")"  # after `_`
        removed = "(?:" + "|".join([*related, f"-{plain}"]) + ")"  # after `*`
        return f"(?:\\*(?:,{removed})*|_(?:,{added})*|{any_item}(?:,{any_item})*)"

    return f"^(?:{items(field_names(endpoint, detail), relation_names(endpoint, detail))})?$"


def fields_parameter(endpoint, detail=False):
    """?fields=: which fields to send."""
    names = ", ".join(field_names(endpoint, detail))
    return query(
        "fields",
        {"type": "string", "pattern": fields_pattern(endpoint, detail)},
        (
            "Fields to send, comma-separated: `title,slug` adds fields to the defaults, `-title` removes one, "
            "`*` starts from all fields and `_` from none; related objects take sub-fields in brackets, "
            f"`parent(title)`. Fields of this endpoint: {names}"
            + ("; a field that a page does not have is left out" if is_pages(endpoint) else "")
            + "."
        ),
    )


def conditional_headers():
    """If-None-Match and If-Modified-Since, for endpoints that answer conditional requests with 304
    (those whose class lists the view in `cached_views`, see cityprofiles.api.caching)."""
    return [
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "An ETag from an earlier answer: 304 if nothing changed.",
        },
        {
            "name": "If-Modified-Since",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "The Last-Modified of an earlier answer: 304 if nothing changed since.",
        },
    ]


def plumbing_parameters():
    """?format= and ?_=, which every Wagtail endpoint accepts."""
    return [
        query(
            "format",
            {"type": "string", "enum": ["json", "api"]},
            "`json` (the default) or `api` for Django REST framework's browsable HTML view (text/html).",
        ),
        query("_", {"type": "string"}, "Ignored (lets a client bust caches)."),
    ]


def order_parameter(endpoint):
    """?order=: fields to sort by (`-` for descending), or `random`."""
    names = sorted(endpoint.get_available_fields(endpoint.model, db_fields_only=True), key=len, reverse=True)
    field = "-?(?:" + "|".join(re.escape(name) for name in names) + ")"
    return query(
        "order",
        {"type": "string", "pattern": f"^(?:random|{field}(?:,{field})*)$"},
        "Sort by these fields, comma-separated, `-` before a field for descending; or `random` alone.",
    )


PAGE_TREE = {
    "child_of": "Only the children of this page (an id, or `root` for the site's home page).",
    "descendant_of": "Only pages below this page (an id, or `root`); not with `child_of`.",
    "translation_of": "Only translations of this page (an id, or `root`).",
}


def site_schema():
    """The sites `?site=` can name: each configured site's hostname, and hostname:port."""
    from wagtail.models import Site

    values = sorted(
        {
            value
            for hostname, port in Site.objects.values_list("hostname", "port")
            for value in (hostname, f"{hostname}:{port}")
        }
    )
    return {"type": "string", **({"enum": values} if values else {})}


def standard_parameter(name, endpoint):
    """Wagtail's own query parameters, exactly as its filters and paginator take them; None if not one."""
    page_or_root = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "enum": ["root"]}]}
    cap = limit_max(endpoint)
    table = {
        "limit": lambda: query(
            "limit",
            {
                "type": "integer",
                "minimum": 0,
                **({"maximum": cap} if cap else {}),
                "default": min(20, cap) if cap else 20,
            },
            f"How many items to send{f' (at most {cap})' if cap else ''}.",
        ),
        "offset": lambda: query(
            "offset",
            {"type": "integer", "minimum": 0, **offset_max(endpoint), "default": 0},
            "How many items to skip.",
        ),
        "fields": lambda: fields_parameter(endpoint),
        "order": lambda: order_parameter(endpoint),
        "search": lambda: query(
            "search",
            {"type": "string"},
            "Full-text search."
            if search_enabled()
            else "Search is switched off here (WAGTAILAPI_SEARCH_ENABLED): any value gives a 400.",
        ),
        "search_operator": lambda: query(
            "search_operator",
            {"type": "string", "enum": ["and", "or"]},
            "With `search`: whether every word (`and`) or any (`or`) must match.",
        ),
        "type": lambda: query(
            "type",
            description=(
                "Only pages of these types (`app_label.ModelName`); with one type, its own fields can be asked for "
                "in `fields` and filtered on."
            ),
            **comma_list({"type": "string", "enum": sorted(model_label(model) for model in get_page_models())}),
        ),
        "ancestor_of": lambda: query("ancestor_of", {"type": "integer", "minimum": 0}, "Only pages above this page."),
        "locale": lambda: query(
            "locale",
            {"type": "string", "enum": [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]},
            "Only pages in this language (a language code).",
        ),
        "site": lambda: query(
            "site", site_schema(), "Pages of this site (`hostname` or `hostname:port`) instead of the requested one."
        ),
        "format": lambda: plumbing_parameters()[0],
        "_": lambda: plumbing_parameters()[1],
        **{key: (lambda key=key: query(key, page_or_root, PAGE_TREE[key])) for key in PAGE_TREE},
    }
    return table[name]() if name in table else None


def listing_parameters(auto_schema, endpoint):
    """Every query parameter of an endpoint's listing view."""
    found = {}
    for name in sorted(endpoint.known_query_parameters):
        parameter = standard_parameter(name, endpoint)
        if parameter:
            found[name] = parameter
    for parameter in backend_parameters(auto_schema, endpoint):
        if parameter.get("in") == "query":
            found.setdefault(parameter["name"], parameter)
    for parameter in field_filter_parameters(endpoint):
        found.setdefault(parameter["name"], parameter)
    for name in sorted(endpoint.known_query_parameters - set(found)):
        found[name] = query(name, {"type": "string"}, f"Filter by {name.replace('_', ' ')}.")
    for name in getattr(endpoint, "required_query_parameters", ()):
        found[name] = {**found[name], "required": True, "schema": {"type": "string", "minLength": 1}}
    if SearchFilter not in endpoint.filter_backends and "search" in found:
        found["search"]["description"] += " (This endpoint ignores it.)"
    return list(found.values())


def field_filter_parameters(endpoint):
    """`?<field>=value` for each database field, where the endpoint has Wagtail's FieldsFilter."""
    if FieldsFilter not in endpoint.filter_backends:
        return []
    return [
        query(name, field_filter_schema(endpoint.model, name), f"Only items whose `{name}` equals this value.")
        for name in endpoint.get_available_fields(endpoint.model, db_fields_only=True)
        if name != "locale"
    ]


def find_parameters(endpoint):
    """The parameters of an endpoint's find view: what to find by, plus any listing parameter to pass on."""
    described = {
        "id": query("id", {"type": "integer", "minimum": 0}, "The object's id."),
        "html_path": query("html_path", {"type": "string"}, "The page's path on the site, e.g. `/cities/berlin/`."),
    }
    return [
        described.get(name) or query(name, {"type": "string"}, f"Find by {name.replace('_', ' ')}.")
        for name in sorted(endpoint.find_query_parameters)
    ]


def model_label(model):
    """“app_label.ModelName”, the form Wagtail's API uses in `meta.type` and `?type=`."""
    return f"{model._meta.app_label}.{model.__name__}"


def backend_parameters(auto_schema, endpoint):
    """Query parameters that the endpoint's own filter backends describe (django-filter, DRF's API)."""
    found = []
    for backend in getattr(endpoint, "filter_backends", []):
        if backend.__module__.startswith("wagtail."):
            continue  # described in api_docs.parameters
        extension = OpenApiFilterExtension.get_match(backend)
        try:
            found += (
                extension.get_schema_operation_parameters(auto_schema)
                if extension
                else backend().get_schema_operation_parameters(auto_schema.view)
            )
        except Exception:  # noqa: BLE001 - a backend that cannot describe itself is described generically
            continue
    return found


# What a database integer column can be compared with: beyond 64 bits SQLite's driver raises
# OverflowError (a 500), so the schema, and with it the server (api_docs.validation), stops there.
DATABASE_INTEGER = {"minimum": -(2**63), "maximum": 2**63 - 1}


def field_filter_schema(model, name):
    """The schema of a `?<field>=value` filter (Wagtail's FieldsFilter) from the model field's type."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return {"type": "string"}
    if isinstance(field, TaggableManager):
        return {"type": "string", "description": "Comma-separated tags; each must be present."}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey)):
        return {"type": "integer", **DATABASE_INTEGER}
    if isinstance(field, (models.DateTimeField, models.DateField, models.FloatField, models.DecimalField)):
        kind = {models.DateTimeField: "date-time", models.DateField: "date"}
        fmt = next((value for cls, value in kind.items() if isinstance(field, cls)), None)
        return {"type": "string", "format": fmt} if fmt else {"type": "number"}
    schema = {"type": "string"}
    if field.choices:
        schema["enum"] = [str(value) for value, _label in field.flatchoices]
    return schema


def search_enabled():
    """Whether ?search= is on (WAGTAILAPI_SEARCH_ENABLED)."""
    return getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True)


def is_pages(endpoint):
    """Whether the endpoint serves pages (and takes ?type=, ?child_of= …)."""
    return issubclass(endpoint, PagesAPIViewSet) or issubclass(endpoint.model or object, Page)
