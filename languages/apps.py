from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    """The site's languages: locales, translated pages and taxonomy, the language switcher."""

    name = "languages"
    verbose_name = _("Languages")
