"""Settings for a developer's machine: debug on, SQLite by default, mail to the console."""

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]
