"""The Content Security Policy in a real browser (Debian's Chromium): the home page with its map, a
profile, the submission form, the admin's sign-in page and its page editor load without a single
violation, and the map still draws its markers."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories as f
from tests.conftest import CHROMIUM, finish, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

# Runs before any script of the page: collects every CSP violation the browser reports.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                              ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def site(live_server):
    """A few places on the map, one with a profile."""
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)  # gone after an earlier test's flush
    network = f.NetworkFactory(slug="safe-harbours", name="Seebrücke Safe Harbours", short_name="Safe Harbours")
    for name, lat, lng in [("Kiel", 54.32, 10.13), ("Potsdam", 52.40, 13.06), ("Marburg", 50.81, 8.77)]:
        f.MembershipFactory(
            network=network, municipality__name=name, municipality__latitude=lat, municipality__longitude=lng
        )
    barcelona = f.MunicipalityFactory(name="Barcelona", country="ES", latitude=41.39, longitude=2.17)
    profile = f.city_profile(municipality=barcelona, title="Barcelona")
    return {"url": live_server.url, "profile": profile}


def open_page(browser, url):
    """A new tab at `url` that records CSP violations and 'Refused to …' console messages."""
    page = browser.new_page(bypass_csp=False)  # the policy applies, as for visitors
    page.add_init_script(LISTEN)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Refused to" in message.text else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, refused


def violations(page, refused):
    """Everything the browser blocked on this page."""
    return page.evaluate("window.__cspViolations") + refused


def test_public_pages_run_under_the_strict_policy_without_violations(browser, site):
    home, refused = open_page(browser, site["url"] + "/")
    home.wait_for_function("document.getElementById('map').dataset.count === '4'")
    assert home.locator(".leaflet-marker-icon").count() > 0  # markers are drawn
    screenshot(home, "csp-home")
    assert violations(home, refused) == []
    finish(home)

    profile, refused = open_page(browser, site["url"] + site["profile"].url)
    assert profile.locator("h1").inner_text() == "Barcelona"
    profile.wait_for_selector(".leaflet-container")
    assert violations(profile, refused) == []
    finish(profile)

    form, refused = open_page(browser, site["url"] + reverse("submit"))
    form.locator("input[name=municipality_name]").fill("Kie")
    form.wait_for_timeout(500)  # the place suggestions fetch from the API
    assert violations(form, refused) == []
    finish(form)


def test_the_policy_is_enforced_an_injected_inline_script_does_not_run(browser, site):
    page, refused = open_page(browser, site["url"] + site["profile"].url)

    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.body.appendChild(script);
    }""")
    page.wait_for_timeout(200)

    assert page.evaluate("window.__injected === undefined")
    assert any("script-src" in v for v in violations(page, refused))
    finish(page)


def test_the_admin_sign_in_page_loads_without_violations(browser, site):
    page, refused = open_page(browser, site["url"] + reverse("wagtailadmin_login"))

    assert page.locator("input[name=username]").count() == 1
    assert violations(page, refused) == []
    finish(page)


def test_the_admin_page_editor_works_under_the_admin_policy(browser, site, django_user_model):
    # Wagtail's page editor has inline <script> and <style> elements: the admin policy allows them
    # (SECURITY.md); under the public policy this page reports violations.
    django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password")
    page, refused = open_page(browser, site["url"] + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    for address in (reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:edit", args=[site["profile"].pk])):
        page.goto(site["url"] + address)
        page.wait_for_load_state("networkidle")
        assert violations(page, refused) == [], address
    assert page.locator("#id_title").input_value() == "Barcelona"
    finish(page)
