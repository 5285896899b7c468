"""Pages of the home app that are not Wagtail pages: the accessibility statement."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language

from home.models import AccessibilityStatement


def accessibility_statement(request):
    """The accessibility statement required by Directive (EU) 2016/2102, built from the site setting
    of the same name; the editable facts are written in the site's default language."""
    statement = AccessibilityStatement.for_request(request)
    content_language = settings.LANGUAGE_CODE.split("-")[0]
    return render(
        request,
        "home/accessibility_statement.html",
        {
            "statement": statement,
            # The editors' texts are in the default language; mark them so when the page is in another one.
            "content_lang": content_language if get_language() != content_language else "",
        },
    )
