"""Filling in and sending the submission form in a real browser (Debian's Chromium)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from submissions.models import Notification, Submission
from tests import factories as f
from tests.conftest import CHROMIUM, finish, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def test_fill_in_and_send_the_form_then_open_the_status_link(browser, live_server):
    f.PolicyFieldFactory(slug="housing", name="Housing")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/en/submit/?kind=listing&municipality=Kempen")
    assert page.locator("#id_municipality_name").input_value() == "Kempen"

    page.select_option("#id_kind", "practice")
    page.select_option("#id_country", "DE")
    page.fill("#id_title", "Welcome café")
    page.fill("#id_summary", "Newcomers and neighbours meet every Friday.")
    page.check("text=Housing")
    page.fill("#id_submitter_name", "Ana Example")
    page.fill("#id_email", "ana@example.org")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert "We can only take your submission if you agree" in page.content()
    assert page.locator("#id_title").input_value() == "Welcome café"  # nothing typed is lost
    screenshot(page, "submission-errors-390")

    page.check("#id_consent")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url("**/submit/thanks/")
    submission = Submission.objects.get()
    assert submission.reference in page.content() and submission.status == "unconfirmed"
    expect(page.locator("#confirm-address")).to_contain_text("confirmation link")
    status_link = page.locator("a.text-break").get_attribute("href")

    confirmation = Notification.objects.get(kind="confirmation").body
    page.goto(re.search(r"http://\S+/submit/confirm/\S+/", confirmation).group(0))  # the link in the mail
    page.get_by_role("button", name="Confirm and send for review").click()
    expect(page.locator("#confirmation-result")).to_contain_text("your e-mail address is confirmed")
    submission.refresh_from_db()
    assert submission.status == "new"
    assert [p.slug for p in submission.policy_fields.all()] == ["housing"]

    page.goto(status_link)
    assert page.locator("#submission-status").inner_text() == "received, waiting for review"
    screenshot(page, "submission-status-390")
    finish(page)


def test_pick_a_municipality_with_the_keyboard_and_send_its_point(browser, live_server):
    kempen = f.MunicipalityFactory(name="Kempen", country="DE", latitude=51.36432, longitude=6.41858)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/en/submit/")
    field = page.locator("#id_municipality_name")
    expect(field).to_have_attribute("role", "combobox")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#place-map-point")).to_have_text("No point is set on the map.")

    field.press_sequentially("kemp", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible(timeout=15_000)  # the first call in a process builds the gazetteer index
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="suggestions")).to_have_count(1)
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Kempen, Germany")
    expect(first).to_contain_text("listed")

    field.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    screenshot(page, "submission-place-suggestions-1280")
    field.press("Enter")
    expect(field).to_have_attribute("aria-expanded", "false")
    assert page.url == live_server.url + "/en/submit/"  # Enter took the suggestion, it did not send the form
    assert field.input_value() == "Kempen"
    assert page.locator("#id_country").input_value() == "DE"
    assert page.locator("#id_latitude").input_value() == "51.36432"
    assert page.locator("#id_longitude").input_value() == "6.41858"
    assert_marker_at_the_centre(page)
    expect(page.locator("#place-map-point")).to_have_text("Point set at latitude 51.36432, longitude 6.41858.")
    screenshot(page, "submission-place-chosen-1280")

    page.select_option("#id_kind", "listing")
    page.fill("#id_title", "List Kempen")
    page.fill("#id_summary", "The council joined the Safe Harbours.")
    page.fill("#id_submitter_name", "Ana Example")
    page.fill("#id_email", "ana@example.org")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert "We can only take your submission if you agree" in page.content()
    # Shown again after the error, the map has the point that was sent.
    assert page.locator("#id_latitude").input_value() == "51.36432"
    assert_marker_at_the_centre(page)

    page.check("#id_consent")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url("**/submit/thanks/")
    submission = Submission.objects.get()
    assert (submission.municipality_name, submission.country) == ("Kempen", "DE")
    assert (submission.latitude, submission.longitude) == (kempen.latitude, kempen.longitude)
    finish(page)


def test_set_the_point_on_the_map_by_mouse_or_keyboard_and_remove_it(browser, live_server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/en/submit/")
    field = page.locator("#id_municipality_name")
    field.fill("Somewhere nobody lists")  # free text stays as typed
    page.locator("#id_municipality_name").press("Escape")
    the_map = page.get_by_role("application", name="Map for the optional point")
    expect(the_map).to_be_visible()
    box = the_map.bounding_box()
    the_map.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.6})
    expect(the_map.locator(".leaflet-marker-icon")).to_have_count(1)
    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    assert -90 <= latitude <= 90 and -180 <= longitude <= 180
    assert field.input_value() == "Somewhere nobody lists"

    remove = page.get_by_role("button", name="Remove the point")
    remove.click()
    expect(the_map.locator(".leaflet-marker-icon")).to_have_count(0)
    assert page.locator("#id_latitude").input_value() == "" == page.locator("#id_longitude").input_value()
    expect(page.locator("#place-map-point")).to_have_text("No point is set on the map.")

    # The keyboard: focus the map, pan it with an arrow key, Enter sets the point at its centre;
    # Tab leaves the map (no trap).
    the_map.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(the_map.locator(".leaflet-marker-icon")).to_have_count(1)
    assert page.locator("#id_latitude").input_value() != ""
    for _ in range(8):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('.place-map')"):
            break
    assert not page.evaluate("document.activeElement.closest('.place-map')")
    screenshot(page, "submission-place-map-390")
    finish(page)


def assert_marker_at_the_centre(page):
    """The marker is on the picker's map, where the map is centred."""
    the_map = page.locator(".place-map")
    marker = the_map.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    map_box, marker_box = the_map.bounding_box(), marker.bounding_box()
    tip_x, tip_y = marker_box["x"] + marker_box["width"] / 2, marker_box["y"] + marker_box["height"]
    assert abs(tip_x - (map_box["x"] + map_box["width"] / 2)) < 3
    assert abs(tip_y - (map_box["y"] + map_box["height"] / 2)) < 3
