"""The accessibility statement (Directive (EU) 2016/2102, model of Implementing Decision (EU)
2018/1523): built from the "Accessibility statement" site setting, under every language prefix,
linked from the footer. That it passes axe-core is checked in tests/test_browser_accessibility.py."""

import datetime
import re

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Site

from home.models import AccessibilityStatement
from tests import factories as f

pytestmark = pytest.mark.django_db


def statement_url(language):
    """The statement's address in `language`."""
    with override(language):
        return reverse("accessibility_statement")


def text(html):
    """The page's text without tags, with spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_the_settings_facts(client):
    f.home_page()
    site = Site.objects.get(is_default_site=True)
    AccessibilityStatement.objects.update_or_create(
        site=site,
        defaults={
            "organisation": "Moving Cities e.V.",
            "conformance": AccessibilityStatement.Conformance.FULL,
            "known_limitations": "<p>Old PDF reports from 2019 have no tags.</p>",
            "method": AccessibilityStatement.Method.THIRD_PARTY,
            "prepared_on": datetime.date(2026, 3, 2),
            "last_reviewed": datetime.date(2026, 10, 15),
            "contact_email": "barrieren@example.org",
            "contact_url": "https://example.org/feedback",
            "response_days": 10,
            "enforcement_body": "Schlichtungsstelle BGG",
            "enforcement_url": "https://www.schlichtungsstelle-bgg.de/",
        },
    )
    response = client.get(statement_url("en"))
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert "Moving Cities e.V. is committed to making its website accessible" in page
    assert "This website is fully compliant with the Web Content Accessibility Guidelines (WCAG) 2.1" in page
    assert "Old PDF reports from 2019 have no tags." in page
    assert "based on an assessment by a third party" in page
    assert "prepared on 2 March 2026" in page
    assert "last reviewed on 15 October 2026" in page
    assert 'href="mailto:barrieren@example.org"' in html
    assert 'href="https://example.org/feedback"' in html
    assert "We answer within 10 days." in page
    assert '<a href="https://www.schlichtungsstelle-bgg.de/" id="enforcement-body">Schlichtungsstelle BGG</a>' in html


def test_defaults_follow_the_eu_model_statement(client):
    f.home_page()
    page = text(client.get(statement_url("en")).content.decode())
    for heading in [
        "Compliance status",
        "Non-accessible content",
        "Preparation of this statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ]:
        assert heading in page
    assert "This website is partially compliant" in page  # automated checks alone do not prove full compliance
    with override("en"):
        today = date_filter(datetime.date.today(), "DATE_FORMAT")
    assert f"last reviewed on {today}." in page  # the setting's row is created on first use, dated that day
    assert "schlichtungsstelle-bgg.de" in client.get(statement_url("en")).content.decode()


def test_german_page_marks_the_editors_english_text_with_its_language(client):
    f.home_page()
    response = client.get(statement_url("de"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert re.search(r'<div class="known-limitations" lang="en">', html)
    english = client.get(statement_url("en")).content.decode()
    assert 'class="known-limitations" lang=' not in english


def test_the_footer_links_to_the_statement_in_the_page_language(client):
    home = f.home_page()
    with override("de"):
        html = client.get(home.url).content.decode()
    assert f'href="{statement_url("de")}"' in html
    assert statement_url("de").startswith("/de/")
