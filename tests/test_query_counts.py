"""Page query counts stay constant as content grows (no query per listed item)."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def grow(n, network, criteria, field):
    """Add n municipalities with memberships, commitments, profiles and practices."""
    for _ in range(n):
        membership = f.MembershipFactory(network=network)
        for criterion in criteria:
            f.CommitmentStatusFactory(membership=membership, criterion=criterion)
        f.city_profile(municipality=membership.municipality)
        f.practice(municipality=membership.municipality, policy_fields=[field])


def count_queries(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm the per-process caches (site root paths), as on a running site
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def site_content():
    network = f.NetworkFactory(slug="safe-harbours")
    criteria = [f.CommitmentCriterionFactory(network=network) for _ in range(8)]
    field = f.PolicyFieldFactory(slug="health")
    f.network_index()
    f.take_action_page()
    grow(2, network, criteria, field)
    return network, criteria, field


# The budget per page: what a page may cost at most, whatever the amount of content. Every page
# also pays two for its languages: Wagtail's routing looks up the visitor's locale, and the
# language switcher finds the page's translations.
PAGES = {
    "home": ("/en/", 31),
    "city index": ("/en/cities/", 20),
    "city index filtered": ("/en/cities/?network=safe-harbours&country=DE", 21),
    "practice index": ("/en/practices/?policy_field=health", 18),
    "network index": ("/en/networks/", 12),
    "network page": ("/en/networks/safe-harbours/", 18),
    "take action": ("/en/take-action/", 12),
    # four full-text queries (profiles, practices, municipalities, networks), their prefetches, topics, facets
    "search": ("/en/search/?q=town", 23),
}


@pytest.mark.parametrize("name", PAGES)
def test_listing_pages_cost_the_same_with_more_content(client, site_content, django_assert_max_num_queries, name):
    url, limit = PAGES[name]
    before = count_queries(client, url, django_assert_max_num_queries, limit)
    grow(6, *site_content)
    after = count_queries(client, url, django_assert_max_num_queries, limit)
    assert after == before


def add_networks_and_practices(place, field, networks, practices):
    """Give `place` more memberships (each with commitments) and more practices."""
    for _ in range(networks):
        membership = f.MembershipFactory(municipality=place)
        for _ in range(3):
            f.CommitmentStatusFactory(
                membership=membership, criterion=f.CommitmentCriterionFactory(network=membership.network)
            )
    for _ in range(practices):
        f.practice(municipality=place, policy_fields=[field])


def test_profile_practice_and_municipality_pages_cost_the_same_with_more_networks(
    client, site_content, django_assert_max_num_queries
):
    network, criteria, field = site_content
    town, bare = f.MunicipalityFactory(), f.MunicipalityFactory()
    profile = f.city_profile(municipality=town)
    practice = f.practice(municipality=town, policy_fields=[field])
    for place in (town, bare):
        add_networks_and_practices(place, field, networks=1, practices=1)
    urls = [(profile.url, 21), (practice.url, 18), (f"/en/municipalities/{bare.slug}/", 17)]
    before = [count_queries(client, url, django_assert_max_num_queries, limit) for url, limit in urls]

    for place in (town, bare):
        add_networks_and_practices(place, field, networks=4, practices=3)

    after = [count_queries(client, url, django_assert_max_num_queries, limit) for url, limit in urls]
    assert after == before
