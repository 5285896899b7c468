"""Language from the address: Django's LocaleMiddleware, minus redirects of machine addresses."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Activate the language of the /xx/ prefix; send unprefixed page addresses to the visitor's.

    Django redirects every unprefixed 404 to a prefixed address that resolves, and with Wagtail's
    catch-all every address resolves. Here only addresses that nothing answers without a prefix are
    redirected, so a 404 from the API (/api/v2/pages/999999/) stays a 404.
    """

    def process_request(self, request):
        """The prefix's language for pages; the default language for the API and data files.

        Machine addresses answer the same whatever the browser's language, so caches stay right.
        The admin follows the editor's own language, as Wagtail sets it.
        """
        path = request.path_info
        if not path.startswith("/admin/") and answered_without_prefix(path):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return
        super().process_request(request)

    def process_response(self, request, response):
        """As Django's, except for addresses served without a language prefix."""
        if response.status_code == 404 and answered_without_prefix(request.path_info):
            return response
        return super().process_response(request, response)


def answered_without_prefix(path):
    """True when an address outside the language-prefixed patterns answers `path`."""
    if translation.get_language_from_path(path):
        # Prefixed: resolving it would depend on the language a previous request left active in this thread.
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"
