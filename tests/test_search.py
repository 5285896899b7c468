"""The search page /search/?q=: labelled, highlighted, faceted, paginated results that stay current,
a way forward when a municipality is not listed, a clear answer to odd text, and no stored queries."""

import io
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """Two countries, a network, two policy fields, a profile, practices and a bare municipality."""
    housing = f.PolicyFieldFactory(name="Housing", slug="housing", keywords="Wohnen, shelter")
    health = f.PolicyFieldFactory(name="Health", slug="health", keywords="health care, Gesundheit")
    network = f.NetworkFactory(name="Solidarity Cities", slug="solidarity-cities")
    f.network_index()
    koln = f.MunicipalityFactory(name="Köln", country="DE", alternate_names="Cologne, Koeln")
    f.MembershipFactory(municipality=koln, network=network)
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL")
    profile = f.city_profile(utrecht, summary="Utrecht shelters everyone <script>alert(1)</script> who needs it.")
    return {
        "koln": koln,
        "utrecht": utrecht,
        "profile": profile,
        "network": network,
        "koln_housing": f.practice(koln, [housing], title="Köln housing first", summary="Flats for people."),
        "utrecht_health": f.practice(utrecht, [health], title="Utrecht clinic", summary="Doctors for all."),
        "take_action": f.take_action_page(),
    }


def results(client, **params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    return response, [(hit.kind, hit.title) for hit in response.context["search_results"]]


def test_results_are_labelled_by_type_and_link_to_their_pages(client, site):
    response, found = results(client, q="Utrecht")
    assert found[0] == ("profile", "Utrecht")
    html = response.content.decode()
    assert f'href="{site["profile"].url}"' in html and "City profile" in html and "Good practice" in html
    response, found = results(client, q="Solidarity")
    assert found[0] == ("network", "Solidarity Cities")
    assert 'href="/en/networks/solidarity-cities/"' in response.content.decode()


def test_a_municipality_with_a_profile_appears_once_as_its_profile(client, site):
    _response, found = results(client, q="Utrecht")
    assert ("municipality", "Utrecht") not in found and found.count(("profile", "Utrecht")) == 1
    response, found = results(client, q="Cologne")
    assert found[0] == ("municipality", "Köln")
    assert f'href="/en/municipalities/{site["koln"].slug}/"' in response.content.decode()


def test_matches_are_highlighted_and_page_text_is_escaped(client, site):
    html = results(client, q="shelters")[0].content.decode()
    assert "<mark>shelters</mark>" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;<mark>script</mark>&gt;" in results(client, q="Utrecht script")[0].content.decode()
    html = results(client, q="Koln")[0].content.decode()
    assert "<mark>Köln</mark>" in html


def test_facets_narrow_by_type_policy_field_country_and_network_with_counts(client, site):
    response, found = results(client, q="Köln Utrecht")
    facets = {facet.name: {v.value: v.count for v in facet.values} for facet in response.context["facets"]}
    assert facets["type"] == {"municipality": 1, "practice": 2, "profile": 1}
    assert facets["country"] == {"DE": 2, "NL": 2}
    assert facets["policy_field"] == {"housing": 1, "health": 1}
    assert facets["network"] == {"solidarity-cities": 2}
    assert results(client, q="Köln Utrecht", type="practice", country="NL")[1] == [("practice", "Utrecht clinic")]
    assert results(client, q="Köln Utrecht", policy_field="housing")[1] == [("practice", "Köln housing first")]
    assert sorted(results(client, q="Köln Utrecht", network="solidarity-cities")[1]) == [
        ("municipality", "Köln"),
        ("practice", "Köln housing first"),
    ]
    html = results(client, q="Köln Utrecht", country="NL")[0].content.decode()
    assert '<legend class="h6">Country</legend>' in html and 'value="NL" id="facet-country-' in html
    assert " checked>" in html


def test_unknown_facet_values_give_no_results_not_an_error(client, site):
    assert results(client, q="Utrecht", country="XX", network="nope")[1] == []


def test_results_are_paginated_and_page_links_keep_query_and_facets(client, site):
    for n in range(12):
        f.practice(site["utrecht"], title=f"Utrecht welcome desk {n}")
    response, found = results(client, q="welcome desk", type="practice")
    assert len(found) == 10 and response.context["search_results"].paginator.count == 12
    assert "q=welcome%20desk&amp;type=practice&amp;page=2" in response.content.decode()
    assert len(results(client, q="welcome desk", type="practice", page=2)[1]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "Köln " * 300,
        '"unbalanced',
        "AND OR NOT",
        "NEAR(a b)",
        "*",
        "a:b",
        "()[]{}",
        "\x00\x01",
        "' OR 1=1 --",
        "%",
        "🙂",
        "-",
        "^Utrecht",
        "Utrecht*",
    ],
)
def test_long_queries_and_odd_characters_get_an_answer_never_an_error(client, site, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200


def test_long_or_wordless_queries_are_explained(client, site):
    response = client.get("/en/search/", {"q": "Utrecht " + "x" * 300})
    assert "only its first 200 characters were used" in response.content.decode()
    response = client.get("/en/search/", {"q": "*** ()"})
    assert "Search for words" in response.content.decode()


def test_a_misspelt_name_is_corrected(client, site):
    response, found = results(client, q="Utracht")
    assert found[0] == ("profile", "Utrecht") and response.context["correction"] == "utrecht"
    assert "showing results for “utrecht”" in response.content.decode()


def test_an_unlisted_municipality_gets_the_two_ways_forward(client, site):
    html = results(client, q="Wuppertal")[0].content.decode()
    assert "“Wuppertal” is not listed yet" in html
    assert f'href="{site["take_action"].url}"' in html
    assert 'href="/en/submit/?kind=listing&amp;municipality=Wuppertal"' in html
    form = client.get("/en/submit/?kind=listing&municipality=Wuppertal")
    assert "Wuppertal" in form.content.decode()
    # A sentence is not a municipality's name: no listing offer for it.
    assert "not listed yet" not in results(client, q="zzz qqq xxx yyy www")[0].content.decode()


def test_index_stays_current_on_publish_edit_unpublish_and_delete(client, site):
    page = f.practice(site["utrecht"], title="Moonlight bakery")
    assert ("practice", "Moonlight bakery") in results(client, q="moonlight")[1]
    page.title = "Sunrise bakery"
    page.save_revision().publish()
    assert ("practice", "Sunrise bakery") in results(client, q="sunrise")[1]
    assert results(client, q="moonlight")[1] == []
    page.unpublish()
    assert results(client, q="sunrise")[1] == []
    page.save_revision().publish()
    page.delete()
    assert results(client, q="sunrise")[1] == []


def test_snippets_are_reindexed_when_saved_and_deleted(client, site):
    koln = site["koln"]
    koln.alternate_names = "Colonia Agrippina"
    koln.save()
    assert ("municipality", "Köln") in results(client, q="Agrippina")[1]
    site["network"].name = "Harbour Towns"
    site["network"].save()
    assert ("network", "Harbour Towns") in results(client, q="harbour towns")[1]
    place = f.MunicipalityFactory(name="Zwolle", country="NL")
    assert ("municipality", "Zwolle") in results(client, q="Zwolle")[1]
    place.delete()
    assert ("municipality", "Zwolle") not in results(client, q="Zwolle")[1]


def test_query_count_is_bounded(client, site, django_assert_max_num_queries):
    for n in range(15):
        f.practice(site["koln"], title=f"Köln practice {n}")
    with django_assert_max_num_queries(40):
        client.get("/en/search/", {"q": "Köln", "country": "DE"})
    with django_assert_max_num_queries(50):
        client.get("/en/search/", {"q": "Kolm"})


def test_search_terms_are_neither_stored_nor_logged(client, site, caplog):
    client.get("/en/search/", {"q": "Utrecht"})  # the site's settings rows are created on a first visit
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/search/", {"q": "Secretplace"})
    # A search writes nothing (no query-hit log such as wagtail.contrib.search_promotions keeps,
    # no session), and nothing but the database layer's own debug lines mentions the words.
    writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert "wagtail.contrib.search_promotions" not in settings.INSTALLED_APPS
    assert all(
        "Secretplace" not in record.getMessage() for record in caplog.records if not record.name.startswith("django.db")
    )


def test_elasticsearch_is_selected_by_environment_alone():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='site_config.settings.base';"
        "from django.conf import settings; print(settings.WAGTAILSEARCH_BACKENDS['default'])"
    )
    env = {**os.environ, "SEARCH_BACKEND_URL": "https://search.example.org:9200", "SEARCH_BACKEND": "opensearch2"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "'BACKEND': 'wagtail.search.backends.opensearch2'" in out
    assert "'URLS': ['https://search.example.org:9200']" in out
    env.pop("SEARCH_BACKEND_URL")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "wagtail.search.backends.database" in out and "'SEARCH_CONFIG': 'english'" in out


def test_other_names_from_a_csv_import_are_searchable(client, site, tmp_path):
    path = tmp_path / "towns.csv"
    path.write_text(
        'name,country,latitude,longitude,alternate_names\nAachen,DE,50.78,6.08,"Aix-la-Chapelle, Aken"\n',
        encoding="utf-8",
    )
    call_command("import_municipalities", str(path), "--no-progress", stdout=io.StringIO())
    assert results(client, q="Aix-la-Chapelle")[1][0] == ("municipality", "Aachen")
    assert results(client, q="Aken")[1][0] == ("municipality", "Aachen")
