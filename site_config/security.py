"""Security middleware, the media view and the upload checks for editors (see SECURITY.md).

- ``ClientAddressMiddleware``: behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the visitor's address
  is taken from ``X-Forwarded-For`` so login lockout and the submission rate limit count visitors,
  not the proxy.
- ``ContentSecurityPolicyMiddleware``: django-csp with two policies, the strict public one
  (``CONTENT_SECURITY_POLICY``) and a looser one for the Wagtail admin
  (``CONTENT_SECURITY_POLICY_ADMIN``), chosen by path.
- ``SecurityHeadersMiddleware``: ``Permissions-Policy`` and ``X-Frame-Options`` on every response.
- ``serve_media``: uploaded files with safe headers; documents and submitters' attachments are
  never served from here to the public.
- ``SafeDocumentForm``: editors' documents are checked by their bytes (core.uploads), like public attachments.
"""

import mimetypes
import posixpath

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from wagtail.documents.forms import BaseDocumentForm

from accounts.two_factor import second_factor_done
from core.sites import is_admin_path
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
