"""The generation of public content: a counter and a time that every change of map data, pages,
images or documents moves on (cityprofiles/signals.py). Cached map responses, API validators and
the in-process suggestion indexes compare against it to know they are stale."""

import time

from django.core.cache import cache

CACHE_VERSION_KEY = "map:version"
LAST_CHANGE_KEY = "map:last-change"


def cache_version():
    """The current generation of map data; bumping it invalidates every cached response."""
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(CACHE_VERSION_KEY, version, None)
    return version


def last_change():
    """When public content last changed (a Unix time), for Last-Modified and ETag headers.

    Where the cache holds no time yet (a fresh start), it is now: everything counts as changed.
    """
    value = cache.get(LAST_CHANGE_KEY)
    if value is None:
        cache.add(LAST_CHANGE_KEY, time.time(), None)
        value = cache.get(LAST_CHANGE_KEY, time.time())
    return value


def generation():
    """(version, last change): the pair that tells one state of public content from another, even
    after the cache was cleared (whose counter starts again at 1)."""
    return (cache_version(), last_change())


def invalidate_map_cache(**kwargs):
    """Signal handler: public content changed, so cached map responses and API validators are stale."""
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 1, None)
    cache.set(LAST_CHANGE_KEY, time.time(), None)
