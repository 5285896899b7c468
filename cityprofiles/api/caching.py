"""Freshness of the read endpoints: ETag and Last-Modified from one cheap "last change" value (the
cache generation that publishing, unpublishing and map-data edits bump, see cityprofiles.signals),
304 answers to conditional requests through Django's `condition`, Cache-Control, and purging the
API addresses of changed content from a frontend cache (CDN, Varnish) where one is configured."""

import hashlib
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.db import DataError, transaction
from django.http import HttpResponseNotModified, JsonResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import condition
from wagtail.api.v2.utils import get_base_url
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

from cityprofiles.generation import cache_version, last_change


def api_etag(request, *args, **kwargs):
    """A validator that changes whenever public content changes, or the response would differ
    (another address, host, format or language). Costs two cache reads, no query."""
    parts = [
        str(cache_version()),
        repr(last_change()),
        request.build_absolute_uri(),
        request.headers.get("Accept", ""),
        get_language() or "",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def api_last_modified(request, *args, **kwargs):
    """When public content last changed."""
    return datetime.fromtimestamp(last_change(), tz=UTC)


def cached_read(view, vary=()):
    """Wrap a read view: conditional requests get 304; successful answers carry ETag, Last-Modified
    and a public Cache-Control of API_CACHE_MAX_AGE seconds; errors carry no validators. A 304
    varies on the `vary` request headers too, as the full answer does."""
    conditional_view = condition(etag_func=api_etag, last_modified_func=api_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.headers.get("If-None-Match", "").strip() == "*":
            # "*" asks whether the resource exists at all: only a found one is "not modified".
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response = HttpResponseNotModified()
                response["ETag"] = quote_etag(api_etag(request))
        else:
            response = conditional_view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
            if response.status_code == 304:
                patch_vary_headers(response, vary)
        else:
            for header in ("ETag", "Last-Modified"):
                if header in response:
                    del response[header]
        return response

    return wrapped


class CachedReadMixin:
    """For Wagtail API endpoints: the listing and detail views are wrapped by `cached_read`.

    No authentication: answers are the same for everyone (public content only), so they neither
    read the session nor vary on cookies, and shared caches can keep them. A filter value the
    database refuses (a date beyond its range, say) is a 400, not a server error.
    """

    cached_views = ("listing", "detail")
    authentication_classes = []

    def dispatch(self, request, *args, **kwargs):
        """The view; inside a transaction (ATOMIC_REQUESTS, tests) in a savepoint, so a value the
        database refuses leaves the transaction usable. In autocommit nothing needs undoing."""
        try:
            if not transaction.get_connection().in_atomic_block:
                return super().dispatch(request, *args, **kwargs)
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        except DataError:
            return JsonResponse({"message": "a filter value is outside what the database can hold"}, status=400)

    @classmethod
    def get_urlpatterns(cls):
        """Wagtail's URL patterns of the endpoint, with the read views made conditional."""
        return [
            path(str(pattern.pattern), cached_read(pattern.callback, vary=("Accept",)), name=pattern.name)
            if pattern.name in cls.cached_views
            else pattern
            for pattern in super().get_urlpatterns()
        ]


def api_address(name, *args):
    """The absolute address of an API view (WAGTAILAPI_BASE_URL + path), or None if not routed."""
    try:
        return (get_base_url() or "") + reverse(name, args=args)
    except NoReverseMatch:
        return None


def changed_api_urls(page=None, municipality_id=None):
    """The API addresses whose answers change with a page (and the municipality it is about)."""
    names = [("wagtailapi:pages:listing",), ("map_geojson",)]
    if page is not None:
        names.append(("wagtailapi:pages:detail", page.pk))
        municipality_id = municipality_id or getattr(page.specific_deferred, "municipality_id", None)
    if municipality_id:
        names += [
            ("wagtailapi:municipalities:listing",),
            ("wagtailapi:municipalities:detail", municipality_id),
            ("wagtailapi:networks:listing",),
            ("wagtailapi:policy-fields:listing",),
        ]
    return {url for url in (api_address(*name) for name in names) if url}


def purge_api_urls(instance, **kwargs):
    """Signal handler: purge the API addresses of a published or unpublished page (or an edited
    municipality) from the frontend cache. Does nothing unless WAGTAILFRONTENDCACHE is set."""
    if not get_backends():
        return
    from cityprofiles.models import Municipality

    if isinstance(instance, Municipality):
        urls = changed_api_urls(municipality_id=instance.pk)
    else:
        urls = changed_api_urls(page=instance)
    PurgeBatch(urls).purge()
