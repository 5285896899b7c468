"""The one step every way in shares: store a valid submission for moderation and tell people.

The web form (submissions.views) and the JSON endpoint (submissions.api) both validate with
SubmissionForm and then call `store_submission`, so the spam rules, the moderation status and the
e-mails are the same whichever way a submission arrives.
"""

from django.db import transaction
from django.urls import reverse

from submissions.defences import challenge_problem
from submissions.notifications import notify_received


def spam_reasons(cleaned_data):
    """Why a validated submission looks like spam (honeypot filled in, challenge failed); [] if none."""
    return [
        reason
        for reason in (
            "honeypot filled in" if cleaned_data.get("website") else "",
            challenge_problem(cleaned_data.get("challenge")),
        )
        if reason
    ]


def store_submission(request, form, target=None):
    """Save the valid `form` for moderation (as spam when a defence tripped) and queue its e-mails.

    One transaction holds the submission, its attachments and its notifications. `target` is the
    page a correction is about. Returns (submission, status token, absolute status URL).
    """
    with transaction.atomic():
        submission, token = form.save_submission(spam_reasons="; ".join(spam_reasons(form.cleaned_data)))
        if target:
            submission.target_page = target
            submission.save(update_fields=["target_page"])
        status_url = request.build_absolute_uri(reverse("submission_status", kwargs={"token": token}))
        notify_received(submission, status_url)
    return submission, token, status_url
