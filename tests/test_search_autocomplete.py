"""GET /search/autocomplete/: suggestions for the header search box — names and titles of live
public profiles, practices, listed municipalities and networks, by accent-folded prefix, places
first, at most 8, fresh after every publish, unpublish and delete, and never a 500."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/en/search/autocomplete/"


def suggest(client, q):
    """The suggestions for `q` (asserting a public JSON 200)."""
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    return response.json()["results"]


def labels(results):
    return [result["label"] for result in results]


def test_the_url_has_its_name():
    assert reverse("search_autocomplete") == URL


def test_each_kind_of_page_and_place_with_its_address(client):
    koln = f.MunicipalityFactory(name="Köln", country="DE", population=1_080_000)
    profile = f.city_profile(koln, title="Köln")
    kolding = f.MunicipalityFactory(name="Kolding", country="DK", population=61_000)
    welcome = f.practice(koln, title="Kolleg for newcomers")
    f.network_index()
    f.NetworkFactory(name="Kolibri Network", short_name="", slug="kolibri")

    results = suggest(client, "kol")

    assert results == [
        {"label": "Köln", "type": "city", "type_label": "City profile", "url": profile.url, "context": "Germany"},
        {
            "label": "Kolding",
            "type": "municipality",
            "type_label": "Municipality",
            "url": f"/en/municipalities/{kolding.slug}/",
            "context": "Denmark",
        },
        {
            "label": "Kolibri Network",
            "type": "network",
            "type_label": "Network",
            "url": "/en/networks/kolibri/",
            "context": "",
        },
        {
            "label": "Kolleg for newcomers",
            "type": "practice",
            "type_label": "Good practice",
            "url": welcome.url,
            "context": "Köln",
        },
    ]
    for result in results:
        assert client.get(result["url"]).status_code == 200


def test_accents_case_and_hyphens_are_folded_both_ways(client):
    f.MunicipalityFactory(name="Gdańsk", country="PL")
    f.MunicipalityFactory(name="Castrop-Rauxel", country="DE")
    f.MunicipalityFactory(name="Łódź", country="PL")

    assert labels(suggest(client, "gdan")) == ["Gdańsk"]
    assert labels(suggest(client, "GDAŃ")) == ["Gdańsk"]
    assert labels(suggest(client, "lodz")) == ["Łódź"]
    assert labels(suggest(client, "castrop rau")) == ["Castrop-Rauxel"]
    assert labels(suggest(client, "Castrop-Rau")) == ["Castrop-Rauxel"]


def test_a_place_is_suggested_under_its_other_names_too(client):
    koln = f.MunicipalityFactory(name="Köln", country="DE", alternate_names="Cologne, Colonia")
    profile = f.city_profile(koln, title="Köln")
    f.MunicipalityFactory(name="München", country="DE", alternate_names="Munich\nMonaco di Baviera")

    assert [(r["label"], r["url"]) for r in suggest(client, "Colog")] == [("Köln", profile.url)]
    assert labels(suggest(client, "munich")) == ["München"]


def test_exact_name_first_then_places_then_words_inside_titles(client):
    berg = f.MunicipalityFactory(name="Berg", country="DE", population=8_000)
    f.MunicipalityFactory(name="Bergen", country="NO", population=285_000)
    f.practice(berg, title="Housing in Bergheim")
    f.practice(berg, title="Bergamo's welcome desk")

    assert labels(suggest(client, "berg")) == ["Berg", "Bergen", "Bergamo's welcome desk", "Housing in Bergheim"]
    # A word inside a title is found too, after titles that start with it.
    assert labels(suggest(client, "welcome")) == ["Bergamo's welcome desk"]


def test_at_most_eight_bigger_places_first(client):
    for n in range(12):
        f.MunicipalityFactory(name=f"Neustadt {chr(65 + n)}", country="DE", population=1000 * n)
    results = suggest(client, "neust")
    assert labels(results) == [f"Neustadt {chr(65 + n)}" for n in range(11, 3, -1)]


def test_a_profiled_municipality_appears_once_as_its_profile_also_under_its_name(client):
    gdansk = f.MunicipalityFactory(name="Gdańsk", country="PL")
    profile = f.city_profile(gdansk, title="Gdańsk, a city of solidarity")
    assert suggest(client, "gdansk") == [
        {
            "label": "Gdańsk, a city of solidarity",
            "type": "city",
            "type_label": "City profile",
            "url": profile.url,
            "context": "Poland",
        }
    ]


def test_publish_unpublish_and_delete_change_suggestions_at_once(client):
    town = f.MunicipalityFactory(name="Kempen", country="DE")
    assert [r["type"] for r in suggest(client, "kempen")] == ["municipality"]

    profile = f.city_profile(town, title="Kempen")
    practice = f.practice(town, title="Kempen café for all")
    assert [r["type"] for r in suggest(client, "kempen")] == ["city", "practice"]

    practice.unpublish()
    assert [r["type"] for r in suggest(client, "kempen")] == ["city"]

    PageViewRestriction.objects.create(page=profile, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert [r["url"] for r in suggest(client, "kempen")] == [f"/en/municipalities/{town.slug}/"]

    practice.save_revision().publish()
    assert [r["type"] for r in suggest(client, "kempen")] == ["municipality", "practice"]

    practice.delete()
    town.name = "Kempten"
    town.save()
    assert suggest(client, "kempen") == []
    assert labels(suggest(client, "kempt")) == ["Kempten"]


def test_nothing_for_short_empty_or_punctuation_only_input(client):
    f.MunicipalityFactory(name="Aachen", country="DE")
    for q in ("", "a", " a ", "!!", "*", "a'", "\u0000a"):
        assert suggest(client, q) == []


@pytest.mark.parametrize(
    "q",
    [
        'Köln" OR 1=1 --',
        "aa%' AND",
        "\u0000\u0001aa",
        "a" * 200,
        "(((aa",
        "🙂🙂aa",
        "aa\ud800"[:2],
        "a\tb",
        "ÿ" * 50,
        "\U0010ffffaa",
    ],
)
def test_odd_input_is_answered_never_a_server_error(client, q):
    f.MunicipalityFactory(name="Aachen", country="DE")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_too_long_input_is_a_clear_400(client):
    response = client.get(URL, {"q": "a" * 201})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "q"


def test_only_reading_methods(client):
    assert client.post(URL, {"q": "aa"}).status_code == 405


def test_few_queries_per_keystroke_whatever_the_size(client, django_assert_max_num_queries):
    for n in range(30):
        f.MunicipalityFactory(name=f"Bad {n}", country="DE")
    f.practice(title="Bad practice", municipality=f.MunicipalityFactory(name="Badenweiler", country="DE"))
    suggest(client, "ba")  # builds the index
    keystrokes = ("bad", "bad 1", "bade", "badenw")
    with django_assert_max_num_queries(len(keystrokes)):  # the site lookup; the index is held in the process
        for q in keystrokes:
            assert suggest(client, q)
