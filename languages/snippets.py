"""Translated taxonomy: policy fields and networks (with their criteria) in the visitor's language.

Each entry is one row in English, the original, which pages, memberships, filters, exports and
the API refer to by id and slug. A translation is a copy in another locale, made with "Translate"
in the admin (Wagtail's simple translation) and sharing the original's `translation_key`; it
supplies the words shown to visitors of that language.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import TranslatableMixin

from languages.pages import locale_ids


def in_original_language():
    """`limit_choices_to` of relations to translatable taxonomy: the originals only, so a chooser lists
    each entry once instead of once per language."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


def network_in_original_language():
    """`limit_choices_to` of relations to commitment criteria: those of the original networks."""
    return models.Q(network__locale__language_code=settings.LANGUAGE_CODE)


class TranslatableQuerySet(models.QuerySet):
    """Querysets of translatable taxonomy."""

    def originals(self):
        """The entries themselves (one row each, in the original language), for lists and filters."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class TranslatableSnippet(TranslatableMixin):
    """A snippet whose words can be translated; `translated` is the entry in the visitor's language."""

    #: Related objects fetched with each translation, e.g. ("criteria",).
    translation_prefetch = ()

    objects = TranslatableQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True

    @property
    def translated(self):
        """This entry in the visitor's language where an editor has translated it, else itself."""
        return translations_of(type(self)).get(self.translation_key, self)


def cache_key(model, language):
    """The cache key of `model`'s translations into `language`."""
    return f"languages:translations:{model._meta.label_lower}:{language}"


def translations_of(model):
    """{translation_key: entry} of `model` in the visitor's language, cached until one changes."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or language not in locale_ids():
        return {}
    key = cache_key(model, language)
    entries = cache.get(key)
    if entries is None:
        rows = model.objects.filter(locale_id=locale_ids()[language]).prefetch_related(*model.translation_prefetch)
        entries = {row.translation_key: row for row in rows}
        cache.set(key, entries, 3600)
    return entries


def forget_translations(model):
    """Drop the cached translations of `model` in every language (after a change)."""
    cache.delete_many([cache_key(model, code) for code, _name in settings.LANGUAGES])


def watch_translations(model, *children):
    """Forget `model`'s cached translations when it, or one of its child models, changes."""

    def forget(**kwargs):
        forget_translations(model)

    for sender in (model, *children):
        post_save.connect(forget, sender=sender, weak=False)
        post_delete.connect(forget, sender=sender, weak=False)
