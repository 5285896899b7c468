"""Settings for benchmarks/bots.py: the production settings unchanged (the same challenge, rate limit
and confirmation rules a deployment runs), except that static files are named without a manifest, so
pages render without a `collectstatic` run first (bots load no style sheets)."""

from .production import *  # noqa: F401,F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
