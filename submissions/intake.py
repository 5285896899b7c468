"""The one step every way in shares: store a valid submission for moderation and tell people.

The web form (submissions.views) and the JSON endpoint (submissions.api) both validate with
SubmissionForm and then call `store_submission`, so the spam rules (the single-use challenge bound to
the client's address, the honeypot), the moderation status and the e-mails are the same whichever
way a submission arrives. A submission that passes waits as "unconfirmed" until its submitter
confirms the e-mail address (submissions.confirmation).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from submissions.confirmation import confirmation_url
from submissions.defences import challenge_problem, client_address
from submissions.notifications import notify_received


def spam_reasons(cleaned_data, address):
    """Why a validated submission looks like spam (honeypot filled in, challenge failed); [] if none.

    Checking the challenge spends it: the same stamp is refused next time."""
    return [
        reason
        for reason in (
            "honeypot filled in" if cleaned_data.get("website") else "",
            challenge_problem(cleaned_data.get("challenge"), address),
        )
        if reason
    ]


def store_submission(request, form, target=None):
    """Save the valid `form` for moderation (as spam when a defence tripped) and queue its e-mails.

    One transaction holds the submission, its attachments, the spent challenge and its notifications.
    `target` is the page a correction is about. Returns (submission, status token, absolute status URL).
    """
    with transaction.atomic():
        reasons = spam_reasons(form.cleaned_data, client_address(request))
        submission, token = form.save_submission(spam_reasons="; ".join(reasons))
        if target:
            submission.target_page = target
            submission.save(update_fields=["target_page"])
        with translation.override(submission.language):
            status_url = request.build_absolute_uri(reverse("submission_status", kwargs={"token": token}))
            confirm_url = confirmation_url(request, submission)
        notify_received(submission, status_url, confirm_url)
    return submission, token, status_url
