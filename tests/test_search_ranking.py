"""A judged set of searches over the demo content: the entry a visitor expects is in the top 3.

The demo content (hundreds of municipalities, their profiles, practices and networks) is loaded once
for the module; the same set runs on SQLite (FTS5) and PostgreSQL (full-text search).
"""

import pytest
from django.test import RequestFactory

from core.text import search_words
from search.engine import search_site

# (query, kind of the expected entry, its title)
JUDGED = [
    # names, with and without accents
    ("Berlin", "profile", "Berlin"),
    ("Barcelona", "profile", "Barcelona"),
    ("Köln", "municipality", "Köln"),
    ("Koln", "municipality", "Köln"),
    ("Gdańsk", "profile", "Gdańsk"),
    ("Gdansk", "profile", "Gdańsk"),
    ("Osnabruck", "municipality", "Osnabrück"),
    ("Kiel", "municipality", "Kiel"),
    # other common names
    ("Cologne", "municipality", "Köln"),
    ("Danzig", "profile", "Gdańsk"),
    ("München", "municipality", "Munich"),
    ("Zürich", "profile", "Zurich"),
    ("Napoli", "profile", "Naples"),
    # networks
    ("Solidarity Cities", "network", "Solidarity Cities"),
    # topics in English
    ("housing", "practice", "Curing the Limbo: housing, language and work for refugees"),
    ("health care", "practice", "Clearingstelle: advice for people without health insurance"),
    ("city card", "practice", "City Card Bern"),
    ("sea rescue", "practice", "Sponsorship of the rescue ship Sea-Eye 4"),
    ("anti-rumour", "practice", "Anti-Rumour Strategy and the BCN Antirumors network"),
    # topics in German
    ("Wohnen", "practice", "LVV: round-the-clock shelter for undocumented people"),
    ("Gesundheit", "practice", "Clearingstelle: advice for people without health insurance"),
    ("Seenotrettung", "practice", "Sponsorship of the rescue ship Sea-Eye 4"),
    ("Stadtausweis", "practice", "City Card Bern"),
    # one wrong letter
    ("Barcelena", "profile", "Barcelona"),
    ("Palermu", "profile", "Palermo"),
    ("Gdamsk", "profile", "Gdańsk"),
    ("Leipzug", "profile", "Leipzig"),
    ("hausing", "practice", "Curing the Limbo: housing, language and work for refugees"),
    ("Clearingstelle", "practice", "Clearingstelle: advice for people without health insurance"),
]


def top(query, n=3):
    """(kind, title) of the first n results for a query as the search page ranks them."""
    request = RequestFactory().get("/en/search/", {"q": query})
    hits, _correction = search_site(search_words(query), request)
    return [(hit.kind, hit.title) for hit in hits[:n]]


@pytest.mark.parametrize("query,kind,title", JUDGED, ids=[q for q, _k, _t in JUDGED])
def test_expected_entry_in_top_three(db, demo_content, query, kind, title):
    assert (kind, title) in top(query), top(query, 5)


def test_the_judged_set_is_large_and_varied():
    assert len(JUDGED) >= 25
    assert {kind for _q, kind, _t in JUDGED} == {"profile", "municipality", "practice", "network"}


def test_a_name_is_first_not_only_in_the_top_three(db, demo_content):
    assert top("Cologne", 1) == [("municipality", "Köln")]
    assert top("Gdansk", 1) == [("profile", "Gdańsk")]
