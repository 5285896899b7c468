"""`python manage.py purge_submitter_data`: anonymise submitters' personal data some days after
the decision (SUBMISSION_RETENTION_DAYS, 180 by default), as the privacy notice promises; delete
submissions whose e-mail address was not confirmed within SUBMISSION_UNCONFIRMED_DAYS (7), with
their attachments; and clear spent challenges and rate-limit counts that have run out."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions.models import Notification, RateLimitCount, SpentChallenge, Submission, SubmissionAttachment

ANONYMOUS = {"submitter_name": "(removed)", "organisation": "", "role": "", "email": "removed@invalid"}


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of submissions decided more than SUBMISSION_RETENTION_DAYS ago, delete "
        "submissions left unconfirmed for SUBMISSION_UNCONFIRMED_DAYS, and clear expired spam-defence records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override SUBMISSION_RETENTION_DAYS.")
        parser.add_argument("--dry-run", action="store_true", help="Count, but change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.SUBMISSION_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        due = (
            Submission.objects.filter(decided_at__lt=cutoff)
            | Submission.objects.filter(status=Submission.Status.SPAM, updated_at__lt=cutoff)
        ).exclude(email=ANONYMOUS["email"])
        count = due.count()
        unconfirmed = Submission.objects.filter(
            status=Submission.Status.UNCONFIRMED,
            created_at__lt=timezone.now() - timedelta(days=settings.SUBMISSION_UNCONFIRMED_DAYS),
        )
        unconfirmed_count = unconfirmed.count()
        if not dry_run:
            # The e-mails sent to the submitter hold their name and address too.
            Notification.objects.filter(submission__in=due).exclude(kind=Notification.Kind.MODERATOR_NOTE).update(
                recipient=ANONYMOUS["email"], body="(removed)"
            )
            due.update(**ANONYMOUS)
            for attachment in SubmissionAttachment.objects.filter(submission__in=unconfirmed):
                attachment.file.delete(save=False)
            unconfirmed.delete()
            SpentChallenge.objects.filter(expires_at__lt=timezone.now()).delete()
            RateLimitCount.objects.filter(
                window_start__lt=timezone.now() - timedelta(seconds=settings.SUBMISSION_RATE_LIMIT[1])
            ).delete()
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{verb} the personal data of {count} submissions decided before {cutoff:%Y-%m-%d}.")
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {unconfirmed_count} submissions not confirmed within {settings.SUBMISSION_UNCONFIRMED_DAYS} days."
        )
