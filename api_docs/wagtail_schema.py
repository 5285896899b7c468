"""OpenAPI operations for Wagtail API v2 endpoints, built from each endpoint class.

Wagtail's API has no schema generator of its own, and drf-spectacular cannot introspect it: an
endpoint's serializer is made per request from the `fields` parameter. So every view registered in
the router (any BaseAPIViewSet subclass, found by drf-spectacular in the URLconf) is described here
from what the class itself declares: `model`, `known_query_parameters`, `body_fields`,
`meta_fields`, `detail_only_fields`, the models' `api_fields`, its filter backends, and for pages
every page type from `get_page_models()`. drf-spectacular still maps the plain DRF fields (model
fields, nested serializers in `APIField(serializer=…)`), keeps the component registry and renders.

Objects list every field a `fields` parameter may ask for, and none as required (`fields=_`
leaves out even `id`); unknown fields are not allowed, since the endpoint refuses to send them.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.extensions import OpenApiFilterExtension, OpenApiViewExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, append_meta, get_doc, is_field, is_serializer
from rest_framework import serializers
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page, get_page_models

from api_docs import parameters as params
from api_docs.formschema import form_parameters
from api_docs.parameters import router

MESSAGE = {  # core.http.error_body
    "type": "object",
    "required": ["message", "error"],
    "properties": {
        "message": {"type": "string"},
        "error": {
            "type": "object",
            "required": ["parameter", "message"],
            "properties": {
                "parameter": {"type": "string", "nullable": True, "description": "The query parameter at fault."},
                "message": {"type": "string"},
            },
        },
    },
}
URL = {"type": "string", "format": "uri"}
PAGE_LINK = {  # wagtail.api.v2.serializers.PageParentField / PageAliasOfField: a fixed short form
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "meta", "title"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "meta": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "detail_url", "html_url"],
            "properties": {"type": {"type": "string"}, "detail_url": URL, "html_url": {**URL, "nullable": True}},
        },
    },
}
RENDITION = {
    "type": "object",
    "description": 'A rendition of the image (or {"error": …} when the original file cannot be read).',
    "properties": {
        "url": {"type": "string"},
        "full_url": URL,
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "alt": {"type": "string"},
        "error": {"type": "string"},
    },
}


class WagtailEndpointSchema(AutoSchema):
    """Describes the listing, detail and find views of one Wagtail API endpoint class."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        """The OpenAPI operation for one of the endpoint's three views."""
        self.registry, self.path, self.path_regex, self.path_prefix = registry, path, path_regex, path_prefix
        self.method = method.upper()
        endpoint, action = self.endpoint, self.view.action
        name = self.endpoint_name()
        summary, parameters, responses = {
            "listing_view": self.listing,
            "detail_view": self.detail,
            "find_view": self.find,
        }[action](endpoint)
        errors = {
            "400": {"description": "A parameter is unknown or malformed.", "content": self.json(MESSAGE)},
            "404": {
                "description": "Not found (or a page that a parameter names does not exist).",
                "content": self.json(MESSAGE),
            },
        }
        if action.removesuffix("_view") in getattr(endpoint, "cached_views", ()):
            parameters = [*parameters, *params.conditional_headers()]
            responses = {**responses, "304": {"description": "Not modified since the ETag or date the client sent."}}
        operation = {
            "operationId": f"{name.replace('-', '_')}_{action.removesuffix('_view')}",
            "summary": summary,
            "tags": [name],
            "parameters": parameters,
            "responses": {**responses, **errors},
        }
        description = get_doc(endpoint) if endpoint.__doc__ else ""
        if description:
            operation["description"] = description
        return operation

    @property
    def endpoint(self):
        """The endpoint class as registered (the view here is drf-spectacular's subclass of it)."""
        return getattr(type(self.view), "documented_endpoint", type(self.view))

    def endpoint_name(self):
        """The endpoint's name in the router (its URL segment)."""
        for name, endpoint in router()._endpoints.items():
            if endpoint is self.endpoint:
                return name
        return self.endpoint.name or self.endpoint.__name__

    @staticmethod
    def json(schema):
        """A response `content`: JSON with its schema, or with `format=api` the same as an HTML page."""
        return {"application/json": {"schema": schema}, "text/html": {"schema": {"type": "string"}}}

    def item_models(self, endpoint):
        """The models an endpoint's items can be: for pages, Page and every page type."""
        if issubclass(endpoint.model, Page):
            return [endpoint.model] + [
                m for m in get_page_models() if m is not endpoint.model and issubclass(m, endpoint.model)
            ]
        return [endpoint.model]

    def item_schema(self, endpoint, detail):
        """One item as listed (or in full, on the detail view): a $ref, or anyOf for page types."""
        refs = [self.component(endpoint, model, detail) for model in self.item_models(endpoint)]
        return refs[0] if len(refs) == 1 else {"anyOf": refs}

    def listing(self, endpoint):
        """Summary, parameters and responses of GET <endpoint>/.

        An endpoint that takes neither `limit` nor `offset` is not paginated: its listing address
        answers with one object (as the headless preview endpoint does, found by its token).
        """
        if not {"limit", "offset"} & set(endpoint.known_query_parameters):
            return (
                f"One of {self.endpoint_name()}, found by its parameters",
                params.listing_parameters(self, endpoint),
                {"200": {"description": "The object.", "content": self.json(self.item_schema(endpoint, True))}},
            )
        listing = {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": {
                    "type": "object",
                    "required": ["total_count"],
                    "properties": {"total_count": {"type": "integer", "minimum": 0}},
                },
                "items": {"type": "array", "items": self.item_schema(endpoint, detail=False)},
            },
        }
        defaults = ", ".join(endpoint.get_listing_default_fields(endpoint.model))
        return (
            f"List {self.endpoint_name()} (default fields: {defaults})",
            params.listing_parameters(self, endpoint),
            {"200": {"description": "One page of results and the total count.", "content": self.json(listing)}},
        )

    def detail(self, endpoint):
        """Summary, parameters and responses of GET <endpoint>/{id}/."""
        return (
            f"One of {self.endpoint_name()}, with all its fields",
            [params.path_id(), params.fields_parameter(endpoint, detail=True), *params.plumbing_parameters()],
            {"200": {"description": "The object.", "content": self.json(self.item_schema(endpoint, detail=True))}},
        )

    def find(self, endpoint):
        """Summary, parameters and responses of GET <endpoint>/find/."""
        return (
            f"Find one of {self.endpoint_name()} and redirect to it",
            params.find_parameters(endpoint),
            {
                "302": {
                    "description": "Found: redirects to the object's detail address (other parameters kept).",
                    "headers": {"Location": {"schema": URL, "description": "The detail address."}},
                }
            },
        )

    # --- objects -------------------------------------------------------------------------------

    def component(self, endpoint, model, detail):
        """A $ref to the schema of `model` as `endpoint` serialises it (registered once; cycles ok)."""
        name = model.__name__ + ("Detail" if detail else "")
        if any(
            key[0] == name and comp.object is not model and key[1] == ResolvedComponent.SCHEMA
            for key, comp in self.registry._components.items()
        ):
            name = f"{model._meta.app_label.title()}{name}"
        component = ResolvedComponent(name, ResolvedComponent.SCHEMA, object=model)
        if component not in self.registry:
            self.registry.register_on_missing(component)
            component.schema = self.object_schema(endpoint, model, detail)
        return component.ref

    def object_schema(self, endpoint, model, detail):
        """Every field `endpoint` can send for `model`: body fields at the top, meta fields in `meta`."""
        serializer_class = endpoint._get_serializer_class(router(), model, [("*", False, None)], show_details=detail)
        serializer = serializer_class(context={"request": None, "view": None, "router": router()})
        meta_names = set(serializer_class.meta_fields)
        body, meta = {}, {}
        for field_name, field in serializer.fields.items():
            (meta if field_name in meta_names else body)[field_name] = self.wagtail_field(field, model)
        if meta:
            body = (
                {
                    "id": body.pop("id"),
                    "meta": {"type": "object", "additionalProperties": False, "properties": meta},
                    **body,
                }
                if "id" in body
                else {"meta": {"type": "object", "additionalProperties": False, "properties": meta}, **body}
            )
        label, doc = params.model_label(model), model.__doc__ or ""
        if doc.startswith(f"{model.__name__}("):
            doc = ""  # Django's generated "Model(field, …)" says nothing
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": body,
            "description": f"{label}: {get_doc(model).splitlines()[0]}" if doc else label,
        }

    def wagtail_field(self, field, model):
        """JSON schema of one field as Wagtail's API serialises it."""
        nullable = {"nullable": True} if getattr(field, "allow_null", False) else {}
        if isinstance(field, (wagtail_serializers.TypeField, wagtail_serializers.PageLocaleField)):
            return {"type": "string"}
        if isinstance(field, wagtail_serializers.PageTypeField):
            return {"type": "string", "nullable": True}
        if isinstance(field, wagtail_serializers.DetailUrlField):
            return URL
        if isinstance(field, wagtail_serializers.PageHtmlUrlField):
            return {**URL, "nullable": True}
        if isinstance(field, (wagtail_serializers.PageParentField, wagtail_serializers.PageAliasOfField)):
            return {**PAGE_LINK, "nullable": True}
        if isinstance(field, wagtail_serializers.TagsField):
            return {"type": "array", "items": {"type": "string"}}
        if isinstance(field, wagtail_serializers.StreamField):
            return self.stream_schema(model, field.source)
        if isinstance(field, ImageRenditionField):
            return {**RENDITION, **nullable}
        if isinstance(field, serializers.ManyRelatedField):  # a many-to-many field: a list of related objects
            return {"type": "array", "items": self.wagtail_field(field.child_relation, model)}
        if isinstance(field, (wagtail_serializers.RelatedField, wagtail_serializers.ChildRelationField)):
            child = field.serializer_class.Meta.model
            found = router().get_model_endpoint(child)
            ref = self.component(found[1] if found else BaseAPIViewSet, child, detail=False)
            if isinstance(field, wagtail_serializers.ChildRelationField):
                return {"type": "array", "items": ref}
            return {"anyOf": [ref], **nullable}
        if type(field).__name__.endswith("DownloadUrlField"):
            return URL if "Document" in type(field).__name__ else {"type": "string"}
        return self._map_serializer_field(field, "response")

    def stream_schema(self, model, source):
        """A StreamField: a list of blocks, each with its type (one of the field's block names) and value."""
        try:
            block_names = list(model._meta.get_field(source).stream_block.child_blocks)
        except (FieldDoesNotExist, AttributeError):
            block_names = []
        block_type = {"type": "string", **({"enum": block_names} if block_names else {})}
        return {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "value"],
                "properties": {
                    "type": block_type,
                    "value": {"description": "The block's content (any JSON)."},
                    "id": {"type": "string"},
                },
            },
        }

    # drf-spectacular guesses "string" for fields it cannot type; Wagtail's api_fields often are
    # properties or custom fields returning objects, so an unknown type is "any JSON" instead.
    def _map_response_type_hint(self, method):
        from typing import get_type_hints

        try:
            hinted = get_type_hints(method).get("return") is not None
        except Exception:  # noqa: BLE001 - unresolvable annotations count as none
            hinted = False
        if not hinted and not hasattr(method, "_spectacular_annotation"):
            doc = get_doc(method) if getattr(method, "__doc__", None) else ""
            return {"description": doc} if doc else {}
        return super()._map_response_type_hint(method)

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        custom = (
            is_field(field)
            and not is_serializer(field)
            and type(field).__module__.split(".")[0] not in ("rest_framework", "wagtail")
            and type(field).__mro__[1] is serializers.Field
        )
        if custom and not hasattr(field, "_spectacular_annotation"):
            schema = self._map_response_type_hint(field.to_representation)
            if type(field).__doc__ and not schema.get("description"):
                schema["description"] = get_doc(type(field))
            return append_meta(schema, self._get_serializer_field_meta(field, direction))
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if getattr(field, "allow_blank", False) and isinstance(schema, dict) and "format" in schema:
            # An e-mail or web address left empty is sent as "", which no string format accepts.
            value = {key: schema.pop(key) for key in ("type", "format", "maxLength") if key in schema}
            schema["anyOf"] = [value, {"type": "string", "maxLength": 0}]
        return schema


class WagtailEndpointExtension(OpenApiViewExtension):
    """Every Wagtail API endpoint (pages, images, documents and ours) gets WagtailEndpointSchema."""

    target_class = "wagtail.api.v2.views.BaseAPIViewSet"
    match_subclasses = True

    def view_replacement(self):
        """A subclass of the endpoint that carries the schema and remembers the original class."""
        return type(
            self.target.__name__,
            (self.target,),
            {
                "schema": WagtailEndpointSchema(),
                "documented_endpoint": self.target,
                "__doc__": self.target.__doc__,
            },
        )


class FormFilterExtension(OpenApiFilterExtension):
    """The municipalities' filter backend: its filter set's fields (`filterset_class`,
    `form_fields`), as the map's are described, and its `other_parameters` (name: (schema,
    description))."""

    target_class = "cityprofiles.api.endpoints.MunicipalityFilter"

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        """The backend's query parameters."""
        backend = self.target
        form_class = backend.filterset_class().get_form_class()
        found = [p for p in form_parameters(form_class) if p["name"] in backend.form_fields]
        return found + [
            params.query(name, schema, description) for name, (schema, description) in backend.other_parameters.items()
        ]
