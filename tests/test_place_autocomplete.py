"""GET /search/places/: suggestions for the municipality field, listed places first, then the
offline gazetteer; accent-insensitive prefixes; clear 400s; never a 500."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/en/search/places/"
KEYS = {"name", "country", "country_name", "latitude", "longitude", "listed", "municipality_id", "url"}


def suggestions(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def names(results):
    return [result["name"] for result in results]


def test_the_url_has_its_name():
    assert reverse("place_autocomplete") == URL


def test_listed_municipalities_come_first_then_gazetteer_places_by_population(client):
    listed = f.MunicipalityFactory(name="Kölnhausen", country="DE", latitude=50.1, longitude=8.9, population=900)
    results = suggestions(client, q="köl")

    assert results[0] == {
        "name": "Kölnhausen",
        "country": "DE",
        "country_name": "Germany",
        "latitude": 50.1,
        "longitude": 8.9,
        "listed": True,
        "municipality_id": listed.pk,
        "url": f"/en/municipalities/{listed.slug}/",
    }
    gazetteer = results[1:]
    assert gazetteer and not any(result["listed"] for result in gazetteer)
    assert gazetteer[0]["name"] == "Köln" and gazetteer[0]["country"] == "DE"
    populations = [result["name"] for result in gazetteer]
    assert len(populations) == len(set(zip(populations, [r["country"] for r in gazetteer], strict=True)))
    for result in gazetteer:
        assert set(result) == KEYS
        assert result["municipality_id"] is None and result["url"] is None
        assert isinstance(result["latitude"], float) and isinstance(result["longitude"], float)


def test_gazetteer_places_are_ordered_by_population(client):
    results = suggestions(client, q="ber")
    assert names(results)[:3] == ["Berlin", "Bergen", "Bern"]


def test_a_listed_municipality_hides_its_gazetteer_twin(client):
    cologne = f.MunicipalityFactory(name="Köln", country="DE", latitude=50.94, longitude=6.96)
    results = suggestions(client, q="koln")

    assert [(r["name"], r["country"], r["listed"]) for r in results].count(("Köln", "DE", True)) == 1
    assert ("Köln", "DE", False) not in [(r["name"], r["country"], r["listed"]) for r in results]
    assert results[0]["municipality_id"] == cologne.pk


def test_a_listed_municipality_with_a_live_profile_links_to_the_profile(client):
    municipality = f.MunicipalityFactory(name="Palermo", country="IT", latitude=38.12, longitude=13.36)
    profile = f.city_profile(municipality=municipality)
    [first, *_rest] = suggestions(client, q="paler")
    assert first["municipality_id"] == municipality.pk and first["url"] == profile.url


@pytest.mark.parametrize("query", ["koln", "Köl", "KÖLN", "  köln ", "kol"])
def test_names_match_without_regard_to_case_accents_or_spaces(client, query):
    assert "Köln" in names(suggestions(client, q=query))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("gdansk", "Gdańsk"),
        ("lodz", "Łódź"),
        ("malmo", "Malmö"),
        ("zurich", "Zürich"),
        ("castrop-r", "Castrop-Rauxel"),
        ("castrop r", "Castrop-Rauxel"),
        ("frankfurt (o", "Frankfurt (Oder)"),
        ("l'aquila", "L'Aquila"),
    ],
)
def test_folding_finds_places_with_letters_outside_ascii(client, query, expected):
    assert expected in names(suggestions(client, q=query))


def test_listed_names_are_folded_too(client):
    f.MunicipalityFactory(name="Łańcut-Wieś", country="PL", latitude=50.07, longitude=22.23)
    results = suggestions(client, q="lancut w")
    assert results[0]["name"] == "Łańcut-Wieś" and results[0]["listed"] is True


def test_the_country_filter_applies_to_listed_and_gazetteer_places(client):
    f.MunicipalityFactory(name="Valenza Nord", country="IT", latitude=45.0, longitude=8.6)
    f.MunicipalityFactory(name="Valence Sud", country="FR", latitude=44.9, longitude=4.9)

    french = suggestions(client, q="valen", country="fr")
    assert french and {result["country"] for result in french} == {"FR"}
    assert french[0]["name"] == "Valence Sud" and "Valence" in names(french)

    everywhere = {result["country"] for result in suggestions(client, q="valen")}
    assert {"FR", "IT", "ES"} <= everywhere


def test_gazetteer_places_outside_the_covered_countries_are_left_out(client):
    countries = {result["country"] for result in suggestions(client, q="new york")}
    assert "US" not in countries


def test_at_most_ten_results(client):
    for n in range(12):
        f.MunicipalityFactory(name=f"Sankt Beispiel {n}", country="DE")
    results = suggestions(client, q="sankt")
    assert len(results) == 10 and all(result["listed"] for result in results)
    assert len(suggestions(client, q="sa")) == 10


def test_a_new_or_renamed_municipality_shows_up_at_once(client):
    assert not any(result["listed"] for result in suggestions(client, q="zzyzx"))
    town = f.MunicipalityFactory(name="Zzyzxdorf", country="DE")
    assert names(suggestions(client, q="zzyzx")) == ["Zzyzxdorf"]
    town.name = "Zzyzxstadt"
    town.save()
    assert names(suggestions(client, q="zzyzx")) == ["Zzyzxstadt"]
    town.delete()
    assert suggestions(client, q="zzyzx") == []


@pytest.mark.parametrize("query", ["", "k", " k ", "é", "..", "- '"])
def test_queries_shorter_than_two_letters_give_an_empty_list(client, query):
    assert suggestions(client, q=query) == []


def test_no_query_at_all_gives_an_empty_list(client):
    assert suggestions(client) == []


def test_a_query_of_100_characters_is_fine_and_101_is_refused(client):
    assert suggestions(client, q="a" * 100) == []
    response = client.get(URL, {"q": "a" * 101})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "q"
    assert "100" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "köln\x00",
        "köln;drop table",
        "50%",
        'say "hi"',
        "a_b",
        "köln\u202e",
        "{{x}}",
        "ber\\",
        "🙂🙂",
    ],
)
def test_odd_characters_get_a_clear_400(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == "q" and "letters" in error["message"]


@pytest.mark.parametrize("country", ["ZZ", "US", "deu", "1", "D E"])
def test_an_unknown_country_gets_a_clear_400(client, country):
    response = client.get(URL, {"q": "berlin", "country": country})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "country"


def test_an_empty_country_means_every_country(client):
    assert "Berlin" in names(suggestions(client, q="berl", country=""))


def test_only_get_and_head_are_allowed(client):
    assert client.post(URL, {"q": "berlin"}).status_code == 405
    assert client.head(URL, {"q": "berlin"}).status_code == 200


def test_responses_may_be_cached_for_five_minutes(client):
    response = client.get(URL, {"q": "berlin"})
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_number_of_queries_does_not_grow_with_the_places(client, django_assert_max_num_queries):
    for n in range(20):
        municipality = f.MunicipalityFactory(name=f"Neustadt {n}", country="DE")
        if n % 3 == 0:
            f.city_profile(municipality=municipality)
    suggestions(client, q="neu")  # builds the index of listed places once
    with django_assert_max_num_queries(5):
        results = suggestions(client, q="neustadt")
    assert len(results) == 10 and all(result["listed"] for result in results)
    assert sum(result["url"].startswith("/en/cities/") for result in results) >= 3
