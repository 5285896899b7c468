"""Moderators' decisions on submissions: accept (creating draft content that enters Wagtail's
"Review public submission" workflow), reject, ask for information, mark as spam. Each decision is
recorded in Wagtail's audit log with the acting user."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Comment, GroupApprovalTask, Workflow, WorkflowTask
from wagtail.rich_text import RichText

from cityprofiles.gazetteer import locate
from cityprofiles.models import CityIndexPage, CityProfilePage, Municipality, PracticeIndexPage, PracticePage
from cityprofiles.text import paragraphs
from submissions.models import MODERATORS_GROUP, Submission
from submissions.notifications import notify_decision

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


def find_or_create_municipality(submission):
    """The listed municipality the submission is about; a new, unlisted-until-reviewed one if needed."""
    if submission.municipality_id:
        return submission.municipality
    found = Municipality.objects.match(submission.municipality_name, submission.country)
    if found:
        return found
    municipality = Municipality(
        name=submission.municipality_name.strip()[:200],
        country=submission.country or "DE",
        listing_reason=submission.summary,
    )
    if submission.latitude is not None and submission.longitude is not None:
        municipality.latitude, municipality.longitude = submission.latitude, submission.longitude
    else:
        place = locate(municipality.name, municipality.country)
        if place:
            municipality.latitude, municipality.longitude = place.latitude, place.longitude
    municipality.save()
    return municipality


def unique_child_slug(parent, title):
    base = slugify(title)[:60] or "submission"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def attachment_blocks(submission, user):
    """Attachments become Wagtail images (image blocks) and documents (linked in a section)."""
    blocks, links = [], []
    for attachment in submission.attachments.all():
        attachment.file.open("rb")
        if attachment.content_type.startswith("image/"):
            image = get_image_model()(
                title=attachment.original_name, uploaded_by_user=user, description=submission.title
            )
            image.file.save(attachment.file.name.rsplit("/", 1)[-1], attachment.file.file, save=True)
            blocks.append(("image", {"image": image, "alt_text": "", "caption": ""}))
        else:
            document = get_document_model()(title=attachment.original_name, uploaded_by_user=user)
            document.file.save(attachment.file.name.rsplit("/", 1)[-1], attachment.file.file, save=True)
            links.append(f'<li><a linktype="document" id="{document.pk}">{document.title}</a></li>')
        attachment.file.close()
    if links:
        blocks.append(("section", {"heading": _("Documents"), "text": RichText("<ul>" + "".join(links) + "</ul>")}))
    return blocks


def draft_page(submission, user):
    """A draft practice or city profile holding what was submitted, in the review workflow."""
    municipality = find_or_create_municipality(submission)
    body = []
    if submission.description:
        body.append(
            ("section", {"heading": _("What was submitted"), "text": RichText(paragraphs(submission.description))})
        )
    body += attachment_blocks(submission, user)
    sources = [("source", {"title": url[:300], "url": url, "date": None}) for url in submission.source_list()]
    if submission.kind == Submission.Kind.PROFILE:
        parent, page = CityIndexPage.objects.first(), CityProfilePage(municipality=municipality)
    else:
        parent = PracticeIndexPage.objects.first()
        page = PracticePage(
            municipality=municipality,
            actor=submission.actor or "municipality",
            status=submission.practice_status or "running",
            start_year=submission.start_year,
            end_year=submission.end_year,
        )
    if parent is None:
        raise DecisionError(_("There is no index page to put the new page under."))
    page.title, page.summary, page.body, page.sources, page.live = (
        submission.title,
        submission.summary,
        body,
        sources,
        False,
    )
    page.slug = unique_child_slug(parent, submission.title)
    parent.add_child(instance=page)
    if isinstance(page, PracticePage):
        page.policy_fields.set(submission.policy_fields.all())
        page.save()  # a never-published page: its row holds the draft, relations included
    page.save_revision(user=user, log_action=True)
    review_workflow().start(page, user)
    return page


def note_correction(submission, user):
    """A correction becomes a comment on the target page's latest revision, for its editors."""
    page = submission.target_page
    if page is None:
        raise DecisionError(_("This correction names no page."))
    text = f"{submission.reference}: {submission.title}\n\n{submission.summary}\n\n{submission.description}".strip()
    Comment.objects.create(
        page=page, user=user, text=text[:5000], contentpath="title", revision_created=page.latest_revision
    )
    return page


def accept(submission, user):
    """Create what the submission asks for; returns the page or municipality created or changed."""
    if submission.kind == Submission.Kind.LISTING:
        return find_or_create_municipality(submission)
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
FINAL = {Submission.Status.ACCEPTED, Submission.Status.REJECTED}


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
        created = accept(submission, user) if action == "accept" else None
        if isinstance(created, Municipality):
            submission.municipality = created
        submission.status = ACTIONS[action]
        submission.decision_reason = reason.strip()
        if submission.status in FINAL:
            submission.decided_at = timezone.now()
        submission.save()
        notify_decision(submission)
        log(
            instance=submission,
            action=f"submissions.{action}",
            user=user,
            data={"reason": submission.decision_reason, "created": str(created) if created else ""},
        )
    return submission, created
