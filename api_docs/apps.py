from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiDocsConfig(AppConfig):
    """Registers the drf-spectacular extensions that describe Wagtail's API endpoints."""

    name = "api_docs"
    verbose_name = _("API documentation")

    def ready(self):
        """Import the extensions so drf-spectacular knows them before the first schema is made."""
        from api_docs import wagtail_schema  # noqa: F401  (registers the view extension)
