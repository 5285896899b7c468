"""Translated pages: the visitor's language where an editor translated a page, English otherwise.

English (settings.LANGUAGE_CODE) is the original of every page. Translations are made in the admin
with Wagtail's simple translation and live in a page tree per locale. A page nobody has translated
yet is still reachable under every language prefix (/de/…) and shown in English with a note, never
a 404; listings show each page once, in the visitor's language where it exists.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

LOCALE_IDS_KEY = "languages:locale-ids"


def locale_ids():
    """{language code: Locale id}, from the cache (locales change rarely; saving one clears it)."""
    ids = cache.get(LOCALE_IDS_KEY)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "id"))
        cache.set(LOCALE_IDS_KEY, ids, 3600)
    return ids


@receiver([post_save, post_delete], sender=Locale)
def forget_locale_ids(**kwargs):
    """A locale was added or removed: read the ids afresh."""
    cache.delete(LOCALE_IDS_KEY)


def original_locale_id():
    """The id of the original (default) language's Locale."""
    return locale_ids().get(settings.LANGUAGE_CODE)


def language_locales():
    """(active, default) Locale ids for the visitor's language and the original language."""
    ids = locale_ids()
    default = ids.get(settings.LANGUAGE_CODE)
    return ids.get(translation.get_language(), default), default


def is_original(page):
    """True when `page` is in the original (default) language."""
    return page.locale_id == locale_ids().get(settings.LANGUAGE_CODE)


def originals(pages):
    """Only the originals (default language) of `pages`: for data that counts each page once."""
    return pages.filter(locale_id=original_locale_id())


def in_visitor_language(pages):
    """Each page of `pages` once: its translation in the visitor's language, else the original.

    One query with a subquery; translations in other languages are left out.
    """
    active, default = language_locales()
    if active == default:
        return pages.filter(locale_id=default)
    translated = pages.filter(locale_id=active).values("translation_key")
    return pages.filter(Q(locale_id=active) | (Q(locale_id=default) & ~Q(translation_key__in=translated)))


class TranslatedPageMixin:
    """A page that falls back to its original (English) version where it has no translation.

    Put it before `Page` in the bases of every page type.
    """

    def route(self, request, path_components):
        """Find the page in this language's tree; where it is missing, in the original's."""
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale.language_code == settings.LANGUAGE_CODE:
                raise
            original = self.get_translation_or_none(Locale.get_default())
            if original is None:
                raise
            return original.specific.route(request, path_components)

    def serve(self, request, *args, **kwargs):
        """An original reached under another language's prefix goes to its translation if there is one."""
        if request.method in ("GET", "HEAD") and self.shown_in_original_language and is_original(self):
            translated = (
                self.get_translations()
                .filter(locale_id=locale_ids().get(translation.get_language()), live=True)
                .first()
            )
            if translated is not None:
                return redirect(translated.get_url(request))
        return super().serve(request, *args, **kwargs)

    def get_url_parts(self, request=None):
        """An untranslated original seen in another language keeps the visitor's language prefix."""
        parts = super().get_url_parts(request)
        language = translation.get_language()
        if (
            parts is None
            or parts[2] is None
            or not language
            or language == settings.LANGUAGE_CODE
            or language not in dict(settings.LANGUAGES)
            or not is_original(self)
        ):
            return parts
        site_id, root_url, page_path = parts
        prefix = f"/{settings.LANGUAGE_CODE}/"
        if page_path.startswith(prefix):
            page_path = reverse("wagtail_serve", args=(page_path[len(prefix) :],))
        return site_id, root_url, page_path

    @property
    def shown_in_original_language(self):
        """True when this page's words are not in the visitor's language: the note says so.

        That is an original seen under another prefix, or a placeholder (an alias of the
        original, which Wagtail makes for the untranslated parents of a translation).
        """
        active = locale_ids().get(translation.get_language() or settings.LANGUAGE_CODE)
        if self.locale_id is None:  # a new page's preview
            return False
        if self.locale_id != active:
            return True
        return bool(self.alias_of_id) and not is_original(self)
