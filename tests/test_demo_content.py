"""`load_demo` builds a complete, sourced demo site, and running it twice changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from cityprofiles.models import (
    CityProfilePage,
    CommitmentStatus,
    Membership,
    Municipality,
    Network,
    PolicyField,
    PracticePage,
)

pytestmark = pytest.mark.django_db

REQUIRED_MUNICIPALITIES = [
    # North Rhine-Westphalian Safe Harbours
    "Arnsberg",
    "Düsseldorf",
    "Dortmund",
    "Köln",
    "Dinslaken",
    "Kempen",
    "Herzogenrath",
    # the twelve founding members of the alliance
    "Berlin",
    "Detmold",
    "Flensburg",
    "Freiburg im Breisgau",
    "Greifswald",
    "Hildesheim",
    "Kiel",
    "Krefeld",
    "Marburg",
    "Potsdam",
    "Rostock",
    "Rottenburg am Neckar",
]


def counts():
    models = [Municipality, Network, Membership, CommitmentStatus, PolicyField, CityProfilePage, PracticePage, Page]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(demo_content, db):
    """The demo site, loaded once for this module (tests/conftest.py)."""


def test_demo_is_complete_sourced_and_stable_when_loaded_twice(demo):
    # One load serves several checks: loading the demo is the slow part of this file.
    first = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts() == first

    check_size_and_countries()
    check_required_municipalities()
    check_founding_members()
    assert Network.objects.originals().get(slug="safe-harbours").criteria.count() == 8
    check_every_entry_is_marked_and_sourced()
    check_policy_fields_speak_seven_languages()


def check_policy_fields_speak_seven_languages():
    housing = PolicyField.objects.originals().get(slug="housing")
    names = {field.locale.language_code: field.name for field in housing.get_translations(inclusive=True)}
    assert names == {
        "en": "Housing",
        "de": "Wohnen",
        "it": "Abitare",
        "el": "Στέγαση",
        "pl": "Mieszkalnictwo",
        "fr": "Logement",
        "es": "Vivienda",
    }
    assert PolicyField.objects.originals().count() == PolicyField.objects.filter(locale__language_code="de").count()


def check_size_and_countries():
    assert Municipality.objects.count() >= 40
    assert CityProfilePage.objects.live().count() >= 8
    assert PracticePage.objects.live().count() >= 20
    assert PolicyField.objects.originals().count() >= 12
    practice_countries = set(PracticePage.objects.values_list("municipality__country", flat=True))
    profile_countries = set(CityProfilePage.objects.values_list("municipality__country", flat=True))
    assert len(practice_countries) >= 6 and len(profile_countries) >= 6


def check_required_municipalities():
    for name in REQUIRED_MUNICIPALITIES:
        municipality = Municipality.objects.get(name=name, country="DE")
        assert 47.2 < municipality.latitude < 55.1 and 5.8 < municipality.longitude < 15.1, name
    cologne = Municipality.objects.get(name="Köln")
    assert round(cologne.latitude, 1) == 50.9 and round(cologne.longitude, 1) == 7.0


def check_founding_members():
    founders = REQUIRED_MUNICIPALITIES[7:]
    members = Membership.objects.filter(network__slug="staedte-sicherer-haefen", municipality__name__in=founders)
    assert members.count() == 12
    assert {m.since.isoformat() for m in members} == {"2019-06-14"}


def check_every_entry_is_marked_and_sourced():
    assert not Municipality.objects.filter(is_demo=False).exists()
    for page in [*CityProfilePage.objects.all(), *PracticePage.objects.all()]:
        assert page.is_demo
        assert len(page.sources) >= 1, page.title
        assert all(s.value["url"].startswith("http") for s in page.sources)
    for network in Network.objects.all():
        assert network.is_demo and len(network.sources) >= 1, network.name
    assert not Membership.objects.filter(source_url="").exists()


def test_demo_pages_all_render(demo, client):
    for page in Page.objects.live().specific():
        if page.depth > 1:
            assert client.get(page.url).status_code == 200, page.url


def test_editor_changes_survive_a_reload_but_refresh_rewrites_demo_entries(demo):
    practice = PracticePage.objects.first()
    practice.title = "Edited by an editor"
    practice.save_revision().publish()

    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert PracticePage.objects.get(pk=practice.pk).title == "Edited by an editor"

    call_command("load_demo", "--refresh", stdout=open("/dev/null", "w"))
    assert PracticePage.objects.get(pk=practice.pk).title != "Edited by an editor"


def test_the_site_address_command_sets_where_emails_link_to(db):
    from wagtail.models import Site

    call_command("set_site_address", "127.0.0.1", "8000", stdout=open("/dev/null", "w"))
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"
