"""Two-factor authentication for the Wagtail admin: who must confirm a second factor, and the
middleware that sends a signed-in user to the set-up or code page before any other admin page.
The pages themselves are in accounts/views.py; the TOTP devices are django-otp's."""

import django_otp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django_otp.middleware import OTPMiddleware

from core.sites import is_admin_path


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
