"""What follows when content drafted from a submission is published: the page's draft municipality
is published with it, the submitted files it uses leave the private collection, and the submitter
is told (status page and e-mail, in their language) where the entry now is."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, ReferenceIndex
from wagtail.signals import page_published, published

from submissions.models import MODERATORS_GROUP, Submission
from submissions.notifications import notify_published

PRIVATE_COLLECTION = "Submissions (moderators only)"


def private_collection():
    """The collection submitted files go to: moderators only, until a page using them is published."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PRIVATE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION)
    if not collection.view_restrictions.exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name=MODERATORS_GROUP))
    return collection


def release_files(page):
    """Move the documents and images `page` refers to out of the moderators-only collection."""
    private = Collection.objects.filter(name=PRIVATE_COLLECTION).first()
    if private is None:
        return 0
    ReferenceIndex.create_or_update_for_object(page)
    references = ReferenceIndex.get_references_for_object(page)
    root, moved = Collection.get_first_root_node(), 0
    for model in (get_document_model(), get_image_model()):
        content_type = ContentType.objects.get_for_model(model)
        ids = {int(pk) for pk in references.filter(to_content_type=content_type).values_list("to_object_id", flat=True)}
        moved += model.objects.filter(pk__in=ids, collection=private).update(collection=root)
    return moved


def mark_published(submissions):
    """Record the publication of each accepted submission and queue its e-mail with the link."""
    for submission in submissions.select_for_update().filter(status=Submission.Status.ACCEPTED):
        submission.status, submission.published_at = Submission.Status.PUBLISHED, timezone.now()
        submission.save(update_fields=["status", "published_at", "updated_at"])
        notify_published(submission)


def on_page_published(sender, instance, revision=None, user=None, **kwargs):
    """A page drafted from a submission went live: publish its draft municipality, release its files,
    tell the submitter."""
    municipality = getattr(instance, "municipality", None)
    with transaction.atomic():
        if municipality is not None and not municipality.live:
            revision = municipality.latest_revision or municipality.save_revision(user=user)
            revision.publish(user=user, skip_permission_checks=True)  # the page's publication decides
        release_files(instance)
        mark_published(Submission.objects.filter(page_id=instance.pk))


def on_municipality_published(sender, instance, **kwargs):
    """A municipality a listing request asked for went live: tell the submitter."""
    with transaction.atomic():
        mark_published(Submission.objects.filter(municipality_id=instance.pk, kind=Submission.Kind.LISTING))


def connect():
    """Connect the handlers to Wagtail's publication signals (pages and the Municipality snippet)."""
    from cityprofiles.models import CityProfilePage, Municipality, PracticePage

    for model in (CityProfilePage, PracticePage):
        page_published.connect(on_page_published, sender=model, dispatch_uid=f"submissions-published-{model.__name__}")
    published.connect(on_municipality_published, sender=Municipality, dispatch_uid="submissions-municipality-published")
