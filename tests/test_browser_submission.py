"""Filling in and sending the submission form in a real browser (Debian's Chromium)."""

from pathlib import Path

import pytest

from submissions.models import Submission
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
    page.goto(live_server.url + "/submit/?kind=listing&municipality=Kempen")
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
    assert submission.reference in page.content() and submission.status == "new"
    assert [p.slug for p in submission.policy_fields.all()] == ["housing"]

    page.goto(page.locator("a.text-break").get_attribute("href"))
    assert page.locator("#submission-status").inner_text() == "received, waiting for review"
    screenshot(page, "submission-status-390")
    finish(page)
