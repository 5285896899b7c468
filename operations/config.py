"""Settings builders for production.py: the fault-tolerant Redis cache, JSON logs and Sentry.

Plain functions without Django imports, so the settings module can call them.
"""

import os


def redis_cache(url):
    """CACHES entry for Redis through django-redis; when Redis is away the site works uncached.

    IGNORE_EXCEPTIONS turns connection errors into cache misses (reads return nothing, writes are
    dropped) and short socket timeouts keep a hanging Redis from stalling requests.
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "movingcities",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


def database_cache(table="django_cache"):
    """CACHES entry for Django's database cache: shared by every worker without any other service.

    Its table is created by `migrate` (operations.apps runs `createcachetable` after migrating).
    """
    return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}


def cache_from_url(url):
    """CACHES entry for a cache address: redis:// (rediss://, unix://) for Redis, db://table for the
    database cache, locmem:// or dummy:// for the per-process caches (which production refuses)."""
    scheme, _, rest = url.partition("://")
    if scheme in ("redis", "rediss", "unix"):
        return redis_cache(url)
    if scheme == "db":
        return database_cache(rest.strip("/") or "django_cache")
    if scheme in ("locmem", "dummy"):
        name = {"locmem": "locmem.LocMemCache", "dummy": "dummy.DummyCache"}[scheme]
        return {"BACKEND": f"django.core.cache.backends.{name}", "LOCATION": rest}
    raise ValueError(f"Unknown cache address {url!r}: use redis://, db://, locmem:// or dummy://")


def json_logging(level="INFO"):
    """LOGGING dict: every record as one JSON line on stdout (python-json-logger).

    Extra fields of a record (the request log's method, path, status, duration_ms) become keys.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # runserver's own access log would be a second, plain-text line per request.
            "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
            "django_redis": {"level": "WARNING"},
        },
    }


def init_sentry(dsn):
    """Report errors to Sentry (sentry-sdk) when SENTRY_DSN is set; no personal data is sent."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
