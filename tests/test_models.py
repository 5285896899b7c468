"""Model rules editors meet: locations, unique slugs and identifiers, dates that make sense."""

import pytest
from django.core.exceptions import ValidationError

from cityprofiles.models import CityProfilePage, Municipality
from cityprofiles.models.municipalities import parse_location
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_point_picked_on_the_map_sets_queryable_latitude_and_longitude():
    town = f.MunicipalityFactory(latitude=None, longitude=None, location="SRID=4326;POINT(6.95 50.93333)")

    assert (town.latitude, town.longitude) == (50.93333, 6.95)
    assert Municipality.objects.filter(latitude__gt=50, longitude__lt=7).get() == town


def test_coordinates_set_in_code_fill_the_map_widget_value():
    town = f.MunicipalityFactory(latitude=54.3, longitude=10.1, location="")

    assert parse_location(town.location) == (54.3, 10.1)


def test_unreadable_location_is_a_clear_validation_error():
    town = f.MunicipalityFactory.build(location="somewhere near the river")

    with pytest.raises(ValidationError, match="Pick a point on the map"):
        town.full_clean()


def test_slugs_stay_unique_for_namesakes_in_other_countries():
    first = f.MunicipalityFactory(name="Bergen", country="NO")
    second = f.MunicipalityFactory(name="Bergen", country="DE")
    third = f.MunicipalityFactory(name="Bergen", country="DE")

    assert (first.slug, second.slug, third.slug) == ("bergen", "bergen-de", "bergen-de-2")


def test_wikidata_id_is_checked_and_unique():
    f.MunicipalityFactory(name="Köln", wikidata_id="Q365")

    with pytest.raises(ValidationError, match="looks like Q365"):
        f.MunicipalityFactory.build(wikidata_id="Cologne").full_clean()
    with pytest.raises(ValidationError, match="already has this Wikidata ID"):
        f.MunicipalityFactory.build(name="Cologne", wikidata_id="Q365").full_clean()


def test_practice_end_year_cannot_precede_start_year():
    page = f.practice()
    page.start_year, page.end_year = 2020, 2018

    with pytest.raises(ValidationError, match="end year cannot be before"):
        page.full_clean()


def test_second_profile_of_the_same_municipality_is_refused():
    profile = f.city_profile()
    second = CityProfilePage(title="Again", slug="again", summary="x", municipality=profile.municipality)

    with pytest.raises(ValidationError, match="already profiles this municipality"):
        second.full_clean()


def test_membership_cannot_end_before_it_starts():
    import datetime

    membership = f.MembershipFactory.build(since=datetime.date(2020, 1, 1), until=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError, match="end date cannot be before"):
        membership.clean()
