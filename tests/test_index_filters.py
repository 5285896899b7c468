"""The practice and city indexes filter by policy field, country, network and status, combined."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    health = f.PolicyFieldFactory(name="Health", slug="health")
    housing = f.PolicyFieldFactory(name="Housing", slug="housing")
    network = f.NetworkFactory(name="Solidarity Cities", slug="solidarity-cities")
    berlin = f.MunicipalityFactory(name="Berlin", country="DE")
    f.MembershipFactory(municipality=berlin, network=network)
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL")
    return {
        "berlin_health": f.practice(municipality=berlin, policy_fields=[health], title="Berlin health advice"),
        "berlin_housing": f.practice(
            municipality=berlin, policy_fields=[housing], title="Berlin housing first", status="ended"
        ),
        "utrecht_housing": f.practice(municipality=utrecht, policy_fields=[housing, health], title="Utrecht shelter"),
    }


def titles(response):
    return sorted(p.title for p in response.context["practices"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["Berlin health advice", "Berlin housing first", "Utrecht shelter"]),
        ({"policy_field": "health"}, ["Berlin health advice", "Utrecht shelter"]),
        ({"country": "NL"}, ["Utrecht shelter"]),
        ({"network": "solidarity-cities"}, ["Berlin health advice", "Berlin housing first"]),
        ({"status": "ended"}, ["Berlin housing first"]),
        ({"policy_field": "housing", "country": "DE"}, ["Berlin housing first"]),
        ({"policy_field": "health", "network": "solidarity-cities", "status": "running"}, ["Berlin health advice"]),
        ({"policy_field": "housing", "country": "NL", "status": "ended"}, []),
    ],
)
def test_practice_index_filters_combine(client, practices, query, expected):
    response = client.get("/en/practices/", query)

    assert response.status_code == 200
    assert titles(response) == expected


def test_unknown_filter_value_gets_a_clear_message_not_an_error(client, practices):
    response = client.get("/en/practices/", {"policy_field": "no-such-field"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_practice_index_paginates_and_keeps_filters_in_page_links(client):
    field = f.PolicyFieldFactory(slug="reception")
    for _ in range(30):
        f.practice(policy_fields=[field])

    first = client.get("/en/practices/", {"policy_field": "reception"})
    second = client.get("/en/practices/", {"policy_field": "reception", "page": 2})

    assert len(first.context["practices"]) == 24 and len(second.context["practices"]) == 6
    assert "policy_field=reception&amp;page=2" in first.content.decode()
    assert client.get("/en/practices/", {"page": "abc"}).status_code == 200


def test_city_index_groups_by_country_and_filters_by_network_and_country(client):
    network = f.NetworkFactory(slug="safe-harbours")
    f.MembershipFactory(
        network=network,
        municipality__name="Kiel",
        municipality__country="DE",
        municipality__region="Schleswig-Holstein",
    )
    f.MunicipalityFactory(name="Palermo", country="IT", region="Sicily")
    f.city_profile(municipality=f.MunicipalityFactory(name="Zurich", country="CH", region="Canton of Zurich"))

    everything = client.get("/en/cities/").content.decode()
    members = client.get("/en/cities/", {"network": "safe-harbours"})
    italy = client.get("/en/cities/", {"country": "IT"})

    assert "Germany" in everything and "Italy" in everything and "Schleswig-Holstein" in everything
    assert [m.name for m in members.context["municipalities"]] == ["Kiel"]
    assert [m.name for m in italy.context["municipalities"]] == ["Palermo"]
    assert list(italy.context["profiles"]) == []
    assert "Zurich" in [p.title for p in client.get("/en/cities/", {"country": "CH"}).context["profiles"]]
