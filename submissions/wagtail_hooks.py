"""The moderation queue in the Wagtail admin: every submission, filterable and searchable."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cityprofiles.countries import COUNTRY_CHOICES
from submissions.admin_views import (
    REVIEW_FIELDS,
    NotificationInspectView,
    SubmissionInspectView,
    decide_view,
    send_again_view,
)
from submissions.models import Notification, Submission, site_time
from submissions.moderation import can_moderate


class NotMadeByHandPolicy(ModelPermissionPolicy):
    """Records the public or the site itself makes: nobody adds them in the admin (nor, for the
    actions listed in `denied`, changes or deletes them)."""

    def __init__(self, model, denied=("add",)):
        super().__init__(model)
        self.denied = set(denied)

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a not in self.denied])


class SubmissionFilterSet(WagtailFilterSet):
    """Filters of the moderation queue."""

    country = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, label=_("Country"))
    created_at = django_filters.DateFromToRangeFilter(label=_("Submitted"), widget=DateRangePickerWidget)

    class Meta:
        model = Submission
        fields = ["kind", "status", "country", "created_at"]


class SubmissionViewSet(SnippetViewSet):
    """Submissions: read in the admin, never created there."""

    @property
    def permission_policy(self):
        # No edit form: a row opens the review view, where decisions are taken (never a raw status).
        return NotMadeByHandPolicy(self.model, denied=("add", "change"))

    model = Submission
    icon = "mail"
    menu_label = _("Submissions")
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    inspect_view_fields = REVIEW_FIELDS
    filterset_class = SubmissionFilterSet
    list_display = [
        "reference",
        "title",
        "municipality_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("created_at", label=_("Submitted"), accessor=lambda submission: site_time(submission.created_at)),
    ]
    list_per_page = 50
    search_fields = ["reference", "title", "municipality_name", "submitter_name", "organisation"]
    search_backend_name = None  # submitters' data stays out of the search index
    ordering = ["-created_at"]


class NotificationViewSet(SnippetViewSet):
    """E-mails about submissions and whether they went out: failed ones show why and when the next try is."""

    @property
    def permission_policy(self):
        return NotMadeByHandPolicy(self.model, denied=("add", "change", "delete"))

    model = Notification
    icon = "mail"
    menu_label = _("E-mail notifications")
    inspect_view_enabled = True
    inspect_view_class = NotificationInspectView
    inspect_view_fields = [
        "submission",
        "kind",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    list_display = [
        "subject",
        "recipient",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        "attempts",
        "next_attempt_at",
        "created_at",
    ]
    list_per_page = 50
    search_fields = ["subject", "recipient"]
    search_backend_name = None
    ordering = ["-created_at"]


class SubmissionsGroup(SnippetViewSetGroup):
    """The "Submissions" admin menu: the moderation queue and the e-mails it sends."""

    items = (SubmissionViewSet, NotificationViewSet)
    menu_icon = "mail"
    menu_label = _("Submissions")
    menu_name = "submissions"
    menu_order = 150


register_snippet(SubmissionsGroup)


@hooks.register("register_admin_urls")
def register_decision_url():
    return [
        path("submissions/<int:pk>/decide/", decide_view, name="submissions_decide"),
        path("submissions/notifications/<int:pk>/send-again/", send_again_view, name="submissions_send_again"),
    ]


@hooks.register("register_log_actions")
def register_decision_log_actions(actions):
    actions.register_action("submissions.accept", _("Accept submission"), _("Submission accepted"))
    actions.register_action("submissions.reject", _("Reject submission"), _("Submission rejected"))
    actions.register_action(
        "submissions.needs-information", _("Ask for information"), _("Submitter asked for more information")
    )
    actions.register_action("submissions.spam", _("Mark as spam"), _("Submission marked as spam"))
    actions.register_action("submissions.in-review", _("Start review"), _("Submission in review"))


class NewSubmissionsSummaryItem(SummaryItem):
    """The admin dashboard's count of new submissions waiting for a moderator."""

    order = 50
    template_name = "submissions/admin/summary_new.html"

    def get_context_data(self, parent_context):
        return {
            "new_count": Submission.objects.filter(status=Submission.Status.NEW).count(),
            "queue_url": reverse("wagtailsnippets_submissions_submission:list") + "?status=new",
            "unsent_count": Notification.objects.exclude(status__in=["sent", "queued", "held"]).count(),
            "unsent_url": reverse("wagtailsnippets_submissions_notification:list") + "?status=failed&status=retrying",
        }

    def is_shown(self):
        return can_moderate(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_new_submissions_summary_item(request, items):
    items.append(NewSubmissionsSummaryItem(request))
