"""A profile shows its municipality's networks and the commitment checklist ("N of 8 fulfilled")."""

import datetime

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def safe_harbours_with_eight_demands():
    network = f.NetworkFactory(name="Seebrücke Safe Harbours", slug="safe-harbours")
    criteria = [f.CommitmentCriterionFactory(network=network, title=f"Demand {n}", sort_order=n) for n in range(1, 9)]
    return network, criteria


def test_profile_shows_networks_with_member_since_and_fulfilled_count(client):
    network, criteria = safe_harbours_with_eight_demands()
    town = f.MunicipalityFactory(name="Köln")
    membership = f.MembershipFactory(
        municipality=town, network=network, since=datetime.date(2019, 2, 14), status="declared"
    )
    f.CommitmentStatusFactory(
        membership=membership,
        criterion=criteria[0],
        decided="yes",
        fulfilled="yes",
        evidence_url="https://example.org/council-motion",
    )
    f.CommitmentStatusFactory(membership=membership, criterion=criteria[1], decided="yes", fulfilled="yes")
    f.CommitmentStatusFactory(membership=membership, criterion=criteria[2], decided="yes", fulfilled="no")
    f.MembershipFactory(municipality=town, network__name="Eurocities")
    f.network_index()
    profile = f.city_profile(municipality=town)

    html = client.get(profile.url).content.decode()

    assert "Seebrücke Safe Harbours" in html and "Eurocities" in html
    assert "since 14 February 2019" in html
    assert "2 of 8 commitments fulfilled" in html
    assert "https://example.org/council-motion" in html
    for n in range(1, 9):
        assert f"Demand {n}" in html
    assert html.count("commitment-unknown") >= 5 * 2  # five demands without any status: decided and fulfilled


def test_year_only_membership_date_is_shown_as_a_year(client):
    membership = f.MembershipFactory(since=datetime.date(2021, 1, 1), since_precision="year")
    profile = f.city_profile(municipality=membership.municipality)

    html = client.get(profile.url).content.decode()

    assert "since 2021" in html
    assert "1 January 2021" not in html


def test_network_page_lists_each_member_with_its_fulfilled_count(client):
    network, criteria = safe_harbours_with_eight_demands()
    potsdam = f.MembershipFactory(network=network, municipality__name="Potsdam")
    f.MembershipFactory(network=network, municipality__name="Rostock")
    for criterion in criteria[:3]:
        f.CommitmentStatusFactory(membership=potsdam, criterion=criterion)
    index = f.network_index()

    html = client.get(index.url_for(network)).content.decode()

    assert "Potsdam" in html and "Rostock" in html
    assert "3 of 8" in html and "0 of 8" in html
    assert "Demand 8" in html


def test_commitment_of_another_networks_criterion_is_rejected():
    from django.core.exceptions import ValidationError

    membership = f.MembershipFactory()
    foreign = f.CommitmentCriterionFactory()
    status = f.CommitmentStatusFactory.build(membership=membership, criterion=foreign)

    with pytest.raises(ValidationError, match="another network"):
        status.full_clean()
