"""E-mails about submissions: a receipt and a moderator note on each submission, the decision to
the submitter; all sent by the background worker, so a mail-server outage never loses a submission
and failed sends are retried and shown in the admin."""

import re
import socket
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from submissions.models import Notification, Submission
from tests import factories as f
from tests.test_moderation_decisions import decide
from tests.test_submissions import status_link, submit, submit_confirmed

pytestmark = pytest.mark.django_db


def run_mail_worker(max_tasks=None):
    """What `python manage.py db_worker --backend mail` does in production, until the queue is empty.

    The worker closes stale connections between tasks; inside a test's transaction that would
    close the test's own connection, so (as Django's test client does for requests) it is skipped.
    """
    args = ["db_worker", "--backend", "mail", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0"]
    with patch.object(db_worker, "close_old_connections", lambda: None):
        call_command(*args, *(["--max-tasks", str(max_tasks)] if max_tasks else []))


@pytest.fixture
def mail_server_down(settings):
    """A real SMTP back end pointed at a local port where nothing listens: every send fails."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    return settings


def test_receipt_and_moderator_note_are_sent_by_the_worker(client, moderator):
    response = submit(client)
    submission = Submission.objects.get()
    assert mail.outbox == []  # the request only stores the messages; the worker sends them
    run_mail_worker()
    [confirmation] = mail.outbox  # nothing but the request to confirm the address before that is done
    assert confirmation.to == ["ana@example.org"] and "http://testserver/en/submit/confirm/" in confirmation.body
    mail.outbox.clear()

    f.confirm_email(client)
    run_mail_worker()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"ana@example.org", "mo@example.org"}
    receipt = by_recipient["ana@example.org"]
    assert submission.reference in receipt.subject
    link = status_link(response)
    assert f"http://testserver{link}" in receipt.body
    assert "Welcome café" in receipt.body and "&amp;" not in receipt.body
    note = by_recipient["mo@example.org"]
    assert f"http://testserver/admin/snippets/submissions/submission/inspect/{submission.pk}/" in note.body
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_spam_gets_no_mail(client, moderator):
    submit(client, website="http://spam.example")
    assert Submission.objects.get().status == "spam"
    assert not Notification.objects.exists()


def test_decision_with_reason_reaches_the_submitter(client, moderator):
    submit_confirmed(client)
    submission = Submission.objects.get()
    run_mail_worker()
    mail.outbox.clear()

    decide(client, moderator, submission, "needs-information", "Which year did it start?")
    run_mail_worker()

    [message] = mail.outbox
    assert message.to == ["ana@example.org"] and submission.reference in message.subject
    assert "need more information" in message.body and "Which year did it start?" in message.body


def test_mail_server_down_keeps_the_submission_and_retries_later(client, moderator, mail_server_down):
    response = submit_confirmed(client)

    submission = Submission.objects.get()
    assert response.status_code == 200 and submission.reference in response.content.decode()
    assert submission.status == "new"

    run_mail_worker()

    receipt = Notification.objects.get(kind="receipt")
    assert receipt.status == "retrying" and receipt.attempts == 1
    assert "refused" in receipt.last_error.lower() or "connect" in receipt.last_error.lower()
    assert receipt.next_attempt_at is not None
    run_mail_worker()  # the retry waits for its time: nothing is tried again at once
    receipt.refresh_from_db()
    assert receipt.attempts == 1

    # The moderator sees the failure in the admin: on the dashboard and in the e-mail listing.
    client.force_login(moderator)
    assert "e-mails not sent yet" in client.get("/admin/").content.decode()
    listing = client.get(reverse("wagtailsnippets_submissions_notification:list")).content.decode()
    assert "failed, will retry" in listing


def test_failed_mail_is_given_up_after_the_last_retry_and_can_be_sent_again(client, moderator, mail_server_down):
    mail_server_down.NOTIFICATION_RETRY_DELAYS = [0, 0]
    submit_confirmed(client)
    run_mail_worker()  # the first try and both retries fail

    receipt = Notification.objects.get(kind="receipt")
    assert receipt.status == "failed" and receipt.attempts == 3

    mail_server_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(moderator)
    page = client.get(reverse("wagtailsnippets_submissions_notification:inspect", args=[receipt.pk]))
    assert "Send again now" in page.content.decode()
    client.post(reverse("submissions_send_again", args=[receipt.pk]))
    run_mail_worker()

    receipt.refresh_from_db()
    assert receipt.status == "sent"
    assert [m.to for m in mail.outbox if m.subject == receipt.subject] == [["ana@example.org"]]


def test_only_moderators_may_send_again(client, editor, moderator):
    submit_confirmed(client)
    receipt = Notification.objects.get(kind="receipt")
    client.force_login(editor)
    assert client.post(reverse("submissions_send_again", args=[receipt.pk])).status_code in (302, 403)
    receipt.refresh_from_db()
    assert receipt.status == "queued"


def test_no_markup_or_header_injection_through_the_mail(client, moderator):
    submit_confirmed(client, title="Hi\r\nBcc: victim@example.org", submitter_name="<b>Ana</b>")
    run_mail_worker()
    receipt = next(m for m in mail.outbox if m.to == ["ana@example.org"] and "received" in m.subject)
    assert "victim" not in receipt.subject and "Bcc" not in str(receipt.message()["Bcc"] or "")
    assert "<b>Ana</b>" in receipt.body and re.search(r"^Content-Type: text/plain", receipt.message().as_string(), re.M)
