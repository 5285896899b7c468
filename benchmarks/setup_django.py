"""What every in-process benchmark does first: Django set up with the test settings on a
throw-away SQLite database (or the database in DATABASE_URL, which is emptied and migrated)."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_tmp = tempfile.TemporaryDirectory()


def setup():
    """Configure and start Django for a benchmark script."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp.name}/bench.sqlite3")
    import django

    django.setup()


def fresh_database():
    """An empty, migrated database (PostgreSQL databases are flushed first)."""
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Locale

    if "postgres" in os.environ["DATABASE_URL"]:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    for code, _name in settings.LANGUAGES:  # a flush also empties the locales the migrations made
        Locale.objects.get_or_create(language_code=code)
