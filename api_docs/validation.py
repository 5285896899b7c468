"""The server does what the schema says: the query parameters of every Wagtail API endpoint are
checked against the very descriptions the OpenAPI schema is made of (api_docs.parameters), before
the endpoint runs. A value the schema does not allow, or a parameter given twice, is a 400 naming
the parameter, in the API's error shape.

Parameters whose allowed values come from the content (a `site`, the municipalities' filters) are
left to the endpoint, which checks them itself, so a request costs no query here.
"""

import math
import re

from django.http import JsonResponse
from django.utils.dateparse import parse_date, parse_datetime
from jsonschema import Draft4Validator, FormatChecker
from wagtail.api.v2.views import BaseAPIViewSet

from api_docs import parameters as params
from core.http import error_body

INTEGER = re.compile(r"-?[0-9]+")
CHECKED_ELSEWHERE = {"site"}  # allowed values from the database: the endpoint checks them
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=(ValueError, OverflowError))
def is_datetime(value):
    """A date and time Django can store (ISO 8601, in the years 1 to 9999 in UTC)."""
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed is not None and (parsed.utcoffset() is None or parsed - parsed.utcoffset() is not None)


@FORMATS.checks("date", raises=ValueError)
def is_date(value):
    """A date Django can store."""
    return not isinstance(value, str) or parse_date(value) is not None


def operation_parameters(endpoint, action):
    """The query parameters of one view of an endpoint, as the schema describes them."""
    if action == "listing_view":
        names = endpoint.known_query_parameters - CHECKED_ELSEWHERE
        described = [params.standard_parameter(name, endpoint) for name in names]
        described += params.field_filter_parameters(endpoint)
    elif action == "detail_view":
        described = [params.fields_parameter(endpoint, detail=True), *params.plumbing_parameters()]
    elif action == "find_view":
        described = params.find_parameters(endpoint)
    else:
        described = []
    return {p["name"]: p for p in described if p and p["name"] not in CHECKED_ELSEWHERE}


def typed(value, schema):
    """A query string value as the JSON value the schema expects (the text itself if it is not one)."""
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            candidate = typed(value, option)
            if Draft4Validator(option, format_checker=FORMATS).is_valid(candidate):
                return candidate
        return value
    kind = schema.get("type")
    if kind == "integer" and INTEGER.fullmatch(value):
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value
        return number if math.isfinite(number) and not value.strip() != value else value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    if kind == "array":
        return [typed(item, schema.get("items", {})) for item in value.split(",")]
    return value


def first_error(query, described):
    """(parameter, message) for the first query parameter that breaks its description, or None."""
    for name, parameter in described.items():
        values = query.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            return name, f"{name} is given more than once"
        schema = parameter["schema"]
        errors = list(Draft4Validator(schema, format_checker=FORMATS).iter_errors(typed(values[0], schema)))
        if errors:
            if errors[0].validator == "pattern":
                return name, f"{name}: {values[0]!r} is not of the form the schema describes"
            return name, f"{name}: {errors[0].message}"
    return None


class QueryParameterMiddleware:
    """Checks the query parameters of Wagtail API endpoints against the schema (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A 400 (core.http.error_body) for a parameter the schema does not allow."""
        endpoint = getattr(view_func, "cls", None)
        if not (isinstance(endpoint, type) and issubclass(endpoint, BaseAPIViewSet)):
            return None
        action = getattr(view_func, "actions", {}).get(request.method.lower())
        error = first_error(request.GET, operation_parameters(endpoint, action))
        if error is None:
            return None
        parameter, message = error
        return JsonResponse(error_body(parameter, message), status=400)
