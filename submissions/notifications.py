"""E-mails about submissions: a request to confirm the address, a receipt to the submitter, a note to
each moderator, the decision.

Nothing but the confirmation request is mailed before the submitter has confirmed the address:
the receipt waits as "held" and is released, with the moderators' notes, on confirmation
(submissions.confirmation), so the form can never be used to mail strangers.

Each message is stored as a `Notification` in the same transaction as what it reports, and a
background task (django-tasks, the "mail" backend) sends it. If the mail server fails, the
submission is kept all the same, the failure is recorded, and the task runs again later
(NOTIFICATION_RETRY_DELAYS); moderators see every message and its state in the admin.
Run the sender with `python manage.py db_worker --backend mail`.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from submissions.models import MODERATORS_GROUP, Notification, Submission


@task(backend="mail")
def send_notification(notification_id):
    """Send one stored e-mail; on failure record why and schedule the next attempt (then re-raise)."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.status == Notification.Status.SENT:
        return "nothing to send"
    try:
        EmailMessage(
            notification.subject,
            notification.body,
            to=[notification.recipient],
            reply_to=[settings.SUBMISSION_REPLY_TO] if settings.SUBMISSION_REPLY_TO else None,
        ).send()
    except Exception as error:
        record_failure(notification, error)
        raise
    notification.status, notification.sent_at, notification.next_attempt_at = (
        Notification.Status.SENT,
        timezone.now(),
        None,
    )
    notification.attempts += 1
    notification.save(update_fields=["status", "sent_at", "next_attempt_at", "attempts"])
    return "sent"


def record_failure(notification, error):
    """Count a failed attempt and queue a retry after the next delay, or give up after the last one."""
    notification.attempts += 1
    notification.last_error = f"{type(error).__name__}: {error}"[:500]
    delays = settings.NOTIFICATION_RETRY_DELAYS
    if notification.attempts <= len(delays):
        notification.status = Notification.Status.RETRYING
        notification.next_attempt_at = timezone.now() + timedelta(seconds=delays[notification.attempts - 1])
        send_notification.using(run_after=notification.next_attempt_at).enqueue(notification.pk)
    else:
        notification.status, notification.next_attempt_at = Notification.Status.FAILED, None
    notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def send_again(notification):
    """Queue a message that failed for good (or is waiting to retry) for sending now."""
    notification.status, notification.next_attempt_at = Notification.Status.QUEUED, None
    notification.save(update_fields=["status", "next_attempt_at"])
    send_notification.enqueue(notification.pk)


def queue(submission, kind, recipient, subject, template, language, hold=False, **context):
    """Store one e-mail, written in `language`, and hand it to the sender (or keep it, with `hold`,
    until `release_held` sends it)."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        body = render_to_string(
            template, {"submission": submission, "site_name": settings.WAGTAIL_SITE_NAME, **context}
        )
        subject = f"{settings.WAGTAIL_SITE_NAME}: {subject()}"
    notification = Notification.objects.create(
        submission=submission,
        kind=kind,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        status=Notification.Status.HELD if hold else Notification.Status.QUEUED,
    )
    if not hold:
        send_notification.enqueue(notification.pk)
    return notification


def release_held(submission):
    """Send the messages kept back until the submitter confirmed the address."""
    held = list(submission.notifications.filter(status=Notification.Status.HELD))
    for notification in held:
        notification.status = Notification.Status.QUEUED
        notification.save(update_fields=["status"])
        send_notification.enqueue(notification.pk)
    return held


def moderator_addresses():
    """Active moderators' addresses; superusers' if the Moderators group has none; plus SUBMISSION_NOTIFY_EMAILS."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    addresses = set(users.filter(groups__name=MODERATORS_GROUP).values_list("email", flat=True))
    if not addresses:
        addresses = set(users.filter(is_superuser=True).values_list("email", flat=True))
    return sorted(addresses | set(settings.SUBMISSION_NOTIFY_EMAILS))


def admin_url(submission):
    """The moderation view (review) of a submission, as an absolute address for e-mails."""
    path = reverse("wagtailsnippets_submissions_submission:inspect", args=[submission.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_received(submission, status_url, confirm_url):
    """On a new submission: ask the submitter to confirm the address (at most once a day per
    address) and keep the receipt until then. Nothing is sent for spam: the form must never become a
    way to mail strangers."""
    if submission.status == Submission.Status.SPAM:
        return []
    sent = []
    if not confirmation_sent_today(submission.email):
        sent.append(
            queue(
                submission,
                Notification.Kind.CONFIRMATION,
                submission.email,
                lambda: _("please confirm your e-mail address"),
                "submissions/email/confirmation.txt",
                submission.language,
                confirm_url=confirm_url,
                valid_days=settings.SUBMISSION_UNCONFIRMED_DAYS,
            )
        )
    sent.append(
        queue(
            submission,
            Notification.Kind.RECEIPT,
            submission.email,
            lambda: _("we received your submission %(reference)s") % {"reference": submission.reference},
            "submissions/email/receipt.txt",
            submission.language,
            hold=submission.status == Submission.Status.UNCONFIRMED,
            status_url=status_url,
        )
    )
    return sent


def confirmation_sent_today(address):
    """True when a confirmation request went to this address (in any letter case) in the last 24 hours."""
    return Notification.objects.filter(
        kind=Notification.Kind.CONFIRMATION,
        recipient__iexact=address,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).exists()


def notify_moderators(submission):
    """A note for each moderator about a submission that entered the queue."""
    return [
        queue(
            submission,
            Notification.Kind.MODERATOR_NOTE,
            address,
            lambda: _("new submission %(reference)s") % {"reference": submission.reference},
            "submissions/email/moderator_note.txt",
            settings.LANGUAGE_CODE,
            admin_url=admin_url(submission),
        )
        for address in moderator_addresses()
    ]


DECISIONS_TOLD = {Submission.Status.ACCEPTED, Submission.Status.REJECTED, Submission.Status.NEEDS_INFORMATION}


def notify_decision(submission):
    """Tell the submitter an accept, a reject or a question, with the moderator's reason."""
    if submission.status not in DECISIONS_TOLD:
        return None
    return queue(
        submission,
        Notification.Kind.DECISION,
        submission.email,
        lambda: _("news about your submission %(reference)s") % {"reference": submission.reference},
        "submissions/email/decision.txt",
        submission.language,
    )


def notify_published(submission):
    """Tell the submitter, in their language, that their entry is live and where to find it."""
    return queue(
        submission,
        Notification.Kind.PUBLISHED,
        submission.email,
        lambda: _("your submission %(reference)s is published") % {"reference": submission.reference},
        "submissions/email/published.txt",
        submission.language,
        public_url=submission.public_url(),
    )
