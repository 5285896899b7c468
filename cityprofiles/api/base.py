"""What our own API endpoints share with Wagtail's: the BaseAPIViewSet conventions (`fields`,
`limit`/`offset`, `order`, `search`, 400 for unknown parameters), conditional GETs, and related
data loaded in bulk for the fields a request asks for."""

from django.db.models import Q
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import BaseAPIViewSet

from cityprofiles.api.caching import CachedReadMixin


def boolean_parameter(request, name):
    """A true/false query parameter as a bool, None when absent; a 400 for anything else."""
    if name not in request.GET:
        return None
    try:
        return parse_boolean(request.GET[name])
    except ValueError as error:
        raise BadRequestError(f"{name} must be true or false") from error


class NameSearchFilter(BaseFilterBackend):
    """`search`: entries whose name (or the view's other `search_in` fields) contains the text,
    ignoring case. Names are short, so a part of a name finds it ("ber" finds Berlin)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        text = request.GET["search"].strip()
        if "\x00" in text or len(text) > 100:
            raise BadRequestError("search must be at most 100 characters of text")
        condition = Q()
        for field in view.search_in:
            condition |= Q(**{f"{field}__icontains": text})
        return queryset.filter(condition)


class ReadEndpoint(CachedReadMixin, BaseAPIViewSet):
    """A read-only Wagtail API endpoint over a model that is not a page.

    Subclasses set `model`, `body_fields`, `meta_fields`, `listing_default_fields`,
    `nested_default_fields`, `known_query_parameters` (Wagtail's), plus `search_in` (the fields
    `search` looks in), `default_order` and `field_prefetches` (field name → a function giving the
    Prefetch objects that field reads, so a listing costs the same queries whatever its length).
    """

    filter_backends = [OrderingFilter, NameSearchFilter]
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
