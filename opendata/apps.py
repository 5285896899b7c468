from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The /data/ page and its downloads: published data as CSV and GeoJSON under an open licence."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "opendata"
    verbose_name = _("Open data")
