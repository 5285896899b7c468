"""Production settings: everything comes from the environment; a missing secret key stops start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

from operations.config import cache_from_url, database_cache, init_sentry, json_logging

from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set. Production refuses to start without a secret key.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Cache: Redis when REDIS_URL (or CACHE_URL, see operations.config.cache_from_url) is set (through
# django-redis, so the site keeps serving, uncached, while Redis is away), else Django's database cache
# (its table is made by `migrate`). The
# cache must be shared by every worker: the submission rate limit and the API cache count on it, so a
# per-process cache (locmem, dummy) refuses to start.
_cache_url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
CACHES = {"default": cache_from_url(_cache_url) if _cache_url else database_cache()}
if CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:  # noqa: F405 (from base)
    raise ImproperlyConfigured(
        f"The cache {CACHES['default']['BACKEND']} is kept by each worker process on its own; production needs a "
        "shared one (set REDIS_URL, or leave it unset for the database cache)."
    )

# Logs: JSON lines on stdout (one per request, with path, status and duration); errors go to
# Sentry when SENTRY_DSN is set.
LOGGING = json_logging(os.environ.get("LOG_LEVEL", "INFO"))
if os.environ.get("SENTRY_DSN"):
    init_sentry(os.environ["SENTRY_DSN"])

# E-mail: SMTP settings from the environment; console when no host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405 (from base)

# Media storage: local files by default; any Django storage class by setting MEDIA_STORAGE_BACKEND
# (for example storages.backends.s3.S3Storage once django-storages is installed).
_media_backend = os.environ.get("MEDIA_STORAGE_BACKEND")
if _media_backend:
    STORAGES["default"] = {"BACKEND": _media_backend}  # noqa: F405

# A caching proxy (Varnish, nginx) in front of the site: publishing and unpublishing send PURGE
# requests for the changed pages and their API addresses to FRONTEND_CACHE_LOCATION.
if os.environ.get("FRONTEND_CACHE_LOCATION"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_LOCATION"],
        }
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browsers fetch every sub-resource over HTTPS, on the public site and in the admin.
for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN):  # noqa: F405
    _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True
# drf-spectacular's deploy check builds the whole API schema against the database; the schema is
# generated and validated by the test suite (tests/test_api_schema.py) instead, so
# `check --deploy` runs without a database and reports only deployment settings.
SPECTACULAR_SETTINGS = {**globals().get("SPECTACULAR_SETTINGS", {}), "ENABLE_DJANGO_DEPLOY_CHECK": False}
