from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and site-wide pieces (demo content loader)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
