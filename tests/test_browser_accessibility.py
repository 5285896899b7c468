"""Every public page type passes axe-core (WCAG 2.0/2.1, levels A and AA) with zero violations, in
English and German, in Debian's Chromium. axe-core comes with axe-playwright-python and is injected
into the page Playwright already drives; no browser is downloaded.

The demo content is loaded once for the module (committed, so that the live server's own database
connection sees it on PostgreSQL); afterwards the database is flushed and its migrated contents put
back, so the tests that follow find it as they expect."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import CHROMIUM, finish, restore_database

pytestmark = [
    pytest.mark.browser,
    # Each test only reads: the demo content is committed once by the module's fixture.
    pytest.mark.django_db,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "de"]
PAGE_TYPES = [
    "home",
    "city_index",
    "city_profile",
    "municipality",
    "practice_index_filtered",
    "practice",
    "network_index",
    "network",
    "take_action",
    "search_results",
    "search_no_results",
    "submit",
    "submit_errors",
    "submission_status",
    "accessibility_statement",
    "not_found",
]


def page_urls(status_token):
    """The address of one page of every type, in the active language."""
    from cityprofiles.models import (
        CityIndexPage,
        CityProfilePage,
        Municipality,
        Network,
        NetworkIndexPage,
        PolicyField,
        PracticeIndexPage,
        PracticePage,
        TakeActionPage,
    )

    unprofiled = Municipality.objects.filter(profiles__isnull=True).order_by("name").first()
    policy_field = PolicyField.objects.originals().filter(practices__isnull=False).order_by("slug").first()
    network_index = NetworkIndexPage.objects.live().get()
    return {
        "home": reverse("wagtail_serve", args=[""]),
        "city_index": CityIndexPage.objects.live().get().url,
        "city_profile": CityProfilePage.objects.live().filter(locale__language_code="en").order_by("title").first().url,
        "municipality": reverse("municipality_detail", kwargs={"slug": unprofiled.slug}),
        "practice_index_filtered": PracticeIndexPage.objects.live().get().url + f"?policy_field={policy_field.slug}",
        "practice": PracticePage.objects.live().filter(locale__language_code="en").order_by("title").first().url,
        "network_index": network_index.url,
        "network": network_index.url_for(Network.objects.originals().order_by("name").first()),
        "take_action": TakeActionPage.objects.live().get().url,
        "search_results": reverse("search") + "?q=Barcelona",
        "search_no_results": reverse("search") + "?q=qqqxyzzy",
        "submit": reverse("submit"),
        "submit_errors": reverse("submit"),
        "submission_status": reverse("submission_status", kwargs={"token": status_token}),
        "accessibility_statement": reverse("accessibility_statement"),
        "not_found": reverse("wagtail_serve", args=["no-such-page/"]),
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """A live server over the demo content and the address of every page type in each language."""
    from tests.factories import SubmissionFactory

    with django_db_blocker.unblock():
        # What the migrations created (root page, locale, collection, groups), to put back afterwards.
        migrated = connection.creation.serialize_db_to_string()
        call_command("load_demo", stdout=open("/dev/null", "w"))
        submission = SubmissionFactory()
        token = submission.issue_token()
        submission.save()
        urls = {}
        for language in LANGUAGES:
            with override(language):
                urls[language] = page_urls(token)
        server = LiveServer("localhost")
        try:
            yield {"url": server.url, "pages": urls}
        finally:
            server.stop()
            # As Django's serialized rollback does: later tests find the database as migrated.
            restore_database(migrated)


@pytest.fixture(scope="module")
def context(browser, demo_site):
    """One browser context for the whole module, closed before the live server stops (its open
    connections are served by threads that share the test's database connection on SQLite)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def describe(violations):
    """A readable list of axe violations: rule, impact, the elements concerned and where to read more."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            lines.append(
                f"    at {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}"
            )
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def axe_violations(page):
    """Run axe-core on the page with the WCAG 2.0/2.1 A and AA rules; returns its violations."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def assert_accessible(page, label):
    """Fail with every violation axe finds on the page."""
    violations = axe_violations(page)
    assert not violations, f"{label} ({page.url}) has {len(violations)} accessibility violation(s):\n" + describe(
        violations
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_wcag_violations(context, demo_site, page_type, language):
    page = context.new_page()
    response = page.goto(demo_site["url"] + demo_site["pages"][language][page_type])
    if page_type == "not_found":
        assert response.status == 404
    else:
        assert response.ok, f"{page_type} answered {response.status}"
    if page_type == "home":
        expect(page.locator("#map")).not_to_have_attribute("data-count", "")
    if page_type == "submit_errors":
        page.locator("main form [type=submit]").last.click()
        expect(page.locator("#form-errors")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page, f"{page_type} [{language}]")
    finish(page)


RESIZE_PAGES = [
    "home",
    "city_index",
    "city_profile",
    "practice_index_filtered",
    "practice",
    "network",
    "take_action",
    "search_results",
    "submit_errors",
    "accessibility_statement",
]


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def open_for_check(page, url, page_type):
    """Open a page and bring it to the state the check needs (the map loaded, the form's errors shown)."""
    page.goto(url)
    if page_type == "home":
        expect(page.locator("#map")).not_to_have_attribute("data-count", "")
    if page_type == "submit_errors":
        page.locator("main form [type=submit]").last.click()
        expect(page.locator("#form-errors")).to_be_visible()


@pytest.mark.parametrize("page_type", RESIZE_PAGES)
def test_zoom_and_text_at_200_percent_need_no_horizontal_scrolling(browser, demo_site, page_type):
    # Browser zoom to 200 % on a 1280-px wide window is a 640-CSS-pixel layout at twice the density.
    zoomed = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = zoomed.new_page()
    url = demo_site["url"] + demo_site["pages"]["de"][page_type]
    open_for_check(page, url, page_type)
    assert horizontal_overflow(page) <= 0, f"{page_type} at 200 % zoom scrolls sideways"
    finish(page)
    zoomed.close()

    # Text alone at 200 % (WCAG 1.4.4) on the 1280-px window; set through the CSSOM, which the CSP allows.
    text_only = browser.new_context(viewport={"width": 1280, "height": 900})
    page = text_only.new_page()
    open_for_check(page, url, page_type)
    base = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    bigger = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    assert bigger >= 1.9 * base  # the text really grew: sizes are relative to the root
    assert horizontal_overflow(page) <= 0, f"{page_type} with text at 200 % scrolls sideways"
    finish(page)
    text_only.close()


def test_reduced_motion_turns_off_smooth_scrolling_and_transitions(browser, demo_site):
    url = demo_site["url"] + demo_site["pages"]["en"]["home"]
    motion = {}
    for preference in ["no-preference", "reduce"]:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion=preference)
        page = context.new_page()
        open_for_check(page, url, "home")
        motion[preference] = page.evaluate("""[
            getComputedStyle(document.documentElement).scrollBehavior,
            getComputedStyle(document.querySelector('.btn')).transitionDuration,
            getComputedStyle(document.querySelector('.form-select, .form-control')).transitionDuration,
        ]""")
        finish(page)
        context.close()
    assert motion["no-preference"][0] == "smooth" and motion["no-preference"][1] != "0s"  # so the check can fail
    assert motion["reduce"] == ["auto", "0s", "0s"]
