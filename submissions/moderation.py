"""Moderators' decisions on submissions: accept (creating draft content that enters Wagtail's
"Review public submission" workflow), reject, ask for information, mark as spam. Each decision is
recorded in Wagtail's audit log with the acting user."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Comment, GroupApprovalTask, Workflow, WorkflowTask
from wagtail.rich_text import RichText

from cityprofiles.gazetteer import locate
from cityprofiles.models import CityIndexPage, CityProfilePage, Municipality, PracticeIndexPage, PracticePage
from submissions.models import MODERATORS_GROUP, Submission
from submissions.notifications import notify_decision
from submissions.publication import mark_published, private_collection

WORKFLOW_NAME = "Review public submission"
MODERATORS = MODERATORS_GROUP


class DecisionError(Exception):
    """A decision that cannot be taken (already decided, reason missing, nowhere to put the page)."""


def can_moderate(user):
    """Only superusers and members of the Moderators group decide on submissions."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=MODERATORS).exists())


def review_workflow():
    """The "Review public submission" workflow: one approval task for the Moderators group."""
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created or not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name=_("Moderators approve"))
        task.groups.set(Group.objects.filter(name=MODERATORS))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def find_or_create_municipality(submission, user):
    """The municipality the submission is about; a new one is a draft (not public) until reviewed."""
    if submission.municipality_id:
        return submission.municipality
    found = Municipality.objects.match(submission.municipality_name, submission.country)
    if found:
        return found
    municipality = Municipality(
        name=submission.municipality_name.strip()[:200],
        country=submission.country or "DE",
        listing_reason=submission.summary,
        live=False,
    )
    if submission.latitude is not None and submission.longitude is not None:
        municipality.latitude, municipality.longitude = submission.latitude, submission.longitude
    else:
        place = locate(municipality.name, municipality.country)
        if place:
            municipality.latitude, municipality.longitude = place.latitude, place.longitude
    municipality.save()
    municipality.save_revision(user=user, log_action=True)
    return municipality


def attachment_blocks(submission, user):
    """Attachments become Wagtail images (image blocks) and documents (linked in a section), kept in
    the private collection."""
    blocks, links, collection = [], [], private_collection()
    for attachment in submission.attachments.all():
        attachment.file.open("rb")
        if attachment.content_type.startswith("image/"):
            image = get_image_model()(
                title=attachment.original_name,
                uploaded_by_user=user,
                description=submission.title,
                collection=collection,
            )
            image.file.save(attachment.file.name.rsplit("/", 1)[-1], attachment.file.file, save=True)
            blocks.append(("image", {"image": image, "alt_text": "", "caption": ""}))
        else:
            document = get_document_model()(
                title=attachment.original_name, uploaded_by_user=user, collection=collection
            )
            document.file.save(attachment.file.name.rsplit("/", 1)[-1], attachment.file.file, save=True)
            links.append(f'<li><a linktype="document" id="{document.pk}">{escape(document.title)}</a></li>')
        attachment.file.close()
    if links:
        blocks.append(("section", {"heading": _("Documents"), "text": RichText("<ul>" + "".join(links) + "</ul>")}))
    return blocks


def editor_note(submission):
    """What the editor should know but the public must not read: who sent it, how to reach them."""
    who = ", ".join(part for part in (submission.submitter_name, submission.role, submission.organisation) if part)
    return _(
        "Public submission %(reference)s (%(language)s), sent by %(who)s <%(email)s>. "
        "Check the text and the sources before publishing; contact details stay out of the page."
    ) % {"reference": submission.reference, "language": submission.language, "who": who, "email": submission.email}


def draft_page(submission, user):
    """A draft practice or city profile from what was submitted, in the review workflow; the submitter's
    details go into a comment for the editor, never into the page."""
    municipality = find_or_create_municipality(submission, user)
    model, parent = (
        (CityProfilePage, CityIndexPage.objects.first())
        if submission.kind == Submission.Kind.PROFILE
        else (PracticePage, PracticeIndexPage.objects.first())
    )
    if parent is None:
        raise DecisionError(_("There is no index page to put the new page under."))
    fields = {}
    if model is PracticePage:
        fields = {
            "actor": submission.actor or PracticePage.Actor.MUNICIPALITY,
            "status": submission.practice_status or PracticePage.Status.RUNNING,
            "start_year": submission.start_year,
            "end_year": submission.end_year,
            "policy_fields": submission.policy_fields.all(),
        }
    with translation.override(parent.locale.language_code):
        heading = _("How it works") if model is PracticePage else _("Overview")
        page = model.draft_from(
            parent,
            user=user,
            title=submission.title,
            summary=submission.summary,
            municipality=municipality,
            sections=[(heading, submission.description)],
            blocks=attachment_blocks(submission, user),
            sources=submission.source_list(),
            **fields,
        )
    Comment.objects.create(
        page=page, user=user, text=editor_note(submission), contentpath="title", revision_created=page.latest_revision
    )
    review_workflow().start(page, user)
    return page


def note_correction(submission, user):
    """A correction of a page becomes a comment on its latest revision, for its editors; one of a
    municipality, network or membership (no page) is linked to the municipality it names, if listed,
    for the moderator to edit."""
    page = submission.target_page
    if page is None:
        return Municipality.objects.filter(
            name__iexact=submission.municipality_name.strip(), country=submission.country
        ).first()
    text = f"{submission.reference}: {submission.title}\n\n{submission.summary}\n\n{submission.description}".strip()
    Comment.objects.create(
        page=page, user=user, text=text[:5000], contentpath="title", revision_created=page.latest_revision
    )
    return page


def accept(submission, user):
    """Create what the submission asks for; returns the page or municipality created or changed."""
    if submission.kind == Submission.Kind.LISTING:
        municipality = find_or_create_municipality(submission, user)
        if not municipality.live and municipality.current_workflow_state is None:
            review_workflow().start(municipality, user)
        return municipality
    if submission.kind == Submission.Kind.CORRECTION:
        return note_correction(submission, user)
    return draft_page(submission, user)


ACTIONS = {
    "accept": Submission.Status.ACCEPTED,
    "reject": Submission.Status.REJECTED,
    "needs-information": Submission.Status.NEEDS_INFORMATION,
    "spam": Submission.Status.SPAM,
    "in-review": Submission.Status.IN_REVIEW,
}
FINAL = {Submission.Status.ACCEPTED, Submission.Status.PUBLISHED, Submission.Status.REJECTED}


def decide(submission_id, action, user, reason=""):
    """Take one decision, once: the row is locked, so two moderators cannot both accept it."""
    if not can_moderate(user):
        raise PermissionDenied
    if action not in ACTIONS:
        raise DecisionError(_("Unknown action."))
    if action in ("reject", "needs-information") and not reason.strip():
        raise DecisionError(_("Give the submitter a reason."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.status in FINAL:
            raise DecisionError(
                _("This submission was already decided (%(status)s).") % {"status": submission.get_status_display()}
            )
        if submission.status == Submission.Status.UNCONFIRMED and action != "spam":
            # Every other decision mails the address, which nobody has confirmed: it could be a stranger's.
            raise DecisionError(
                _(
                    "The sender has not confirmed the e-mail address yet, so nothing can be decided but spam. "
                    "Unconfirmed submissions are deleted after %(days)s days."
                )
                % {"days": settings.SUBMISSION_UNCONFIRMED_DAYS}
            )
        created = accept(submission, user) if action == "accept" else None
        if isinstance(created, Municipality):
            submission.municipality = created
        elif created is not None and submission.kind != Submission.Kind.CORRECTION:
            submission.page, submission.municipality = created, created.specific.municipality
        submission.status = ACTIONS[action]
        submission.decision_reason = reason.strip()
        if submission.status in FINAL:
            submission.decided_at = timezone.now()
        submission.save()
        notify_decision(submission)
        if isinstance(created, Municipality) and created.live and submission.kind == Submission.Kind.LISTING:
            mark_published(Submission.objects.filter(pk=submission.pk))  # it was listed already
        log(
            instance=submission,
            action=f"submissions.{action}",
            user=user,
            data={"reason": submission.decision_reason, "created": str(created) if created else ""},
        )
    return submission, created
