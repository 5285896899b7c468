"""The submitter confirms the e-mail address before a submission enters the moderation queue.

A new submission is "unconfirmed"; the address gets one mail a day at most with a signed link. Following
it (and pressing the button on the page it opens, so a mail scanner that fetches links confirms
nothing) moves every unconfirmed submission of that address to "new", sends the receipts kept until
then and tells the moderators. Unconfirmed submissions are deleted after SUBMISSION_UNCONFIRMED_DAYS
by `purge_submitter_data`.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from submissions.models import Submission
from submissions.notifications import notify_moderators, release_held

CONFIRM_SALT = "submissions.confirm-address"


def confirmation_url(request, submission):
    """The absolute address of the signed confirmation link for the submission's e-mail address."""
    token = signing.dumps(submission.email.lower(), salt=CONFIRM_SALT)
    return request.build_absolute_uri(reverse("submission_confirm", kwargs={"token": token}))


def address_for_token(token):
    """The e-mail address a confirmation link was made for, or None when it is forged or too old."""
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.SUBMISSION_UNCONFIRMED_DAYS * 86400)
    except signing.BadSignature:
        return None


def waiting_for(address):
    """The unconfirmed submissions sent with this e-mail address (any letter case)."""
    return Submission.objects.filter(status=Submission.Status.UNCONFIRMED, email__iexact=address)


def confirm_address(address):
    """Move every unconfirmed submission of `address` into the queue, send their receipts and tell
    the moderators; returns the submissions confirmed now."""
    with transaction.atomic():
        confirmed = list(waiting_for(address).select_for_update())
        for submission in confirmed:
            submission.status, submission.confirmed_at = Submission.Status.NEW, timezone.now()
            submission.save(update_fields=["status", "confirmed_at", "updated_at"])
            release_held(submission)
            notify_moderators(submission)
    return confirmed
