"""Settings for the test suite: fast hashing, plain static storage, no outside network."""

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
# Tests serve static files straight from the finders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tests never reach the internet: no tile server (the map draws country outlines only).
MAP_TILE_URL = ""
# Tests post the submission form at once; the defence against fast bots is tested on its own.
SUBMISSION_CHALLENGE_MIN_SECONDS = 0
