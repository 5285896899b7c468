from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CityProfilesConfig(AppConfig):
    """Municipalities, networks, commitments, policy fields, city profiles and practices."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cityprofiles"
    verbose_name = _("Cities and practices")

    def ready(self):
        from cityprofiles import signals

        signals.connect()
