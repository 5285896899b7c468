"""`manage.py seed_scale`: a large site built quickly on the demo content, with real place names,
a valid page tree, pages that render and appear on the map and in search; running it again adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Page

from cityprofiles.gazetteer import locate
from cityprofiles.models import CityProfilePage, CommitmentStatus, Membership, Municipality, PracticePage
from tests.conftest import kept_for_the_module

pytestmark = pytest.mark.django_db

SIZES = {"municipalities": 200, "profiles": 20, "practices": 45}


def seed(**sizes):
    """Run the command; return what it printed."""
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **(sizes or SIZES))
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_site(django_db_setup, django_db_blocker):
    """The demo site topped up to SIZES, seeded once for the module and rolled back afterwards,
    so later (transactional) tests start from an empty site."""
    with kept_for_the_module(django_db_blocker):
        yield seed()


@pytest.fixture
def seeded(seeded_site):
    """The pages and municipalities the command added (beyond the demo's)."""
    return {
        "output": seeded_site,
        "profiles": list(CityProfilePage.objects.filter(is_demo=False).select_related("municipality")),
        "practices": list(PracticePage.objects.filter(is_demo=False).select_related("municipality")),
        "municipalities": list(Municipality.objects.filter(is_demo=False)),
    }


def test_counts_are_the_totals_asked_for_and_a_second_run_adds_nothing(seeded):
    assert Municipality.objects.count() == 200
    assert CityProfilePage.objects.live().count() == 20
    assert PracticePage.objects.live().count() == 45
    assert seeded["profiles"] and seeded["practices"] and seeded["municipalities"]
    assert "Created 55 municipalities" in seeded["output"]

    out = seed()
    assert "Already seeded" in out
    assert (Municipality.objects.count(), CityProfilePage.objects.count(), PracticePage.objects.count()) == (
        200,
        20,
        45,
    )

    seed(municipalities=230, profiles=22, practices=50)
    assert (Municipality.objects.count(), CityProfilePage.objects.count(), PracticePage.objects.count()) == (
        230,
        22,
        50,
    )
    assert Municipality.objects.values("name", "country").distinct().count() == 230, "a place seeded twice"


def test_the_page_tree_stays_valid(seeded):
    assert all(not problem for problem in Page.find_problems())
    assert Page.objects.get(pk=seeded["practices"][0].get_parent().pk).numchild == PracticePage.objects.count()


def test_real_places_with_memberships_commitments_and_policy_fields(seeded):
    for m in seeded["municipalities"][:25]:
        assert locate(m.name, m.country) is not None, f"{m.name} ({m.country}) is not a real place"
        assert m.latitude and m.longitude
    new_members = Membership.objects.filter(municipality__in=seeded["municipalities"])
    assert new_members.count() >= len(seeded["municipalities"]) // 4
    assert CommitmentStatus.objects.filter(membership__in=new_members).exists()
    assert all(p.policy_fields.exists() for p in seeded["practices"])
    assert len({p.status for p in seeded["practices"]}) == 3


def test_seeded_pages_render(client, seeded):
    profile, practice = seeded["profiles"][0], seeded["practices"][-1]
    for page in (profile, practice):
        response = client.get(page.url)
        assert response.status_code == 200
        assert escape(page.title) in response.content.decode()
    field = practice.policy_fields.first()
    response = client.get(practice.get_parent().url, {"policy_field": field.slug})
    assert response.status_code == 200


def test_seeded_places_are_on_the_map(client, seeded):
    features = {f["id"]: f for f in client.get(reverse("map_geojson")).json()["features"]}
    assert len(features) == 200
    profiled = seeded["profiles"][0].municipality
    assert features[profiled.pk]["properties"]["n"] == profiled.name
    assert features[profiled.pk]["properties"]["k"] == "p"
    assert all(m.pk in features for m in seeded["municipalities"])


def test_seeded_pages_are_found_by_search(client, seeded):
    profile = seeded["profiles"][-1]
    response = client.get(reverse("search"), {"q": profile.municipality.name})
    assert response.status_code == 200
    assert profile.url in response.content.decode()
    practice = seeded["practices"][0]
    response = client.get(reverse("search"), {"q": practice.title})
    assert practice.url in response.content.decode()


def test_refuses_more_profiles_than_municipalities():
    with pytest.raises(CommandError, match="profiles need at least as many municipalities"):
        seed(municipalities=10, profiles=20, practices=0)
