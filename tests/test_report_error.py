""" "Report an error" on every public entry: city profile, practice, municipality, network and each
membership row link to the submission form, which opens as a correction naming the entry."""

import html
import re

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def report_links(page_html):
    return [html.unescape(url) for url in re.findall(r'<a[^>]+href="(/en/submit/\?kind=correction[^"]*)"', page_html)]


def form_values(client, url):
    page = client.get(url).content.decode()
    title = re.search(r'name="title"[^>]*value="([^"]*)"', page) or re.search(r'value="([^"]*)"[^>]*name="title"', page)
    municipality = re.search(r'name="municipality_name"[^>]*value="([^"]*)"', page)
    kind = re.search(r'<option value="correction" selected', page)
    note = re.search(r"You are reporting an error on “([^”]*)”", page)
    return {
        "title": html.unescape(title.group(1)) if title else "",
        "municipality": html.unescape(municipality.group(1)) if municipality else "",
        "correction": bool(kind),
        "about": html.unescape(note.group(1)) if note else "",
    }


def test_municipality_and_each_membership_row_offer_a_prefilled_correction(client):
    network = f.NetworkFactory(name="Safe Harbours", slug="safe-harbours")
    kempen = f.MunicipalityFactory(name="Kempen", country="DE", slug="kempen")
    f.MembershipFactory(municipality=kempen, network=network)
    f.network_index()

    links = report_links(client.get("/en/municipalities/kempen/").content.decode())

    assert len(links) == 2  # the municipality, and its one membership row
    (whole,) = [form_values(client, link) for link in links if "entry=municipality:" in link]
    (row,) = [form_values(client, link) for link in links if "entry=membership:" in link]
    assert whole == {
        "title": "Correction: Kempen (DE)",
        "municipality": "Kempen",
        "correction": True,
        "about": "Kempen (DE)",
    }
    assert row["title"] == "Correction: Kempen in Safe Harbours" and row["municipality"] == "Kempen"
    assert row["correction"] and row["about"] == "Kempen in Safe Harbours"


def test_network_page_and_its_member_rows_offer_a_prefilled_correction(client):
    network = f.NetworkFactory(name="Safe Harbours", slug="safe-harbours")
    for name in ("Kiel", "Kempen"):
        f.MembershipFactory(municipality=f.MunicipalityFactory(name=name, country="DE"), network=network)
    index = f.network_index()

    links = report_links(client.get(f"{index.url}safe-harbours/").content.decode())

    values = [form_values(client, link) for link in links]
    assert {v["about"] for v in values} == {"Kempen in Safe Harbours", "Kiel in Safe Harbours", "Safe Harbours"}
    assert all(v["correction"] for v in values)


def test_profile_and_practice_keep_their_report_link(client):
    profile = f.city_profile()
    practice = f.practice()
    for page in (profile, practice):
        (link,) = report_links(client.get(page.url).content.decode())
        assert form_values(client, link)["about"] == page.title


def test_a_draft_municipality_is_not_named_by_a_forged_link(client):
    draft = f.MunicipalityFactory(name="Secretville", live=False)

    values = form_values(client, f"/en/submit/?kind=correction&entry=municipality:{draft.pk}")

    assert "Secretville" not in str(values) and values["about"] == ""
