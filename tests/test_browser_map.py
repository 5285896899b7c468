"""The map in a real browser (Debian's Chromium driven by Playwright): markers, filters that change
the map and the address, popups that lead to the page, a phone-sized screen, keyboard use, and the
list without JavaScript. Screenshots go to test-artifacts/ (git-ignored)."""

import re
from pathlib import Path

import pytest

from tests import factories as f
from tests.conftest import CHROMIUM, finish, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def site(live_server):
    housing = f.PolicyFieldFactory(slug="housing", name="Housing")
    network = f.NetworkFactory(slug="safe-harbours", name="Seebrücke Safe Harbours", short_name="Safe Harbours")
    f.network_index()
    for name, lat, lng in [
        ("Kiel", 54.32, 10.13),
        ("Rostock", 54.09, 12.10),
        ("Potsdam", 52.40, 13.06),
        ("Marburg", 50.81, 8.77),
        ("Flensburg", 54.78, 9.43),
    ]:
        f.MembershipFactory(
            network=network, municipality__name=name, municipality__latitude=lat, municipality__longitude=lng
        )
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL", latitude=52.09, longitude=5.12)
    f.practice(municipality=utrecht, policy_fields=[housing], title="Plan Einstein")
    barcelona = f.MunicipalityFactory(name="Barcelona", country="ES", latitude=41.39, longitude=2.17)
    profile = f.city_profile(municipality=barcelona, title="Barcelona")
    f.practice(municipality=barcelona, policy_fields=[housing], title="Padrón without address")
    return {"url": live_server.url, "profile": profile}


def open_map(page, url):
    page.goto(url)
    page.wait_for_function("document.getElementById('map').dataset.count !== ''")
    return int(page.locator("#map").get_attribute("data-count"))


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_filter_the_map_and_follow_a_popup_to_the_profile(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    assert open_map(page, site["url"] + "/") == 7
    box = page.locator("#map").bounding_box()
    assert box["height"] > 250 and box["width"] > 300  # the map does not disappear on a phone
    assert page.locator(".leaflet-marker-icon").count() > 0
    screenshot(page, f"home-{viewport['width']}")

    page.select_option("#id_policy_field", "housing")
    page.wait_for_function("document.getElementById('map').dataset.count === '2'")
    assert re.search(r"[?&]policy_field=housing", page.url)
    page.wait_for_function("document.querySelector('#places-heading').textContent.includes('2 places')")

    page.select_option("#id_kind", "profile")
    page.wait_for_function("document.getElementById('map').dataset.count === '1'")
    assert "kind=profile" in page.url
    page.locator(".place-marker").first.click()
    link = page.get_by_role("link", name="Open the page of Barcelona")
    link.click()
    page.wait_for_url(re.compile(re.escape(site["profile"].url) + "$"))
    assert page.locator("h1").inner_text() == "Barcelona"
    screenshot(page, f"profile-{viewport['width']}")
    finish(page)


def test_a_shared_filtered_address_opens_the_same_view_and_back_restores_it(browser, site):
    page = browser.new_page()
    assert open_map(page, site["url"] + "/?network=safe-harbours") == 5
    assert page.locator("#id_network").input_value() == "safe-harbours"
    page.select_option("#id_country", "NL")
    page.wait_for_function("document.getElementById('map').dataset.count === '0'")
    page.go_back()
    page.wait_for_function("document.getElementById('map').dataset.count === '5'")
    assert page.locator("#id_country").input_value() == ""
    finish(page)


def test_markers_are_reachable_by_keyboard_with_accessible_names(browser, site):
    page = browser.new_page()
    open_map(page, site["url"] + "/?kind=practice")
    marker = page.locator(".place-marker").first
    label = marker.get_attribute("aria-label")
    assert label in {"Utrecht, good practices", "Barcelona, city profile"}
    marker.focus()
    page.keyboard.press("Enter")
    assert page.locator(".leaflet-popup-content a").is_visible()
    finish(page)


def test_without_javascript_the_list_shows_the_same_places(browser, site, client):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["url"] + "/?network=safe-harbours")
    listed = sorted(page.locator(".place-list li a").all_inner_texts())
    api = client.get("/api/v2/map/", {"network": "safe-harbours"}).json()
    assert listed == sorted(x["properties"]["n"] for x in api["features"])
    assert len(listed) == 5
    finish(page)
    context.close()
