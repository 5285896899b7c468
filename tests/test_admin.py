"""Editors find every model in the Wagtail admin, with listing columns, filters and search."""

import pytest
from django.urls import reverse

from cityprofiles.models import CityProfilePage, Municipality
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def snippet_url(model, action="list", *args):
    return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}", args=args)


def test_municipality_listing_filters_by_country_and_network_and_searches(editor):
    membership = f.MembershipFactory(municipality__name="Kiel", network__name="Safe Harbours")
    f.MunicipalityFactory(name="Palermo", country="IT", is_demo=True)

    everything = editor.get(snippet_url(Municipality)).content.decode()
    italy = editor.get(snippet_url(Municipality), {"country": "IT"}).content.decode()
    members = editor.get(snippet_url(Municipality), {"network": membership.network.pk}).content.decode()
    found = editor.get(snippet_url(Municipality), {"q": "Palermo"}).content.decode()

    assert "Kiel" in everything and "Palermo" in everything and "Italy" in everything
    assert "Palermo" in italy and "Kiel" not in italy
    assert "Kiel" in members and "Palermo" not in members
    assert "Palermo" in found


def test_municipality_editor_loads_leaflet_from_our_own_static_files(editor):
    town = f.MunicipalityFactory()

    html = editor.get(snippet_url(Municipality, "edit", town.pk)).content.decode()

    assert "vendor/leaflet/leaflet.js" in html
    assert "unpkg.com" not in html


def test_editor_can_save_a_municipality_picked_on_the_map(editor):
    response = editor.post(
        snippet_url(Municipality, "add"),
        {
            "name": "Herzogenrath",
            "slug": "",
            "country": "DE",
            "region": "North Rhine-Westphalia",
            "kind": "city",
            "location": "SRID=4326;POINT(6.09317 50.86874)",
            "population": "",
            "population_year": "",
            "website": "",
            "wikidata_id": "",
            "geonames_id": "",
            "lau_code": "",
            "listing_reason": "Safe Harbour",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "sources-count": "0",
            "last_reviewed": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    town = Municipality.objects.get(name="Herzogenrath")
    assert (town.latitude, town.longitude, town.slug) == (50.86874, 6.09317, "herzogenrath")


def test_map_data_menu_lists_networks_memberships_and_policy_fields(editor):
    from cityprofiles.models import Membership, Network, PolicyField

    for model in (Network, Membership, PolicyField):
        assert editor.get(snippet_url(model)).status_code == 200


def test_page_editor_opens_for_profile_and_practice(editor):
    profile = f.city_profile()
    practice = f.practice()

    for page in (profile, practice):
        response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
    add_profile = reverse("wagtailadmin_pages:add", args=["cityprofiles", "cityprofilepage", profile.get_parent().pk])
    assert editor.get(add_profile).status_code == 200
    assert CityProfilePage.objects.count() == 1


def test_demo_pages_are_marked_in_the_page_explorer(editor):
    demo = f.practice(title="Demo practice", is_demo=True)
    f.practice(title="Real practice")

    html = editor.get(reverse("wagtailadmin_explore", args=[demo.get_parent().pk])).content.decode()

    assert "Demo practice (demo)" in html
    assert "Real practice (demo)" not in html and "Real practice" in html
