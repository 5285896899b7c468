"""The header search box in a real browser (Debian's Chromium): suggestions as you type, chosen
with the keyboard, and Enter without a choice still searches."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.conftest import CHROMIUM, finish, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def test_type_arrow_down_and_enter_opens_the_suggested_page(browser, live_server):
    koln = f.MunicipalityFactory(name="Köln", country="DE", population=1_080_000)
    profile = f.city_profile(koln, title="Köln")
    f.MunicipalityFactory(name="Kolding", country="DK", population=61_000)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    box = page.locator("#header-search")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("koln", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Köln")
    expect(first).to_contain_text("City profile · Germany")
    expect(page.get_by_role("status").filter(has_text="1 suggestion")).to_have_count(1)

    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    screenshot(page, "search-suggestions-1280")
    box.press("Enter")
    page.wait_for_url(live_server.url + profile.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Köln")
    finish(page)


def test_enter_without_a_choice_sends_the_search(browser, live_server):
    f.MunicipalityFactory(name="Kolding", country="DK")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    box = page.locator("#header-search")
    box.press_sequentially("kold", delay=60)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Enter")
    page.wait_for_url("**/search/?q=kold")
    finish(page)
