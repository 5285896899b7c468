"""Fields several content types share."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail_headless_preview.models import HeadlessPreviewMixin

from cityprofiles.blocks import SourceBlock


class DemoContentMixin(models.Model):
    """Marks an entry that `load_demo` created, so editors can tell it apart from real content."""

    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        db_index=True,
        help_text=_("Created by the demo loader from public facts. Review before relying on it."),
    )

    class Meta:
        abstract = True

    def get_admin_display_title(self):
        """The title in the admin's page listings, marked when the page is demo content."""
        title = super().get_admin_display_title()
        return _("%(title)s (demo)") % {"title": title} if self.is_demo else title


def sources_field():
    """A StreamField of sources (title, URL, date) that backs what an entry says."""
    return StreamField(
        [("source", SourceBlock())],
        blank=True,
        verbose_name=_("sources"),
        help_text=_("Where the facts on this entry come from."),
    )


class YesNoUnknown(models.TextChoices):
    """A three-way answer for commitments whose state may not be known."""

    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown")


class ContactMixin(models.Model):
    """Who to contact about an entry."""

    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_organisation = models.CharField(_("contact organisation"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_url = models.URLField(_("contact web page"), blank=True)

    class Meta:
        abstract = True

    @property
    def has_contact(self):
        """True when any contact detail is filled in."""
        return any([self.contact_name, self.contact_organisation, self.contact_email, self.contact_url])


class HeadlessPreview(HeadlessPreviewMixin):
    """Previews through a signed link that a headless front end reads from the API.

    Previewing stores the draft under a signed token and sends the editor to the front end at
    HEADLESS_PREVIEW_CLIENT_URL with ?content_type=…&token=…; without that setting the site itself
    is the front end and renders the draft at /preview/.
    """

    def get_client_root_url(self, request):
        """The front end's address: HEADLESS_PREVIEW_CLIENT_URL, or this site's own preview view."""
        if settings.HEADLESS_PREVIEW_CLIENT_URL:
            return settings.HEADLESS_PREVIEW_CLIENT_URL.rstrip("/") + "/"
        return reverse("headless_preview")

    @classmethod
    def get_page_from_preview_token(cls, token):
        """The previewed draft for a token signed by us within PREVIEW_TOKEN_MAX_AGE, else None.

        Raises django.core.signing.BadSignature (or SignatureExpired) for a forged or old token.
        """
        cls.get_preview_signer().unsign(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
        return super().get_page_from_preview_token(token)

    def serve_draft(self, request):
        """Render this (previewed) page with the site's own templates, as Wagtail's usual preview does."""
        return super(HeadlessPreviewMixin, self).serve_preview(request, self.default_preview_mode)
