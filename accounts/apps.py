"""Admin accounts: two-factor authentication (TOTP) set-up and verification for the Wagtail admin."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Two-factor set-up and verification pages for the admin (see SECURITY.md)."""

    name = "accounts"
    verbose_name = _("Admin accounts")
