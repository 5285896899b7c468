"""Two-factor pages in the Wagtail admin, and a link to them in the account menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    """The set-up and verification pages (behind Wagtail's admin login)."""
    return [
        path("two-factor/verify/", views.verify, name="accounts_2fa_verify"),
        path("two-factor/setup/", views.setup, name="accounts_2fa_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    """ "Two-factor authentication" in the account menu: add an authenticator app."""
    return {
        "url": reverse("accounts_2fa_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Add an authenticator app that gives a code at each sign-in."),
    }
