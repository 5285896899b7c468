"""Admin pages for the second factor: set up an authenticator app, and enter its code after signing in."""

import base64

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import SetupForm, TokenForm
from accounts.two_factor import two_factor_required


def next_url(request):
    """Where to go afterwards: the page asked for, if it is on this site, else the admin's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("otp_token")
def verify(request):
    """Ask a user who has a device for its current code, then mark the session verified."""
    form = TokenForm(request.user, request, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        django_otp.login(request, request.user.otp_device)
        return redirect(next_url(request))
    return TemplateResponse(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url(request)})


@never_cache
@sensitive_post_parameters("otp_token", "password")
def setup(request):
    """Add an authenticator app: show its secret as a QR code and confirm it with a code and the password."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = SetupForm(request, device, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        device.name = form.cleaned_data["name"]
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        django_otp.login(request, device)
        messages.success(
            request, _("Two-factor authentication is set up. You will be asked for a code at each sign-in.")
        )
        return redirect(next_url(request))
    context = {
        "form": form,
        "next": next_url(request),
        "qr_code": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR code"))),  # noqa: S308 (our own SVG)
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": two_factor_required(request.user),
        "devices": TOTPDevice.objects.filter(user=request.user, confirmed=True),
        "issuer": getattr(settings, "OTP_TOTP_ISSUER", ""),
    }
    return TemplateResponse(request, "accounts/two_factor_setup.html", context)
