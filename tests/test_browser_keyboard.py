"""The site with the keyboard alone, in Debian's Chromium: the skip link, the map's filters and
markers, the announced map status, the submission form's errors, and a focus outline that can be seen."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import expect

from tests import factories as f
from tests.conftest import CHROMIUM, finish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def site(live_server):
    """A few places on the map: members of a network, a practice and a profiled city."""
    home = f.home_page()  # first: after another transactional test's flush it also recreates the locale
    housing = f.PolicyFieldFactory(slug="housing", name="Housing")
    network = f.NetworkFactory(slug="safe-harbours", name="Seebrücke Safe Harbours", short_name="Safe Harbours")
    f.network_index()
    for name, lat, lng in [("Kiel", 54.32, 10.13), ("Potsdam", 52.40, 13.06), ("Marburg", 50.81, 8.77)]:
        f.MembershipFactory(
            network=network, municipality__name=name, municipality__latitude=lat, municipality__longitude=lng
        )
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL", latitude=52.09, longitude=5.12)
    f.practice(municipality=utrecht, policy_fields=[housing], title="Plan Einstein")
    barcelona = f.MunicipalityFactory(name="Barcelona", country="ES", latitude=41.39, longitude=2.17)
    f.city_profile(municipality=barcelona, title="Barcelona")
    with override("en"):
        return {"url": live_server.url, "home": home.url}


def active(page, expression="el => el"):
    """Evaluate `expression` on the focused element."""
    return page.evaluate(f"({expression})(document.activeElement)")


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` has focus; fails after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, f"el => el.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def relative_luminance(rgb):
    """WCAG relative luminance of an (r, g, b) colour."""

    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(css):
    """'rgb(196, 0, 26)' → (196, 0, 26)."""
    return tuple(int(x) for x in re.findall(r"\d+", css)[:3])


def open_map(page, url):
    page.goto(url)
    expect(page.locator("#map")).not_to_have_attribute("data-count", "")


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_map(page, site["url"] + site["home"])
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    expect(link).to_be_focused()
    expect(link).to_have_text("Skip to main content")
    box = link.bounding_box()
    assert box["width"] > 20 and box["height"] > 10 and box["y"] >= 0  # shown while it has focus
    page.keyboard.press("Enter")
    assert active(page, "el => el.id") == "main"
    assert active(page, "el => el.tagName") == "MAIN"
    page.keyboard.press("Tab")  # the next stop is inside the main content, not back in the header
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    finish(page)


def test_the_map_filters_work_with_the_keyboard_and_the_status_is_announced(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_map(page, site["url"] + site["home"])
    status = page.locator("#map-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("5 places shown on the map.")
    expect(page.locator("#places-heading")).to_have_text("5 places")

    tab_to(page, "#id_network")
    page.keyboard.press("ArrowDown")  # the first network; a closed select changes at once
    expect(page.locator("#map")).to_have_attribute("data-count", "3")
    expect(status).to_have_text("3 places shown on the map.")
    expect(page.locator("#places-heading")).to_have_text("3 places")
    assert sorted(page.locator(".place-list li a").all_inner_texts()) == ["Kiel", "Marburg", "Potsdam"]
    assert "network=safe-harbours" in page.url
    assert active(page, "el => el.id") == "id_network"  # focus stays where the user is

    tab_to(page, "#map-filters button[type=submit]")
    page.keyboard.press("Enter")  # "Show" with the keyboard: same view, no reload
    expect(page.locator("#map")).to_have_attribute("data-count", "3")
    assert active(page, "el => el.id") != "main"
    finish(page)


def test_a_marker_is_reached_with_tab_and_opened_with_enter(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_map(page, site["url"] + site["home"] + "?kind=profile")
    expect(page.locator("#map")).to_have_attribute("data-count", "1")
    tab_to(page, ".place-marker")
    assert active(page, "el => el.getAttribute('aria-label')") == "Barcelona, city profile"
    outline = active(page, "el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # a visible focus ring on the marker
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_be_visible()
    expect(link).to_have_text("Open the page of Barcelona")
    finish(page)


def test_focus_is_visible_with_enough_contrast(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_map(page, site["url"] + site["home"])
    tab_to(page, "nav[aria-label=Main] a.navbar-brand")
    style = active(
        page, "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert style[0] == "solid" and float(style[1].rstrip("px")) >= 2
    background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert contrast(rgb(style[2]), rgb(background)) >= 3  # WCAG 2.1 non-text contrast
    assert contrast(rgb(style[2]), (255, 255, 255)) >= 3
    finish(page)


def test_form_errors_take_focus_and_are_linked_to_their_fields(browser, live_server):
    f.home_page()
    f.PolicyFieldFactory(slug="housing", name="Housing")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with override("de"):
        url = reverse("submit")
    page.goto(live_server.url + url)
    tab_to(page, "main [type=submit]", limit=120)
    page.keyboard.press("Enter")
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()  # announced (role=alert) and where the keyboard continues
    expect(summary).to_have_attribute("role", "alert")

    title = page.locator("#id_title")
    expect(title).to_have_attribute("aria-invalid", "true")
    described_by = title.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{ident}").inner_text().strip() for ident in described_by]
    error = page.locator("#id_title_error").inner_text().strip()
    assert error and error in messages  # the message is part of the field's description
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 3  # title, summary, consent, …
    for i in range(invalid.count()):
        field = invalid.nth(i)
        assert field.get_attribute("aria-describedby"), field.get_attribute("id")

    link = summary.locator("a[href='#id_title']")
    expect(link).to_contain_text(error)
    link.focus()
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    finish(page)
