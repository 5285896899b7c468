"""Language from the address: Django's LocaleMiddleware, minus redirects of machine addresses."""

from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Activate the language of the /xx/ prefix; send unprefixed page addresses to the visitor's.

    Django redirects every unprefixed 404 to a prefixed address that resolves, and with Wagtail's
    catch-all every address resolves. Here only addresses that nothing answers without a prefix are
    redirected, so a 404 from the API (/api/v2/pages/999999/) stays a 404.
    """

    def process_response(self, request, response):
        """As Django's, except for addresses served without a language prefix."""
        if response.status_code == 404 and answered_without_prefix(request.path_info):
            return response
        return super().process_response(request, response)


def answered_without_prefix(path):
    """True when an address outside the language-prefixed patterns answers `path`."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"
