"""Wagtail's pages, images and documents endpoints, kept to what the public may see, and the
endpoint a headless front end reads a draft preview from with its signed token."""

import functools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.filters import DescendantOfFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex, Site, get_page_models
from wagtail.search.backends import get_search_backend

from cityprofiles.api.base import (
    DocumentSerializer,
    ImageSerializer,
    JsonErrorsMixin,
    Ordering,
    PageSerializer,
    Pagination,
    ParameterError,
)
from cityprofiles.api.caching import CachedReadMixin
from cityprofiles.models.mixins import HeadlessPreview
from core.text import search_words

SEARCH_OPERATORS = ("and", "or")


class WordSearchFilter(SearchFilter):
    """Wagtail's full-text `search`, given only the words of the text: quotes, operators and
    control characters that the database's search syntax would fail on are left out, and a text
    with no words in it finds nothing (instead of an error). `search_operator` is `and` or `or`.

    Searching together with an `order`, a field filter or tags (which the search index cannot
    do) finds the matching items in the index and then filters and orders them in the database.
    """

    def filter_queryset(self, request, queryset, view):
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise ParameterError("search_operator", "search_operator must be and or or")
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        query = request._request.GET.copy()
        query["search"] = words
        request._request.GET = query
        try:
            return super().filter_queryset(request, queryset, view)
        except BadRequestError:
            if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
                raise
        found = get_search_backend().search(words, queryset.model, operator=operator, order_by_relevance=False)
        return queryset.filter(pk__in=[item.pk for item in found])


class DescendantOf(DescendantOfFilter):
    """Wagtail's `descendant_of`, also together with `child_of` (the pages that are both)."""

    def filter_queryset(self, request, queryset, view):
        if hasattr(queryset, "_filtered_by_child_of"):
            queryset = queryset.all()  # a copy without Wagtail's mark, which refuses the combination
        return super().filter_queryset(request, queryset, view)


def with_word_search(filter_backends):
    """An endpoint's filter backends with Wagtail's SearchFilter replaced by WordSearchFilter, its
    OrderingFilter by Ordering and its DescendantOfFilter by DescendantOf."""
    replacements = {SearchFilter: WordSearchFilter, OrderingFilter: Ordering, DescendantOfFilter: DescendantOf}
    return [replacements.get(backend, backend) for backend in filter_backends]


def with_api_relations(queryset):
    """The queryset with what its page type's API fields read loaded in bulk (the model's
    `api_queryset`, where it has one)."""
    hook = getattr(queryset.model, "api_queryset", None)
    return hook(queryset) if hook else queryset


@functools.cache
def page_type_fields(endpoint):
    """Every field the endpoint can send for some page type."""
    return frozenset(name for model in get_page_models() for name in endpoint.get_available_fields(model))


class PublicPagesAPIViewSet(JsonErrorsMixin, CachedReadMixin, PagesAPIViewSet):
    """GET /api/v2/pages/: Wagtail's pages endpoint, limited to live pages without view
    restrictions (for everyone alike, so responses can be cached publicly)."""

    filter_backends = with_word_search(PagesAPIViewSet.filter_backends)
    pagination_class = Pagination
    base_serializer_class = PageSerializer

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        """Wagtail's, except that a field in `fields` that only other page types have is left out
        for this page (so one `fields` serves a listing or detail of any page type)."""
        if not nested and issubclass(model, Page):
            own = set(cls.get_available_fields(model))
            others = page_type_fields(cls)
            fields_config = [item for item in fields_config if item[0] in own or item[0] not in others]
        return super()._get_serializer_class(router, model, fields_config, show_details, nested)

    def get_base_queryset(self):
        """Live, public pages of the requested site (looked up once per request); an unknown
        `site` is a 400."""
        if not hasattr(self, "_base_queryset"):
            try:
                self._base_queryset = super().get_base_queryset().public()
            except (Site.DoesNotExist, ValueError) as error:
                raise BadRequestError("site: no site has this hostname (and port)") from error
        return self._base_queryset

    def find_object(self, queryset, request):
        """Wagtail's lookup by id or `html_path`; a path with a NUL character finds nothing."""
        if "\x00" in request.GET.get("html_path", ""):
            return None
        return super().find_object(queryset, request)

    def listing_view(self, request):
        """Wagtail's listing; for one page type (`type=`), with its API fields' data loaded in bulk."""
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(with_api_relations(queryset).select_related("locale"))
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def get_object(self):
        """The specific page, with its API fields' data loaded in bulk."""
        if not hasattr(self, "_specific_object"):
            page = super().get_object()
            model = type(page)
            self._specific_object = (
                with_api_relations(model.objects.filter(pk=page.pk)).get() if hasattr(model, "api_queryset") else page
            )
        return self._specific_object


def used_on_public_pages(model):
    """The ids of `model` objects (images, documents) that live, public pages use, from Wagtail's
    reference index: files uploaded for drafts or with submissions stay out of the API."""
    pages = Page.objects.live().public().annotate(key=Cast("pk", output_field=CharField())).values("key")
    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=pages,
            to_content_type=ContentType.objects.get_for_model(model),
        )
        .annotate(target=Cast("to_object_id", output_field=IntegerField()))
        .values("target")
    )


class PublicImagesAPIViewSet(JsonErrorsMixin, CachedReadMixin, ImagesAPIViewSet):
    """GET /api/v2/images/: the images that live, public pages show."""

    filter_backends = with_word_search(ImagesAPIViewSet.filter_backends)
    pagination_class = Pagination
    base_serializer_class = ImageSerializer

    def get_queryset(self):
        """Wagtail's images in public collections that a live, public page uses."""
        return super().get_queryset().filter(pk__in=used_on_public_pages(self.model))


class PublicDocumentsAPIViewSet(JsonErrorsMixin, CachedReadMixin, DocumentsAPIViewSet):
    """GET /api/v2/documents/: the documents that live, public pages link to."""

    filter_backends = with_word_search(DocumentsAPIViewSet.filter_backends)
    pagination_class = Pagination
    base_serializer_class = DocumentSerializer

    def get_queryset(self):
        """Wagtail's documents in public collections that a live, public page uses."""
        return super().get_queryset().filter(pk__in=used_on_public_pages(self.model))


def preview_models():
    """The page types that preview through signed links, keyed as the preview link names them."""
    return {
        model.get_content_type_str(): model for model in HeadlessPreview.__subclasses__() if not model._meta.abstract
    }


def page_from_preview_link(content_type, token):
    """The draft a signed preview link points to; 404 for a wrong, forged or expired link."""
    model = preview_models().get(content_type or "")
    if model is None:
        raise Http404("no preview of this content type")
    try:
        page = model.get_page_from_preview_token(token or "")
    except BadSignature as error:
        raise Http404("the preview link is invalid or has expired") from error
    if page is None:
        raise Http404("the preview link is invalid or has expired")
    return page


class PagePreviewAPIViewSet(JsonErrorsMixin, PagesAPIViewSet):
    """GET /api/v2/page_preview/?content_type=cityprofiles.practicepage&token=…: the draft a signed
    preview link points to, written like the pages endpoint's detail view. Never cached."""

    name = "page_preview"
    authentication_classes = []  # the signed token is the permission
    filter_backends = []  # one page, found by its token
    base_serializer_class = PageSerializer
    known_query_parameters = frozenset(["content_type", "token", "fields", "format"])
    required_query_parameters = ("content_type", "token")

    def listing_view(self, request):
        """The previewed page, as a detail view."""
        self.action = "detail_view"
        response = Response(self.get_serializer(self.get_object()).data)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self):
        """The draft from the signed token (checked first), with a stand-in id for a new page."""
        if not hasattr(self, "_preview_page"):
            unknown = set(self.request.GET) - self.known_query_parameters
            if unknown:
                raise BadRequestError(
                    "query parameter is not an operation or a recognised field: %s" % ", ".join(sorted(unknown))
                )
            for name in ("content_type", "token"):
                if not self.request.GET.get(name):
                    raise BadRequestError(f"{name} is required")
            page = page_from_preview_link(self.request.GET["content_type"], self.request.GET["token"])
            if page.pk is None:
                page.pk = 0  # a page never saved: the API needs some id
            self._preview_page = page
        return self._preview_page

    @classmethod
    def get_urlpatterns(cls):
        """Only the listing address: a preview is found by its token, not by an id."""
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
