"""Every page type renders for a visitor and shows its content."""

import pytest

from cityprofiles.models import PracticeRelation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_home_page_shows_counts_and_latest_practices(client):
    practice = f.practice(title="Health care without papers")
    f.city_profile(municipality=f.MunicipalityFactory(name="Leipzig"), subtitle="First Safe Harbour in Saxony")

    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert practice.title in html
    assert "First Safe Harbour in Saxony" in html
    assert "<strong>2</strong> municipalities" in html


def test_city_profile_renders_summary_body_takeaways_and_sources(client):
    profile = f.city_profile(municipality=f.MunicipalityFactory(name="Palermo", country="IT", region="Sicily"))

    response = client.get(profile.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Palermo</h1>" in html
    assert "Summary of Palermo." in html
    assert "Takeaway one" in html
    assert "How it works" in html and "Body text." in html
    assert 'href="https://example.org/press"' in html
    assert "Italy" in html and "Sicily" in html


def test_city_profile_lists_practices_of_its_city(client):
    town = f.MunicipalityFactory(name="Utrecht", country="NL")
    profile = f.city_profile(municipality=town)
    f.practice(municipality=town, title="Plan Einstein")
    f.practice(title="Somewhere else entirely")

    html = client.get(profile.url).content.decode()

    assert "Plan Einstein" in html
    assert "Somewhere else entirely" not in html


def test_practice_page_shows_fields_city_status_years_and_related(client):
    health = f.PolicyFieldFactory(name="Health", slug="health")
    town = f.MunicipalityFactory(name="Berlin")
    related = f.practice(municipality=town, title="Anonymous health vouchers")
    page = f.practice(
        municipality=town,
        policy_fields=[health],
        title="Clearingstelle",
        start_year=2018,
        end_year=2021,
        status="ended",
    )
    page.related_practice_links = [PracticeRelation(related=related)]
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "Clearingstelle" in html
    assert "?policy_field=health" in html
    assert "Berlin" in html and "2018–2021" in html and "ended" in html
    assert "Anonymous health vouchers" in html


def test_unpublished_practice_is_not_shown_as_related_and_returns_404(client):
    draft = f.practice(title="Draft practice")
    page = f.practice(title="Published practice")
    page.related_practice_links = [PracticeRelation(related=draft)]
    page.save_revision().publish()
    draft.unpublish()

    assert "Draft practice" not in client.get(page.url).content.decode()
    assert client.get(draft.url_path.replace("/home", "/en", 1)).status_code == 404


def test_take_action_page_shows_steps_and_networks(client):
    network = f.NetworkFactory(name="Safe Harbours")
    f.network_index()
    page = f.take_action_page()
    page.networks.set([network])
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "Find allies" in html and "Talk to groups." in html
    assert "Safe Harbours" in html and f"/networks/{network.slug}/" in html


def test_network_index_and_network_page_list_members(client):
    membership = f.MembershipFactory(municipality__name="Potsdam", network__name="Alliance of Safe Harbours")
    index = f.network_index()

    listing = client.get(index.url).content.decode()
    detail = client.get(index.url_for(membership.network))

    assert "Alliance of Safe Harbours" in listing and "1 member listed" in listing
    assert detail.status_code == 200
    assert "Potsdam" in detail.content.decode()
    assert client.get(index.url + "no-such-network/").status_code == 404


def test_municipality_without_profile_has_its_own_page_with_call_to_action(client):
    take_action = f.take_action_page()
    membership = f.MembershipFactory(municipality__name="Kempen")

    response = client.get(f"/en/municipalities/{membership.municipality.slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kempen" in html and membership.network.name in html
    assert "Does your municipality do more? Tell us." in html
    assert take_action.url in html


def test_municipality_with_profile_redirects_to_it(client):
    profile = f.city_profile()

    response = client.get(f"/en/municipalities/{profile.municipality.slug}/")

    assert response.status_code == 302
    assert response["Location"] == profile.url


def test_unknown_address_gives_404_page_with_search_box(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert 'name="q"' in response.content.decode()


def test_search_finds_a_practice_by_title(client):
    f.practice(title="City card for all residents")

    response = client.get("/en/search/", {"q": "city card"})

    assert response.status_code == 200
    assert "<mark>City</mark> <mark>card</mark> for all residents" in response.content.decode()


def test_footer_links_licence_imprint_and_privacy(client):
    from wagtail.models import Site

    from home.models import SiteFooter, StandardPage

    imprint = f.add_page(f.home_page(), StandardPage(title="Imprint", slug="imprint", body="<p>Operator: us</p>"))
    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    footer.imprint_page = imprint
    footer.save()

    html = client.get("/en/").content.decode()
    assert 'href="/en/imprint/">Imprint</a>' in html
    assert 'rel="license">CC BY 4.0</a>' in html
    assert "Operator: us" in client.get("/en/imprint/").content.decode()


def test_server_error_page_needs_no_database(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/en/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
