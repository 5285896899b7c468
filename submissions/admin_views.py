"""Admin views of the moderation queue: a submission in full, with its possible duplicates and the
decision buttons, and the view that takes a decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.snippets.views.snippets import InspectView

from cityprofiles.models import Municipality, PracticePage
from submissions.models import Notification, Submission, site_time
from submissions.moderation import FINAL, DecisionError, can_moderate, decide
from submissions.notifications import send_again


def possible_duplicates(submission):
    """Listed municipalities and practices whose names resemble what was submitted."""
    name = submission.municipality_name.strip()
    words = [w for w in submission.title.split() if len(w) > 3][:4]
    matched = Municipality.objects.match(name, submission.country)
    municipalities = [matched] if matched else []
    if name:
        others = Municipality.objects.filter(name__icontains=name[:40])
        municipalities += list(others.exclude(pk=matched.pk) if matched else others)[: 5 - len(municipalities)]
    practices = PracticePage.objects.none()
    for word in words:
        practices = practices | PracticePage.objects.filter(title__icontains=word)
    return {"municipalities": list(municipalities), "practices": list(practices.distinct()[:5])}


# What the review view shows of a submission, in reading order; never the status token's hash.
REVIEW_FIELDS = [
    "reference",
    "kind",
    "title",
    "summary",
    "description",
    "municipality_name",
    "country",
    "latitude",
    "longitude",
    "policy_fields",
    "actor",
    "practice_status",
    "start_year",
    "end_year",
    "sources",
    "submitter_name",
    "organisation",
    "role",
    "email",
    "language",
    "consent_at",
    "spam_reasons",
    "decision_reason",
    "created_at",
    "decided_at",
    "published_at",
]
TIMES = {"consent_at", "created_at", "decided_at", "published_at"}


class SubmissionInspectView(InspectView):
    """The review view a queue row opens: everything submitted, attachments, possible duplicates,
    what it became, and the decision buttons. Times are in the site's time zone, as everywhere."""

    template_name = "submissions/admin/inspect.html"
    page_title = gettext_lazy("Review submission")

    def get_field_display_value(self, field_name, field):
        if field_name in TIMES:
            return site_time(getattr(self.object, field_name)) or "-"
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            submission=submission,
            attachments=submission.attachments.all(),
            duplicates=possible_duplicates(submission),
            can_decide=can_moderate(self.request.user) and submission.status not in FINAL,
            decide_url=reverse("submissions_decide", args=[submission.pk]),
            drafted_page=submission.page.specific if submission.page_id else None,
            public_url=submission.public_url(),
        )
        return context


@require_POST
def decide_view(request, pk):
    """Take the decision posted from the inspect view and go back to it with a message."""
    if not can_moderate(request.user):
        raise PermissionDenied
    try:
        submission, created = decide(pk, request.POST.get("action", ""), request.user, request.POST.get("reason", ""))
    except Submission.DoesNotExist:
        raise Http404 from None
    except DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(reference)s is now “%(status)s”.")
            % {"reference": submission.reference, "status": submission.get_status_display()},
        )
        if created is not None and hasattr(created, "get_latest_revision"):
            return redirect("wagtailadmin_pages:edit", created.pk)
    return redirect("wagtailsnippets_submissions_submission:inspect", pk)


class NotificationInspectView(InspectView):
    """One e-mail as sent (or tried), its attempts and last error, and a button to send it again."""

    template_name = "submissions/admin/notification_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_send_again=can_moderate(self.request.user) and self.object.status != Notification.Status.SENT,
            send_again_url=reverse("submissions_send_again", args=[self.object.pk]),
        )
        return context


@require_POST
def send_again_view(request, pk):
    """Queue an unsent e-mail for sending now."""
    if not can_moderate(request.user):
        raise PermissionDenied
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification.status == Notification.Status.SENT:
        messages.error(request, _("This e-mail was already sent."))
    else:
        send_again(notification)
        messages.success(
            request,
            _("The e-mail to %(recipient)s is queued to be sent again.") % {"recipient": notification.recipient},
        )
    return redirect("wagtailsnippets_submissions_notification:inspect", pk)
