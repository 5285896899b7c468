"""Settings shared by every environment. Environment-specific files import from here."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "languages",
    "cityprofiles",
    "submissions",
    "search",
    "opendata",
    "api_docs",
    "operations",
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
    "wagtail.contrib.simple_translation",  # "Translate" for pages and snippets (see LANGUAGES below)
    "wagtail.locales",
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
    "axes",  # failed-login lockout (SECURITY.md)
    "django_otp",  # two-factor authentication with TOTP devices
    "django_otp.plugins.otp_totp",
    "accounts",  # the admin's two-factor set-up and verification pages
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
    # Outermost: one log record per request, and a database outage answered with the 503 page.
    "operations.middleware.RequestLogMiddleware",
    "operations.outage.DatabaseOutageMiddleware",
    "site_config.security.ClientAddressMiddleware",  # the visitor's address behind TRUSTED_PROXY_COUNT proxies
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the headers too (site_config/security.py).
    "site_config.security.ContentSecurityPolicyMiddleware",
    "site_config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as django-cors-headers asks
    "django.contrib.sessions.middleware.SessionMiddleware",
    "languages.middleware.LanguagePrefixMiddleware",  # the language from the /en/, /de/ prefix
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",  # 2FA: required for ADMIN_REQUIRE_2FA_GROUPS
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "api_docs.validation.QueryParameterMiddleware",  # API query parameters as the schema describes them
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
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
        # A persistent connection is tested before a request reuses it, so the site recovers by
        # itself after a database restart.
        conn_health_checks=True,
    )
}
# Seconds the 503 page (database unreachable) asks visitors and crawlers to wait (Retry-After).
DATABASE_OUTAGE_RETRY_AFTER = int(os.environ.get("DATABASE_OUTAGE_RETRY_AFTER", "30"))
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the default; every UI string goes through gettext and the
# public pages carry a language prefix (/en/, /de/, ...). The seven languages of the field; their
# translations live in locale/<code>/LC_MESSAGES/django.po, compiled by the set-up command.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("el", _("Greek")),
    ("pl", _("Polish")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
# Content translation: every page and taxonomy entry (policy fields, networks and their criteria)
# can have a translation per language. Editors make one with Wagtail's own simple translation
# ("Translate" copies the English page into the locale; it is then edited and published through
# the usual moderation workflow). Pages without a translation are shown in English with a note.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Dates and numbers follow the visitor's language (Django's formats); English writes dates the
# European way (site_config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["site_config.formats"]
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
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends." + os.environ.get("SEARCH_BACKEND", "elasticsearch8"),
            "URLS": [_SEARCH_BACKEND_URL],
            "INDEX": os.environ.get("SEARCH_INDEX", "movingcities"),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": os.environ.get("SEARCH_CONFIG", "english"),
        }
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Every uploaded image needs its description, which is its alternative text (home/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.AccessibleImageForm"

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

# Headless API (/api/v2/, cityprofiles/api/router.py). Absolute addresses in responses start with
# WAGTAILAPI_BASE_URL (the public address of the site) when it is set, else with the address of the
# requested Wagtail site (never the admin's default 127.0.0.1:8000); `limit` is capped.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or None
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
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": HEADLESS_PREVIEW_CLIENT_URL or "{SITE_ROOT_URL}"},
    "REDIRECT_ON_PREVIEW": True,
}

# Caches each worker process keeps for itself: fine for development and tests, refused by production.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "moving-cities",
    }
}

# Public submissions: abuse limits (see submissions/defences.py).
SUBMISSION_RATE_LIMIT = (int(os.environ.get("SUBMISSION_RATE_LIMIT_COUNT", "5")), 3600)  # per address and hour
SUBMISSION_CHALLENGE_MIN_SECONDS = 3
SUBMISSION_CHALLENGE_MAX_AGE = 2 * 3600  # seconds; never more than two hours (submissions.defences)
SUBMISSION_MAX_UPLOAD_BYTES = 10 * 2**20
SUBMISSION_MAX_ATTACHMENTS = 3
SUBMISSION_MAX_LINKS = 10
SUBMISSION_RETENTION_DAYS = int(os.environ.get("SUBMISSION_RETENTION_DAYS", "180"))
# Submissions whose address is not confirmed within this many days are deleted (purge_submitter_data).
SUBMISSION_UNCONFIRMED_DAYS = 7

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

# Security (SECURITY.md, site_config/security.py). Production adds HSTS, HTTPS and secure cookies.
# Content Security Policy (django-csp): the public site runs scripts from our static files only;
# Leaflet sets styles through the DOM, which CSP allows. The admin (staff only, behind login and
# 2FA) gets CONTENT_SECURITY_POLICY_ADMIN, which allows Wagtail's inline scripts and styles.
_tile_host = ""
if MAP_TILE_URL.startswith(("https://", "http://")):
    _tile_host = MAP_TILE_URL.split("/")[0] + "//" + MAP_TILE_URL.split("/")[2].replace("{s}", "*")
_embed_hosts = os.environ.get(
    "CSP_FRAME_SRC", "https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com"
).split()
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_tile_host] if _tile_host else []),
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-src": _embed_hosts,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"] + ([_tile_host] if _tile_host else []),
        "frame-src": ["'self'"] + _embed_hosts,
        "frame-ancestors": ["'self'"],  # Wagtail's live preview shows the page in a frame
    }
}
# Browser features the site never uses are switched off (site_config.security.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Editors' avatars are not fetched from Gravatar (that would tell it who works in the admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin does not call releases.wagtail.org

# Admin sign-in: django-axes locks a user name from an address out after AXES_FAILURE_LIMIT wrong
# passwords for AXES_COOLOFF_TIME (the right password does not help meanwhile); every failure and
# lockout is logged (logger "axes") and stored (admin → Settings → Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_SENSITIVE_PARAMETERS = ["ip_address"]  # logs name the account, not the visitor's address
AXES_VERBOSE = False  # no start-up banner in every command's output
# Two-factor authentication (django-otp, TOTP; pages in accounts/): compulsory for members of these
# groups, optional for other admin users (account menu → Two-factor authentication; once set up it is
# asked at every sign-in). `python manage.py reset_two_factor <user>` removes a lost device.
ADMIN_REQUIRE_2FA_GROUPS = ["Moderators"]  # submissions.models.MODERATORS_GROUP
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Sessions last a working day at most and end when the browser closes (unless "Remember me").
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Uploads by editors: SVG is never accepted (WAGTAILIMAGES_EXTENSIONS above); documents are checked
# by their bytes and served as downloads except PDF (with Wagtail's CSP and nosniff headers).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "site_config.security.SafeDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# /media/ is served by site_config.security.serve_media (images public, submitters' attachments to
# moderators only); set SERVE_MEDIA=false when a web server or CDN serves MEDIA_URL instead.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true").lower() == "true"
