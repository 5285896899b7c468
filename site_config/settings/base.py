"""Settings shared by every environment. Environment-specific files import from here."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "cityprofiles",
    "submissions",
    "search",
    "opendata",
    "api_docs",
    "wagtail.api.v2",
    "rest_framework",
    "drf_spectacular",
    "wagtail_headless_preview",
    "corsheaders",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as django-cors-headers asks
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "site_config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.map_settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_config.wsgi.application"

# One variable picks the database: SQLite by default, PostgreSQL with
# DATABASE_URL=postgres://user@host:5432/name.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; "immediate" takes the write lock at the
    # start of a transaction so concurrent writers wait instead of failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the default; every UI string goes through gettext.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files: our own assets, plus the front-end libraries npm installs into node_modules
# (never committed), each exposed under a prefix of its own.
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/topojson-client", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The API's OpenAPI schema (api_docs): DRF views describe themselves through drf-spectacular.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Wagtail
WAGTAIL_SITE_NAME = "Moving Cities"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Site search: Wagtail's database back end (SQLite FTS5; PostgreSQL full-text with the "english"
# configuration, as the content is written in English; German place names and search words are
# stored as written and also without accents). SEARCH_BACKEND_URL=https://host:9200 selects
# Elasticsearch 8, or OpenSearch with SEARCH_BACKEND=opensearch2 (install its client package).
_SEARCH_BACKEND_URL = os.environ.get("SEARCH_BACKEND_URL", "")
if _SEARCH_BACKEND_URL:
    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "wagtail.search.backends." + os.environ.get("SEARCH_BACKEND", "elasticsearch8"),
        "URLS": [_SEARCH_BACKEND_URL], "INDEX": os.environ.get("SEARCH_INDEX", "movingcities"),
    }}
else:
    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": os.environ.get("SEARCH_CONFIG", "english"),
    }}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Map: the base tile layer is a setting, so a deployment can use its own tile server.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 50.1, "lng": 10.0}
GEO_WIDGET_ZOOM = 5
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILE_ATTRIBUTION}

# Open data (/data/): the licence every export file is published under, shown on the page and
# carried in each file.
OPEN_DATA_LICENCE_NAME = os.environ.get("OPEN_DATA_LICENCE_NAME", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")

# Headless API (/api/v2/, site_config/api.py). Absolute addresses in responses start with
# WAGTAILAPI_BASE_URL (the public address of the site); `limit` is capped.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Read endpoints may be cached this long by browsers and proxies; they also answer conditional
# requests (ETag / Last-Modified) with 304.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
# CORS for /api/ only, off by default: API_CORS_ALLOWED_ORIGINS is a comma-separated list of
# origins ("https://partner.example"), or "*" for any origin. Reading only.
_cors_origins = [o.strip() for o in os.environ.get("API_CORS_ALLOWED_ORIGINS", "").split(",") if o.strip()]
CORS_ALLOW_ALL_ORIGINS = _cors_origins == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors_origins
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# A caching proxy or CDN in front of the site is off by default; where WAGTAILFRONTENDCACHE is set
# (production: FRONTEND_CACHE_LOCATION), publishing and unpublishing purge the changed pages and
# their API addresses through Wagtail's frontend cache module.
# Headless preview of drafts (wagtail-headless-preview): the editor's preview goes to
# HEADLESS_PREVIEW_CLIENT_URL?content_type=…&token=…, and the front end reads the draft from
# /api/v2/page_preview/ with that signed token. Without a client URL the site renders it itself.
HEADLESS_PREVIEW_CLIENT_URL = os.environ.get("HEADLESS_PREVIEW_CLIENT_URL", "")
HEADLESS_PREVIEW_MAX_AGE = 24 * 3600  # seconds a preview token stays valid
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": HEADLESS_PREVIEW_CLIENT_URL or "{SITE_ROOT_URL}"},
                            "REDIRECT_ON_PREVIEW": True}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "moving-cities",
    }
}

# Public submissions: abuse limits (see submissions/defences.py).
SUBMISSION_RATE_LIMIT = (int(os.environ.get("SUBMISSION_RATE_LIMIT_COUNT", "5")), 3600)  # per address and hour
SUBMISSION_CHALLENGE_MIN_SECONDS = 3
SUBMISSION_CHALLENGE_MAX_AGE = 6 * 3600
SUBMISSION_MAX_UPLOAD_BYTES = 10 * 2**20
SUBMISSION_MAX_ATTACHMENTS = 3
SUBMISSION_MAX_LINKS = 10
SUBMISSION_RETENTION_DAYS = int(os.environ.get("SUBMISSION_RETENTION_DAYS", "180"))

# Background tasks (django-tasks, which Wagtail already uses). Wagtail's own tasks run at once, as
# before; e-mails about submissions go through the database queue ("mail"), sent by
# `python manage.py db_worker --backend mail`, so a mail-server outage never blocks a request.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Seconds to wait before each new attempt at a failed e-mail; after the last one it is given up
# (and can be sent again from the admin).
NOTIFICATION_RETRY_DELAYS = [60, 300, 1800, 7200, 21600]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Moving Cities <noreply@localhost>")
# Extra addresses told of each new submission (besides the Moderators group), comma-separated.
SUBMISSION_NOTIFY_EMAILS = [a.strip() for a in os.environ.get("SUBMISSION_NOTIFY_EMAILS", "").split(",") if a.strip()]
# Where submitters' answers to our e-mails go (Reply-To); empty for none.
SUBMISSION_REPLY_TO = os.environ.get("SUBMISSION_REPLY_TO", "")
