"""The UI translation catalogues (locale/<code>/LC_MESSAGES/django.po): extract, check, compile.

`.po` files are kept in the repository; `.mo` files are compiled from them at set-up with polib,
so a machine with only Python needs no GNU gettext. Extracting new strings (makemessages) does
need GNU gettext's xgettext, as Django's own command does.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command

#: Where makemessages does not look: third-party code, generated files, tests and benchmarks.
IGNORED = [".venv", "node_modules", "static_collected", "tests", "test-artifacts", "benchmarks", "media"]


def catalogue_path(language_code):
    """The .po file of one language."""
    return Path(settings.LOCALE_PATHS[0]) / language_code / "LC_MESSAGES" / "django.po"


def extract():
    """Run makemessages for every language, then let English translate to itself."""
    call_command(
        "makemessages",
        locale=[code for code, _name in settings.LANGUAGES],
        no_location=True,
        ignore_patterns=IGNORED,
        verbosity=0,
    )
    fill_source_language(catalogue_path(settings.LANGUAGE_CODE))


def fill_source_language(path):
    """In the source language's catalogue every message is its own translation (never fuzzy)."""
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()


def problems(path):
    """Messages of a catalogue that are untranslated or fuzzy, as (msgid, reason) pairs."""
    catalogue = polib.pofile(str(path))
    found = [(entry.msgid, "untranslated") for entry in catalogue.untranslated_entries()]
    found += [(entry.msgid, "fuzzy") for entry in catalogue.fuzzy_entries()]
    return found


def compile_all():
    """Compile every language's .po into the .mo file Django reads; return the paths written."""
    written = []
    for code, _name in settings.LANGUAGES:
        path = catalogue_path(code)
        if path.exists():
            mo = path.with_suffix(".mo")
            polib.pofile(str(path)).save_as_mofile(str(mo))
            written.append(mo)
    return written
