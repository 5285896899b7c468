"""The UI translation catalogues: complete in all seven languages, and up to date with the code."""

import shutil

import polib
import pytest
from django.conf import settings

from languages.catalogues import catalogue_path, extract, problems

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_the_site_speaks_the_seven_languages_of_the_field():
    assert LANGUAGES == ["en", "de", "it", "el", "pl", "fr", "es"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_message_is_left_untranslated_or_fuzzy(code):
    left = problems(catalogue_path(code))
    assert left == [], f"{len(left)} messages to translate in {code}: {left[:10]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_survive_translation(code):
    for entry in polib.pofile(str(catalogue_path(code))):
        if "python-format" not in entry.flags:
            continue
        originals = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        names = {name for text in originals for name in polib_names(text)}
        for text in translations:
            assert polib_names(text) <= names, (code, entry.msgid, text)


def polib_names(text):
    """The %(name)s placeholders of a message."""
    import re

    return set(re.findall(r"%\((\w+)\)", text))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_makemessages_finds_no_new_string(settings, tmp_path, monkeypatch):
    # makemessages writes into the project's locale/ folder, so it runs on a copy of the project.
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "node_modules",
            ".git",
            "static_collected",
            "media",
            "test-artifacts",
            "*.pyc",
            "__pycache__",
            "db.sqlite3*",
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    extract()
    for code in LANGUAGES:
        before = {e.msgid for e in polib.pofile(str(settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"))}
        after = polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        new = sorted({e.msgid for e in after if not e.obsolete} - before)
        assert new == [], f"strings not yet in the {code} catalogue (run manage.py update_translations): {new[:10]}"
