"""The page editor's form for articles that file themselves under translated taxonomy."""

from functools import partial

from django.utils import translation
from wagtail.admin.forms import WagtailAdminPageForm

from languages.snippets import TranslatableSnippet


def label_in(language, entry):
    """The entry's name as a reader of `language` sees it (its translation where there is one)."""
    with translation.override(language):
        return str(entry)


class TaxonomyChoicesPageForm(WagtailAdminPageForm):
    """Choosers of policy fields and networks list each entry once (the original, which pages refer
    to; see `in_original_language`), named in the language of the page being edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale if self.instance.locale_id else getattr(self.parent_page, "locale", None)
        if locale is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, TranslatableSnippet):
                field.label_from_instance = partial(label_in, locale.language_code)
