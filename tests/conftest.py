"""Shared pytest set-up."""

import io
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


def is_transactional(item):
    """True for a test whose database changes are committed and flushed afterwards (live server,
    `transaction=True`), rather than rolled back."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


_migrated = {}  # this worker's database as migrated (root page, locales, collections, groups), serialized


def reset_sequences():
    """Move PostgreSQL's id sequences past the rows put back with their ids (a no-op on SQLite)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore_database(serialized):
    """Empty the database and put back `serialized` (from serialize_db_to_string) with its ids, as
    Django's serialized rollback does."""
    from django.core.management import call_command
    from django.db import connection

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(serialized)
    reset_sequences()


def _flushed():
    """True when a transactional test has emptied the database (no locale is left)."""
    from wagtail.models import Locale

    return not Locale.objects.exists()


@pytest.fixture(autouse=True)
def _migrated_data_kept(request):
    """A transactional test starts from the database as migrated: before this worker's first one
    the migrated data is kept (serialized), and a test that follows another transactional test,
    which ended with the database flushed empty, gets it put back first."""
    if is_transactional(request.node):
        from django.db import connection

        request.getfixturevalue("django_db_setup")
        with request.config.stash[blocking_manager_key].unblock():
            if "data" not in _migrated:
                _migrated["data"] = connection.creation.serialize_db_to_string()
            elif _flushed():
                restore_database(_migrated["data"])
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with the database flushed empty. Test modules run on several
    workers in any order (pytest-xdist), so the migrated data is put back after the last
    transactional test in a row: the tests that follow find the root page, locales and groups
    (transactional tests in a row get it back at their own set-up, see _migrated_data_kept). After
    the last test of the run (no next item) the test database is already gone."""
    result = yield
    if _migrated and is_transactional(item) and nextitem is not None and not is_transactional(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            restore_database(_migrated["data"])
    return result


def pytest_collection_modifyitems(items):
    """Every test that drives the browser carries the `browser` mark, so `-m "not browser"` (the
    SQLite run in CI) leaves out exactly the tests that need Chromium."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test gets its own media folder and an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _admin_2fa_off(settings):
    """Two-factor authentication is compulsory for Moderators (ADMIN_REQUIRE_2FA_GROUPS); tests that
    log a moderator in with force_login have no TOTP device, so it is off here. tests/test_two_factor.py
    switches it back on and tests it."""
    settings.ADMIN_REQUIRE_2FA_GROUPS = []


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Data written inside stays for every test of a module (each test still runs in a savepoint of
    its own) and is rolled back afterwards, so the tests that follow, transactional ones included,
    start from the migrated database. For set-ups too slow to repeat per test."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo content (`load_demo`), loaded once for the module and rolled back after it."""
    from django.core.management import call_command

    with kept_for_the_module(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.fixture
def moderator(django_user_model):
    """A member of the Moderators group (sees the submission queue and decides)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("mo", "mo@example.org", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(django_user_model):
    """A member of Wagtail's Editors group, without moderation rights."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class _Chromium:
    """The browser, whose new pages bypass the site's Content Security Policy unless a test asks
    (`new_page(bypass_csp=False)`, tests/test_browser_csp.py): Playwright's wait_for_function
    evaluates its string with eval, which the policy forbids."""

    def __init__(self, browser):
        self._browser = browser

    def new_page(self, **options):
        options.setdefault("bypass_csp", True)
        return self._browser.new_page(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    # Playwright's sync API runs an event loop in this thread; the database calls the tests make
    # around it are ordinary synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield _Chromium(chromium)
        chromium.close()


def screenshot(page, name):
    """Save a full-page screenshot under test-artifacts/screenshots (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def finish(page):
    """Let the page's last requests end before closing it: the live server shares the test's
    database connection, so a request still running while the test tears down would collide."""
    page.wait_for_load_state("networkidle")
    page.close()
