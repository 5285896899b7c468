"""The site in seven languages: prefixes, the switcher, translations, the English fallback."""

import datetime
import re

import pytest
from django.utils import translation
from wagtail.models import Locale

from tests import factories as f

pytestmark = pytest.mark.django_db


def english_url(page):
    """The page's address in English (tests leave the last request's language active)."""
    with translation.override("en"):
        return page.url


def switcher_links(html):
    """{language code: address} of the language switcher."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return dict((code, url) for url, code in re.findall(r'<a href="([^"]+)" lang="([a-z]+)"', nav))


def translate(page, language_code, **changes):
    """A published translation of `page` (its untranslated parents become aliases, as in the admin)."""
    translated = page.copy_for_translation(Locale.objects.get(language_code=language_code), copy_parents=True)
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated.specific.__class__.objects.get(pk=translated.pk)


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("de-DE,de;q=0.9,en;q=0.5", "/de/"),
        ("pl", "/pl/"),
        ("el-GR", "/el/"),
        ("ja", "/en/"),
        ("", "/en/"),
    ],
)
def test_a_first_visit_goes_to_the_browsers_language(client, accept, expected):
    f.home_page()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302 and response["Location"] == expected


def test_every_language_has_its_prefix_html_lang_and_translated_interface(client):
    f.home_page()
    words = {"en": "Search", "de": "Suche", "it": "Cerca", "fr": "Rechercher", "es": "Buscar"}
    for code, word in words.items():
        html = client.get(f"/{code}/").content.decode()
        assert f'<html lang="{code}"' in html
        assert f">{word}</button>" in html, code


def test_switching_language_on_a_profile_lands_on_its_translation(client):
    profile = f.city_profile(municipality=f.MunicipalityFactory(name="Palermo", country="IT"), title="Palermo")
    translate(profile, "de", title="Palermo, die Stadt der Charta", slug="palermo-de")

    english = client.get(english_url(profile)).content.decode()
    german_url = switcher_links(english)["de"]
    assert german_url.startswith("/de/") and german_url.endswith("/palermo-de/")

    german = client.get(german_url)
    html = german.content.decode()
    assert german.status_code == 200
    assert "Palermo, die Stadt der Charta" in html and 'lang="de"' in html
    assert 'role="note"' not in html  # a real translation: no fallback note
    back = switcher_links(html)["en"]
    assert client.get(back).content.decode().count("Palermo, die Stadt der Charta") == 0
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', html))
    assert alternates["de"].endswith(german_url) and alternates["en"].endswith(english_url(profile))
    assert alternates["x-default"] == alternates["en"] and "it" not in alternates


def test_an_untranslated_page_is_shown_in_english_with_a_note_never_a_404(client):
    practice = f.practice(title="Health care without papers")
    path = english_url(practice).removeprefix("/en/")
    for code, note in [
        ("de", "Diese Seite liegt noch nicht auf Deutsch vor"),
        ("it", "Questa pagina non è ancora disponibile in"),
    ]:
        response = client.get(f"/{code}/{path}")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Health care without papers" in html and note in html
        assert re.search(r'<main[^>]* lang="en"', html)  # the English content is marked as English
        assert f'<html lang="{code}"' in html
    assert client.get("/de/practices/no-such-practice/").status_code == 404


def test_a_page_under_a_translated_parent_is_still_found_in_english(client):
    profile = f.city_profile(title="Palermo")
    other = f.city_profile(title="Leipzig")
    translate(profile, "de", title="Palermo auf Deutsch")  # the city index becomes a German alias
    html = client.get("/de/" + english_url(other).removeprefix("/en/")).content.decode()
    assert "Leipzig" in html and "Diese Seite liegt noch nicht auf Deutsch vor" in html


def test_policy_fields_and_network_criteria_are_shown_in_the_visitors_language(client):
    housing = f.PolicyFieldFactory(name="Housing", slug="housing")
    german = housing.copy_for_translation(Locale.objects.get(language_code="de"))
    german.name = "Wohnen"
    german.save()
    network = f.NetworkFactory(name="Safe Harbours", slug="safe-harbours")
    f.CommitmentCriterionFactory(network=network, key="reception", title="Take in more people")
    network_de = network.copy_for_translation(Locale.objects.get(language_code="de"))
    network_de.name = "Sichere Häfen"
    network_de.save()
    network_de.criteria.filter(key="reception").update(title="Mehr Menschen aufnehmen")
    town = f.MunicipalityFactory(country="DE")
    f.MembershipFactory(municipality=town, network=network)
    f.network_index()
    practice = f.practice(municipality=town, policy_fields=[housing], title="Homes first")
    profile = f.city_profile(municipality=town)
    path = english_url(practice).removeprefix("/en/")

    assert ">Housing</a>" in client.get(english_url(practice)).content.decode()
    assert ">Wohnen</a>" in client.get(f"/de/{path}").content.decode()
    german_profile = client.get("/de/" + english_url(profile).removeprefix("/en/")).content.decode()
    assert "Mehr Menschen aufnehmen" in german_profile and "Take in more people" not in german_profile
    assert "Sichere Häfen" in client.get("/de/networks/safe-harbours/").content.decode()
    # filters and the API keep working on the original entries
    assert "Homes first" in client.get("/de/practices/?policy_field=housing").content.decode()
    assert [p["slug"] for p in client.get("/api/v2/policy-fields/").json()["items"]] == ["housing"]


def test_dates_and_country_names_follow_the_language(client):
    town = f.MunicipalityFactory(name="Kiel", country="DE", last_reviewed=datetime.date(2026, 3, 5))
    html = {code: client.get(f"/{code}/municipalities/{town.slug}/").content.decode() for code in ("en", "de", "fr")}
    assert "5 March 2026" in html["en"] and "Germany" in html["en"]
    assert "5. März 2026" in html["de"] and "Deutschland" in html["de"]
    assert "5 mars 2026" in html["fr"] and "Allemagne" in html["fr"]


def test_machine_addresses_answer_in_the_default_language_whatever_the_browser(client):
    town = f.MunicipalityFactory(name="Kiel", latitude=54.3, longitude=10.1)
    listing = client.get("/api/v2/municipalities/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert listing["items"][0]["meta"]["html_url"].endswith(f"/en/municipalities/{town.slug}/")
    assert client.get("/api/v2/pages/999999/", HTTP_ACCEPT_LANGUAGE="de").status_code == 404  # no redirect


def test_the_map_gives_addresses_in_the_language_asked_for(client):
    f.city_profile(municipality=f.MunicipalityFactory(name="Leipzig", latitude=51.3, longitude=12.4))
    feature = client.get("/api/v2/map/", {"lang": "de"}).json()["features"][0]
    assert feature["properties"]["u"].startswith("/de/cities/")
    refused = client.get("/api/v2/map/", {"lang": "xx"})
    assert refused.status_code == 400 and refused.json()["error"]["parameter"] == "lang"


def test_page_addresses_keep_the_visitors_language_for_untranslated_pages():
    practice = f.practice(title="Homes first")
    with translation.override("pl"):
        assert practice.url.startswith("/pl/practices/")
    with translation.override("en"):
        assert practice.url.startswith("/en/practices/")


def test_editors_and_moderators_may_translate(editor, moderator):
    assert editor.has_perm("simple_translation.submit_translation")
    assert moderator.has_perm("simple_translation.submit_translation")
