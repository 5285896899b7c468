from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Public submissions, their moderation, and what follows publication."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from submissions.publication import connect

        connect()
