"""The whole participation loop in a real browser (Debian's Chromium): a citizen sends a practice
from a town not yet listed, a moderator opens it from the queue, accepts it and approves the
drafted page; only then are the page and the town public, and the citizen's status page links to it."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cityprofiles.models import Municipality, PracticePage
from submissions.models import Notification, Submission
from tests import factories as f
from tests.conftest import CHROMIUM, finish, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def send_as_citizen(page, base):
    page.goto(base + "/en/submit/")
    page.select_option("#id_kind", "practice")
    page.fill("#id_municipality_name", "Herzogenrath")
    page.keyboard.press("Escape")  # close the place suggestions
    page.select_option("#id_country", "DE")
    page.fill("#id_title", "Welcome café")
    page.fill("#id_summary", "Newcomers and neighbours meet every Friday.")
    page.fill("#id_description", "The town pays the rent.\n\nVolunteers cook.")
    page.check("text=Housing")
    page.fill("#id_sources", "https://example.org/cafe")
    page.fill("#id_submitter_name", "Ana Example")
    page.fill("#id_email", "ana@example.org")
    page.check("#id_consent")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url("**/submit/thanks/")
    return page.locator("a.text-break").get_attribute("href")


def confirm_address(page, base):
    """Open the link of the confirmation e-mail (as stored for the mail worker) and press its button."""
    mail = Notification.objects.get(kind=Notification.Kind.CONFIRMATION, recipient="ana@example.org")
    page.goto(base + re.search(r"https?://[^/]+(/\S+/submit/confirm/\S+/)", mail.body).group(1))
    page.get_by_role("button", name="Confirm and send for review").click()
    page.wait_for_load_state()


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def test_citizen_sends_moderator_accepts_and_approves_then_it_is_public(browser, live_server, django_user_model):
    f.practice_index()
    f.PolicyFieldFactory(slug="housing", name="Housing")
    moderator = django_user_model.objects.create_user("mo", "mo@example.org", "pw-for-tests-only")
    moderator.groups.add(Group.objects.get(name="Moderators"), Group.objects.get(name="Editors"))
    base = live_server.url

    citizen = browser.new_page(viewport={"width": 1280, "height": 900})
    status_url = send_as_citizen(citizen, base)
    confirm_address(citizen, base)
    citizen.goto(status_url)
    expect(citizen.locator("#submission-status")).to_have_text("received, waiting for review")

    admin = browser.new_page(viewport={"width": 1400, "height": 1000})
    log_in(admin, base, "mo")
    admin.goto(base + "/admin/snippets/submissions/submission/")
    submission = Submission.objects.get()
    row = admin.get_by_role("link", name=submission.reference)
    expect(row).to_be_visible()
    screenshot(admin, "moderation-queue")
    row.click()

    expect(admin.get_by_role("heading", name="Decision")).to_be_visible()
    expect(admin.locator("#review-status")).to_have_text("New")
    expect(admin.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    assert submission.token_hash not in admin.content()
    screenshot(admin, "moderation-review")
    admin.get_by_role("button", name="Accept", exact=True).click()
    admin.wait_for_url("**/admin/pages/*/edit/")

    draft = PracticePage.objects.get(title="Welcome café")
    assert not draft.live and not Municipality.objects.get(name="Herzogenrath").live
    assert citizen.request.get(base + "/en/municipalities/herzogenrath/").status == 404
    expect(admin.locator("#id_summary")).to_have_value("Newcomers and neighbours meet every Friday.")
    assert (
        "What was submitted" not in admin.content()
        and "ana@example.org" not in admin.locator("#page-edit-form").inner_text()
    )
    screenshot(admin, "moderation-drafted-page")

    approve = admin.locator('button[data-workflow-action-name="approve"]').first
    if not approve.is_visible():
        admin.locator("footer .w-dropdown__toggle").first.click()
    approve.click()
    admin.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.live

    citizen.goto(base + draft.relative_url(draft.get_site()))
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Welcome café")
    expect(citizen.get_by_role("heading", name="How it works")).to_be_visible()
    expect(citizen.get_by_text("The town pays the rent.")).to_be_visible()
    assert "What was submitted" not in citizen.content() and "ana@example.org" not in citizen.content()
    screenshot(citizen, "published-practice")
    assert citizen.request.get(base + "/en/municipalities/herzogenrath/").status == 200

    citizen.goto(status_url)
    expect(citizen.locator("#submission-status")).to_have_text("Published")
    expect(citizen.locator("#submission-published a")).to_have_attribute("href", draft.full_url)
    screenshot(citizen, "submission-status-published")
    finish(admin)
    finish(citizen)
