"""The language switcher and hreflang alternates: the same page in each of the site's languages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Page

register = template.Library()


def page_in_languages(page):
    """{language code: live translation of `page`} for the languages that have one (one query)."""
    from languages.pages import locale_ids

    codes = {locale_id: code for code, locale_id in locale_ids().items()}
    translations = (
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .only("id", "url_path", "locale_id", "translation_key", "path", "depth")
    )
    return {codes[p.locale_id]: p for p in translations if p.locale_id in codes}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language: its translation, or its English version there."""
    return {"languages": language_versions(context), "current": translation.get_language()}


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for each language this page is really written in."""
    return {"languages": [v for v in language_versions(context) if v["translated"]]}


def language_versions(context):
    """For each language: its code, its name in that language, the address and whether translated.

    Computed once per request.
    """
    request = context.get("request")
    if request is not None and hasattr(request, "_language_versions"):
        return request._language_versions
    page = context.get("page")
    translations = page_in_languages(page) if isinstance(page, Page) and page.id else None
    # translate_url() reads an address in its own language: the original's, or the current one.
    if translations is not None:
        original = translations.get(settings.LANGUAGE_CODE) or page
        original_language = settings.LANGUAGE_CODE
        with translation.override(original_language):
            original_url = original.get_url(request)
    elif request is not None:
        original_language, original_url = translation.get_language(), request.get_full_path()
    else:
        return []
    versions = []
    for code, _name in settings.LANGUAGES:
        if translations and code in translations:
            with translation.override(code):
                url = translations[code].get_url(request)
        else:
            with translation.override(original_language):
                url = translate_url(original_url, code)
        translated = translations is None or code in translations
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "translated": translated,
                "absolute_url": request.build_absolute_uri(url) if request is not None else url,
            }
        )
    if request is not None:
        request._language_versions = versions
    return versions
