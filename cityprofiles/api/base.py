"""What our own API endpoints share with Wagtail's: the BaseAPIViewSet conventions (`fields`,
`limit`/`offset`, `order`, `search`, 400 for unknown parameters), conditional GETs, and related
data loaded in bulk for the fields a request asks for."""

import re
from urllib.parse import urlsplit

from django.db.models import Q
from django.http import Http404
from rest_framework.exceptions import APIException
from rest_framework.fields import SkipField
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField as DocumentDownloadUrlFieldBase
from wagtail.documents.api.v2.serializers import DocumentSerializer as DocumentSerializerBase
from wagtail.images.api.v2.serializers import ImageSerializer as ImageSerializerBase
from wagtail.models import Page

from cityprofiles.api.caching import CachedReadMixin
from cityprofiles.serializers import absolute_url, detail_url, page_url
from core.http import error_body

# Wagtail's messages that name no parameter, and the parameter each is about.
MESSAGE_PARAMETERS = {
    "parent page": "child_of",
    "descendant page": "ancestor_of",
    "ancestor page": "descendant_of",
    "translation_of page": "translation_of",
    "type doesn't exist": "type",
    "random ordering": "order",
    "filtering by tag": "tags",
    "unknown fields": "fields",
    "does not support nested fields": "fields",
    "query parameter is not an operation": None,
}


def parameter_named(message, query):
    """The query parameter an error message is about: from Wagtail's known messages, else the
    first parameter of the request the message names; None if it names none."""
    for start, parameter in MESSAGE_PARAMETERS.items():
        if start in message:
            if parameter is None:  # the unknown parameters, listed after the colon
                return message.rsplit(": ", 1)[-1]
            return parameter
    named = [name for name in query if name and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", message)]
    return max(named, key=len) if named else None


class JsonErrorsMixin:
    """Every error of a Wagtail API endpoint as JSON in one shape (error_body): a malformed
    parameter is a 400 naming it, an object a parameter points to that does not exist a 404,
    a method the endpoint does not have a 405."""

    def perform_content_negotiation(self, request, force=False):
        """JSON, or the browsable HTML view with `format=api`; any other `format` is a 400."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:
            raise ParameterError("format", "format must be json or api") from error

    def handle_exception(self, exc):
        """Wagtail's and Django REST framework's errors, in the shape of error_body."""
        if isinstance(exc, BadRequestError):
            message = str(exc)
            missing = isinstance(exc.__cause__, Page.DoesNotExist)  # a page that child_of & co. name
            parameter = getattr(exc, "parameter", None) or parameter_named(message, self.request.GET)
            return Response(error_body(parameter, message), status=404 if missing else 400)
        if isinstance(exc, Http404):
            return Response(error_body(None, str(exc) or "not found"), status=404)
        if isinstance(exc, APIException):
            response = super().handle_exception(exc)
            response.data = error_body(None, str(exc.detail))
            return response
        return super().handle_exception(exc)

    def find_view(self, request):
        """Wagtail's redirect to the object found, to its address on the requested host."""
        response = super().find_view(request)
        location = urlsplit(response["Location"])
        response["Location"] = absolute_url(request, location.path + (f"?{location.query}" if location.query else ""))
        return response


class DetailUrlField(wagtail_serializers.DetailUrlField):
    """`detail_url`, absolute with cityprofiles.serializers.base_url (the requested host, or the
    configured WAGTAILAPI_BASE_URL)."""

    def get_attribute(self, instance):
        url = detail_url(self.context, type(instance), instance.pk)
        if url is None:
            raise SkipField
        return url


class PageHtmlUrlField(wagtail_serializers.PageHtmlUrlField):
    """`html_url`: the page's public address, absolute as detail_url is."""

    def to_representation(self, page):
        return page_url(page, self.context.get("request"))


def page_reference(page, context):
    """A page as `parent` and `alias_of` give it: id, type, detail_url, html_url and title."""
    fields = ["id", "type", "detail_url", "html_url", "title"]
    serializer_class = wagtail_serializers.get_serializer_class(
        type(page), fields, meta_fields=["type", "detail_url", "html_url"], base=PageSerializer
    )
    return serializer_class(context=context).to_representation(page)


class PageParentField(wagtail_serializers.PageParentField):
    """`parent`, with addresses as detail_url and html_url give them."""

    def to_representation(self, value):
        return page_reference(value, self.context)


class PageAliasOfField(wagtail_serializers.PageAliasOfField):
    """`alias_of`, with addresses as detail_url and html_url give them."""

    def to_representation(self, value):
        return page_reference(value, self.context)


class BaseSerializer(wagtail_serializers.BaseSerializer):
    """Wagtail's serializer for API objects, with detail_url on the requested host."""

    detail_url = DetailUrlField(read_only=True)


class PageSerializer(wagtail_serializers.PageSerializer):
    """Wagtail's serializer for pages, with its addresses on the requested host."""

    detail_url = DetailUrlField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)
    parent = PageParentField(read_only=True)
    alias_of = PageAliasOfField(read_only=True)


class ImageSerializer(ImageSerializerBase):
    """Wagtail's serializer for images, with detail_url on the requested host."""

    detail_url = DetailUrlField(read_only=True)


class DocumentDownloadUrlField(DocumentDownloadUrlFieldBase):
    """A document's download address, absolute as detail_url is."""

    def to_representation(self, document):
        return absolute_url(self.context.get("request"), document.url)


class DocumentSerializer(DocumentSerializerBase):
    """Wagtail's serializer for documents, with its addresses on the requested host."""

    detail_url = DetailUrlField(read_only=True)
    download_url = DocumentDownloadUrlField(read_only=True)


class ParameterError(BadRequestError):
    """A 400 about one query parameter."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter


def boolean_parameter(request, name):
    """A true/false query parameter as a bool, None when absent; a 400 for anything else."""
    if name not in request.GET:
        return None
    try:
        return parse_boolean(request.GET[name])
    except ValueError as error:
        raise ParameterError(name, f"{name} must be true or false") from error


MAX_OFFSET = 2**63 - 1  # the largest integer the databases take


class Pagination(WagtailPagination):
    """Wagtail's `limit`/`offset`, with an offset past what a database can count a 400, not a 500."""

    max_offset = MAX_OFFSET

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > self.max_offset:
            raise ParameterError("offset", f"offset must be at most {self.max_offset}")
        return super().paginate_queryset(queryset, request, view)


class Ordering(OrderingFilter):
    """Wagtail's `order`; `random` also with an `offset` (a random sample further on)."""

    def filter_queryset(self, request, queryset, view):
        if request.GET.get("order") == "random":
            return queryset.order_by("?")
        return super().filter_queryset(request, queryset, view)


class NameSearchFilter(BaseFilterBackend):
    """`search`: entries whose name (or the view's other `search_in` fields) contains the text,
    ignoring case. Names are short, so a part of a name finds it ("ber" finds Berlin)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        text = request.GET["search"].strip()
        if "\x00" in text or len(text) > 100:
            raise ParameterError("search", "search must be at most 100 characters of text")
        condition = Q()
        for field in view.search_in:
            condition |= Q(**{f"{field}__icontains": text})
        return queryset.filter(condition)


class ReadEndpoint(JsonErrorsMixin, CachedReadMixin, BaseAPIViewSet):
    """A read-only Wagtail API endpoint over a model that is not a page.

    Subclasses set `model`, `body_fields`, `meta_fields`, `listing_default_fields`,
    `nested_default_fields`, `known_query_parameters` (Wagtail's), plus `search_in` (the fields
    `search` looks in), `default_order` and `field_prefetches` (field name → a function giving the
    Prefetch objects that field reads, so a listing costs the same queries whatever its length).
    """

    filter_backends = [Ordering, NameSearchFilter]
    base_serializer_class = BaseSerializer
    pagination_class = Pagination
    # Wagtail's parameters, less search_operator: `search` here matches part of a name.
    known_query_parameters = BaseAPIViewSet.known_query_parameters - {"search_operator"}
    search_in = ("name",)
    default_order = ("name", "id")
    field_prefetches = {}

    def get_queryset(self):
        """Every entry, in the default order; on a detail view with all its related data loaded."""
        queryset = self.model.objects.all().order_by(*self.default_order)
        if self.action == "detail_view":
            queryset = self.with_prefetches(queryset, self.field_prefetches)
        return queryset

    def with_prefetches(self, queryset, field_names):
        """The queryset with the related data of `field_names` prefetched (each lookup once)."""
        makers = {self.field_prefetches[name] for name in field_names if name in self.field_prefetches}
        prefetches = [prefetch for make in makers for prefetch in make()]
        return queryset.prefetch_related(*prefetches) if prefetches else queryset

    def check_query_parameters(self, queryset):
        """Only the documented parameters: anything else is a 400, as on Wagtail's endpoints."""
        unknown = set(self.request.GET) - set(self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: %s" % ", ".join(sorted(unknown))
            )

    def listing_view(self, request):
        """Wagtail's listing, with what the requested fields read loaded in bulk before paginating."""
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        queryset = self.with_prefetches(queryset, self.get_serializer_class().Meta.fields)
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
