"""The submission form's markup in every UI language: no attribute twice on any element (an HTML
checker error), menus that say what to choose instead of Django's "---------", and its first field
asked in plain words rather than "Kind" with "a good practice"."""

from html.parser import HTMLParser

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

FIRST_QUESTION = {
    "en": "What would you like to send us?",
    "de": "Was möchten Sie uns schicken?",
}


class FormMarkup(HTMLParser):
    """Collects elements with a repeated attribute, the form tag, labels and each menu's first option."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.repeated, self.forms, self.first_options, self.labels = [], [], {}, {}
        self.select = self.option = self.label = None

    def handle_starttag(self, tag, attrs):
        names = [name for name, _value in attrs]
        if len(names) != len(set(names)):
            self.repeated.append((tag, names))
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self.forms.append(attributes)
        elif tag == "select":
            self.select = attributes.get("id")
        elif tag == "option" and self.select and self.select not in self.first_options:
            self.option = [attributes.get("value"), ""]
            self.first_options[self.select] = self.option
        elif tag == "label" and attributes.get("for"):
            self.label = self.labels.setdefault(attributes["for"], [])

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "option":
            self.option = None
        elif tag == "label":
            self.label = None

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data
        if self.label is not None:
            self.label.append(data)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_form_is_valid_markup_with_real_prompts_in_every_language(client, language):
    html = client.get(f"/{language}/submit/").content.decode()
    markup = FormMarkup()
    markup.feed(html)

    assert markup.repeated == []
    [form] = markup.forms
    assert form["enctype"] == "multipart/form-data"
    assert "---------" not in html
    assert set(markup.first_options) >= {"id_kind", "id_country", "id_actor", "id_practice_status"}
    for menu in ("id_country", "id_actor", "id_practice_status"):
        value, prompt = markup.first_options[menu]
        assert value == "" and len(prompt.strip()) > 5, (menu, prompt)
    kind_label = " ".join("".join(markup.labels["id_kind"]).split())
    assert not kind_label.startswith("Kind") and kind_label.rstrip("*").endswith(("?", ";")), kind_label  # Greek: ";"
    if language in FIRST_QUESTION:
        assert kind_label.rstrip("*") == FIRST_QUESTION[language]
    if language != "en":
        english = FormMarkup()
        english.feed(client.get("/en/submit/").content.decode())
        assert markup.first_options["id_country"][1] != english.first_options["id_country"][1]  # translated
