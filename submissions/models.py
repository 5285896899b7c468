"""Public submissions: what municipalities and citizens file, held for moderation."""

import hashlib
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cityprofiles.countries import COUNTRY_CHOICES
from core.sites import site_url

MODERATORS_GROUP = "Moderators"  # the group whose members see the queue, decide, and get e-mails


def hash_token(token):
    """The stored form of a status token: the token itself is shown to the submitter once, never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def site_time(value):
    """A moment as every screen and e-mail about submissions shows it: in the site's time zone
    (TIME_ZONE), whatever zone the reader's session or the sending worker runs in; "" for None."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)), "DATETIME_FORMAT")


def new_reference():
    """A short reference people can quote, e.g. MC-2026-7K3Q9P."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"MC-{timezone.now().year}-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Submission(models.Model):
    """Something a stranger filed through the public form; nothing of it is public until accepted.

    It waits as "unconfirmed" until its submitter follows the link mailed to the address given;
    only then does it enter the moderation queue as "new" (submissions.confirmation).
    """

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("a good practice")
        LISTING = "listing", _("list our municipality")
        CORRECTION = "correction", _("a correction to an entry")
        PROFILE = "profile", _("a new city profile")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("e-mail address not confirmed")
        NEW = "new", _("new")
        IN_REVIEW = "in-review", _("in review")
        NEEDS_INFORMATION = "needs-information", _("needs information")
        ACCEPTED = "accepted", _("accepted")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        SPAM = "spam", _("spam")

    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRACTICE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)

    municipality_name = models.CharField(_("municipality"), max_length=200)
    municipality = models.ForeignKey(
        "cityprofiles.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        verbose_name=_("listed municipality"),
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True, db_index=True)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("drafted page"),
    )
    target_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page to correct"),
    )
    policy_fields = models.ManyToManyField("cityprofiles.PolicyField", blank=True, verbose_name=_("policy fields"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    actor = models.CharField(
        _("who runs it"),
        max_length=20,
        blank=True,
        choices=[
            ("municipality", _("the municipality")),
            ("civil-society", _("civil society")),
            ("joint", _("both together")),
        ],
    )
    practice_status = models.CharField(
        _("status of the practice"),
        max_length=20,
        blank=True,
        choices=[("running", _("running")), ("ended", _("ended")), ("planned", _("planned"))],
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    sources = models.TextField(_("sources"), max_length=3000, blank=True, help_text=_("One web address per line."))

    submitter_name = models.CharField(_("your name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("your role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="en")
    consent_at = models.DateTimeField(_("consented to the privacy notice at"))
    confirmed_at = models.DateTimeField(_("e-mail address confirmed at"), null=True, blank=True)

    spam_reasons = models.CharField(_("why it was marked as spam"), max_length=300, blank=True)
    decision_reason = models.TextField(_("reason given to the submitter"), max_length=3000, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def issue_token(self):
        """Create the private status token (returned once) and keep only its hash."""
        token = secrets.token_urlsafe(24)
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def for_token(cls, token):
        """The submission a status token belongs to, or None."""
        if not token or len(token) > 100:
            return None
        return cls.objects.filter(token_hash=hash_token(token)).first()

    def public_url(self):
        """The public address of what this submission became, once it is published; else ""."""
        if self.status != self.Status.PUBLISHED:
            return ""
        if self.page_id:
            page = self.page.specific
            return page.full_url if page.live else ""
        if self.municipality_id and self.municipality.live:
            return site_url(self.municipality.get_absolute_url())
        return ""

    def source_list(self):
        """The sources as a list of addresses."""
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class SubmissionAttachment(models.Model):
    """A file attached to a submission, checked by its content (PDF, JPEG or PNG; images re-encoded)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="submissions/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class Notification(models.Model):
    """An e-mail about a submission (receipt, note to moderators, decision), kept until it is sent.

    The message is stored with the submission in one transaction and sent by a background task, so a
    mail-server outage never loses or blocks a submission; failed sends are retried and shown in the admin.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("request to confirm the e-mail address")
        RECEIPT = "receipt", _("receipt to the submitter")
        MODERATOR_NOTE = "moderator-note", _("note to a moderator")
        DECISION = "decision", _("decision to the submitter")
        PUBLISHED = "published", _("publication to the submitter")

    class Status(models.TextChoices):
        HELD = "held", _("held until the address is confirmed")
        QUEUED = "queued", _("queued")
        RETRYING = "retrying", _("failed, will retry")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, gave up")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("submission")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail notification")
        verbose_name_plural = _("e-mail notifications")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"


class SpentChallenge(models.Model):
    """A challenge (the form's signed time stamp) that has been used once and may not be used again.

    Kept in the database, not the cache, so a replay is caught even while Redis is away; rows past
    `expires_at` are useless (the stamp has expired anyway) and `purge_submitter_data` deletes them.
    """

    nonce = models.CharField(max_length=32, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used challenge")
        verbose_name_plural = _("used challenges")

    def __str__(self):
        return self.nonce


class RateLimitCount(models.Model):
    """Submissions counted for one client address (a salted hash) in one time window.

    The rate limit's store when there is no Redis, or when Redis is unreachable: an atomic
    increment in the database, shared by every worker, so the limit never fails open.
    """

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="unique_rate_limit_window")]
        verbose_name = _("rate limit count")
        verbose_name_plural = _("rate limit counts")

    def __str__(self):
        return f"{self.key} @ {self.window_start}: {self.count}"
