"""A submission waits, "unconfirmed", until its submitter confirms the e-mail address with the link
mailed (in their language, once a day per address at most); only then does it enter the queue as
"new", and only then do the receipt and the moderators' notes go out. Unconfirmed ones are deleted
after a week."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from submissions.models import Notification, SpentChallenge, Submission
from tests import factories as f
from tests.test_submission_emails import run_mail_worker
from tests.test_submissions import form_data, submit

pytestmark = pytest.mark.django_db


def test_before_confirmation_only_the_confirmation_mail_goes_out(client, moderator):
    submit(client)
    run_mail_worker()

    submission = Submission.objects.get()
    assert submission.status == "unconfirmed" and submission.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["ana@example.org"] and "confirm" in message.subject
    assert "Ana Example" not in message.body and "Welcome café" not in message.body  # nothing the sender typed
    assert Notification.objects.get(kind="receipt").status == "held"
    assert not Notification.objects.filter(kind="moderator-note").exists()


def test_following_the_link_and_pressing_the_button_puts_it_in_the_queue(client, moderator):
    submit(client)
    link = f.confirmation_link("ana@example.org")

    page = client.get(link)  # opening the link (or a mail scanner fetching it) confirms nothing
    assert "Confirm and send for review" in page.content.decode() and "Welcome café" in page.content.decode()
    assert Submission.objects.get().status == "unconfirmed"
    done = client.post(link)

    submission = Submission.objects.get()
    assert submission.status == "new" and submission.confirmed_at is not None
    assert "your e-mail address is confirmed" in done.content.decode()
    run_mail_worker()
    assert {m.to[0] for m in mail.outbox} == {"ana@example.org", "mo@example.org"}
    assert len([m for m in mail.outbox if m.to == ["ana@example.org"]]) == 2  # confirmation request, receipt
    assert "nothing left to confirm" in client.post(link).content.decode()  # a second press changes nothing
    assert Notification.objects.filter(kind="moderator-note").count() == 1


def test_at_most_one_confirmation_mail_per_address_a_day_and_one_link_confirms_all(client):
    submit(client, email="ana@example.org", title="First")
    submit(client, email="ANA@example.org", title="Second")
    assert Notification.objects.filter(kind="confirmation").count() == 1

    f.confirm_email(client)
    assert set(Submission.objects.values_list("status", flat=True)) == {"new"}

    Notification.objects.filter(kind="confirmation").update(created_at=timezone.now() - datetime.timedelta(hours=25))
    submit(client, title="Next day")
    assert Notification.objects.filter(kind="confirmation").count() == 2


def test_the_confirmation_mail_is_in_the_submitters_language(client):
    client.post("/de/submit/", form_data(), follow=True)
    run_mail_worker()

    [message] = mail.outbox
    assert Submission.objects.get().language == "de"
    assert "bitte bestätigen Sie Ihre E-Mail-Adresse" in message.subject
    assert "http://testserver/de/submit/confirm/" in message.body and "Hallo," in message.body


def test_a_forged_or_expired_link_confirms_nothing(client, settings):
    submit(client)
    link = f.confirmation_link("ana@example.org")

    forged = client.post(link[:-6] + "xxxxx/")
    settings.SUBMISSION_UNCONFIRMED_DAYS = -1  # every link is older than that
    expired = client.post(link)

    assert forged.status_code == 404 and expired.status_code == 404
    assert "not valid or has expired" in expired.content.decode()
    assert Submission.objects.get().status == "unconfirmed"


def test_unconfirmed_submissions_have_their_own_filter_in_the_queue(client, moderator):
    submit(client, title="Waiting for the address", email="waiting@example.org")
    submit(client, title="Confirmed already")
    f.confirm_email(client)
    client.force_login(moderator)

    queue = reverse("wagtailsnippets_submissions_submission:list")
    unconfirmed = client.get(queue, {"status": "unconfirmed"}).content.decode()
    new = client.get(queue, {"status": "new"}).content.decode()

    assert "Waiting for the address" in unconfirmed and "Confirmed already" not in unconfirmed
    assert "Confirmed already" in new and "Waiting for the address" not in new
    assert "e-mail address not confirmed" in client.get(queue).content.decode()


def test_unconfirmed_submissions_are_deleted_after_a_week_with_their_files(client, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (10, 10)).save(png, format="PNG")
    submit(client, title="Never confirmed", attachments=[SimpleUploadedFile("a.png", png.getvalue())])
    submit(client, title="Confirmed", email="bo@example.org")
    f.confirm_email(client, "bo@example.org")
    submit(client, title="Recent, not confirmed yet", email="cy@example.org")
    week_ago = timezone.now() - datetime.timedelta(days=8)
    Submission.objects.exclude(title__startswith="Recent").update(created_at=week_ago)
    SpentChallenge.objects.update(expires_at=week_ago)
    stored_file = tmp_path / Submission.objects.get(title="Never confirmed").attachments.get().file.name
    assert stored_file.exists()

    out = io.StringIO()
    call_command("purge_submitter_data", stdout=out)

    assert set(Submission.objects.values_list("title", flat=True)) == {"Confirmed", "Recent, not confirmed yet"}
    assert not stored_file.exists() and not SpentChallenge.objects.exists()
    assert "Deleted 1 submissions not confirmed within 7 days." in out.getvalue()


@pytest.mark.parametrize("action", ["accept", "reject", "needs-information", "in-review"])
def test_a_moderator_cannot_decide_on_an_unconfirmed_submission_except_as_spam(client, moderator, action):
    from submissions.moderation import DecisionError, decide

    f.practice_index()
    submit(client)
    submission = Submission.objects.get()
    with pytest.raises(DecisionError, match="not confirmed"):
        decide(submission.pk, action, moderator, reason="Please tell us more.")
    assert Submission.objects.get().status == "unconfirmed"
    assert not Notification.objects.filter(kind="decision").exists()  # no mail to an unconfirmed address

    decide(submission.pk, "spam", moderator)
    assert Submission.objects.get().status == "spam"
