"""Probes of the services the site depends on, used by /healthz/."""

import logging
import uuid

from django.core.cache import caches
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def check_database():
    """Run `SELECT 1` on the default database; returns (ok, detail)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check: database unavailable: %s", error)
        return False, f"{type(error).__name__}"
    return True, connection.vendor


def check_cache():
    """Write a unique value to the default cache and read it back; returns (ok, detail).

    A cache that swallows connection errors (django-redis with IGNORE_EXCEPTIONS) returns nothing
    on reading, so the round trip detects an outage whatever the back end does with errors.
    """
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache = caches["default"]
    try:
        cache.set(key, value, 30)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as error:  # noqa: BLE001 - any back-end error means "cache unavailable"
        logger.warning("health check: cache unavailable: %s", error)
        return False, type(error).__name__
    return ok, type(cache).__name__ if ok else "no round trip"
