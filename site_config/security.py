"""Security middleware, the media view and the upload checks for editors (see SECURITY.md).

- ``ClientAddressMiddleware``: behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the visitor's address
  is taken from ``X-Forwarded-For`` so login lockout and the submission rate limit count visitors,
  not the proxy.
- ``ContentSecurityPolicyMiddleware``: django-csp with two policies, the strict public one
  (``CONTENT_SECURITY_POLICY``) and a looser one for the Wagtail admin
  (``CONTENT_SECURITY_POLICY_ADMIN``), chosen by path.
- ``SecurityHeadersMiddleware``: ``Permissions-Policy`` and ``X-Frame-Options`` on every response.
- ``TwoFactorMiddleware``: django-otp's verification in the admin, required for members of
  ``ADMIN_REQUIRE_2FA_GROUPS`` and optional (but then asked at every sign-in) for everyone else.
- ``serve_media``: uploaded files with safe headers; documents and submitters' attachments are
  never served from here to the public.
- ``SafeDocumentForm``: editors' documents are checked by their bytes (core.uploads), like public attachments.
"""

import mimetypes
import posixpath

import django_otp
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import Resolver404, resolve, reverse
from django_otp.middleware import OTPMiddleware
from wagtail.documents.forms import BaseDocumentForm

from core.uploads import check_document


class ClientAddressMiddleware:
    """Set ``REMOTE_ADDR`` to the visitor's address when the site runs behind trusted proxies.

    With ``TRUSTED_PROXY_COUNT = n`` the n-th address from the right of ``X-Forwarded-For`` is the
    visitor's (each proxy appends the address it received the request from). With 0, the default,
    nothing changes: a forged header from a visitor is ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if count and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if len(hops) >= count:
                request.META["REMOTE_ADDR"] = hops[-count]
        return self.get_response(request)


def is_admin_path(path):
    """True for addresses of the Wagtail admin (and its login, 2FA and preview pages)."""
    return path.startswith(reverse("wagtailadmin_home"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``CONTENT_SECURITY_POLICY_ADMIN`` for the Wagtail admin.

    The admin is for signed-in staff only; Wagtail's admin and its widgets still use inline
    scripts and styles, so its policy allows them (see SECURITY.md). Everything else gets the
    strict public policy: scripts only from our own static files.
    """

    def get_policy_parts(self, request, response, report_only=False):
        """Use the admin policy for admin paths unless a view set its own."""
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts


class SecurityHeadersMiddleware:
    """Add ``Permissions-Policy`` (features the site never uses are off) to every response, and
    ``X-Frame-Options`` to those that bypass Django's clickjacking middleware (static files)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


def two_factor_required(user):
    """True when the user must confirm a second factor before using the admin."""
    groups = getattr(settings, "ADMIN_REQUIRE_2FA_GROUPS", [])
    return bool(groups) and user.is_authenticated and user.groups.filter(name__in=groups).exists()


def second_factor_done(user):
    """False while a user who has (or must have) a second factor has not entered its code."""
    if user.is_verified():
        return True
    return not (two_factor_required(user) or django_otp.user_has_device(user, confirmed=True))


# Admin views a signed-in but not yet verified user may open.
OPEN_ADMIN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), plus the admin's rule.

    In the admin, a user with a confirmed device must enter its code once per session
    (``accounts_2fa_verify``); a member of ``ADMIN_REQUIRE_2FA_GROUPS`` without a device is sent to
    set one up (``accounts_2fa_setup``) before any other admin page. The public site never asks.
    """

    async_capable = False

    def __call__(self, request):
        self._install_lazy_accessors(request)
        return self.second_factor_redirect(request) or self.get_response(request)

    def second_factor_redirect(self, request):
        """A redirect to the set-up or code page, or None when the request may go on."""
        if not is_admin_path(request.path_info):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if name in OPEN_ADMIN_VIEWS:
            return None
        if django_otp.user_has_device(user, confirmed=True):
            target = "accounts_2fa_verify"
        elif two_factor_required(user):
            target = "accounts_2fa_setup"
        else:
            return None
        if name == target:
            return None
        return redirect_to_login(request.get_full_path(), reverse(target), "next")


# Media: what may be served to anyone, and to whom the rest is served.
PUBLIC_MEDIA_FOLDERS = ("images/", "original_images/")
SUBMISSION_MEDIA_FOLDER = "submissions/"
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}


def serve_media(request, path):
    """Serve an uploaded file with safe headers.

    Images (Wagtail's originals and renditions) are public and shown inline; submitters'
    attachments only to users who may see submissions, always as downloads; documents go through
    Wagtail's ``/documents/`` view (privacy settings, attachment disposition), never from here.
    """
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\\" in path:
        raise Http404
    if path.startswith(SUBMISSION_MEDIA_FOLDER):
        if not (request.user.has_perm("submissions.view_submission") and second_factor_done(request.user)):
            raise Http404
    elif not path.startswith(PUBLIC_MEDIA_FOLDERS):
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    inline = content_type in INLINE_MEDIA_TYPES
    response = FileResponse(
        default_storage.open(path),
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=posixpath.basename(path),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if path.startswith(SUBMISSION_MEDIA_FOLDER):
        response["Cache-Control"] = "private, no-store"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) with a check of the file's bytes."""

    def clean_file(self):
        """Refuse a document whose content does not match its extension."""
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "read") and not getattr(upload, "_committed", False):
            check_document(upload)
        return upload
