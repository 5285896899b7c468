"""The public submission form: stored for moderation, reference and private status link, field
errors that keep the input, pre-filled corrections, and nothing a stranger types shown as markup."""

import re

import pytest

from submissions.defences import new_challenge
from submissions.models import Submission
from tests import factories as f

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form_data(**overrides):
    data = {
        "kind": "practice",
        "municipality_name": "Kempen",
        "country": "DE",
        "title": "Welcome café",
        "summary": "The town runs a welcome café for newcomers.",
        "description": "Every Friday.",
        "sources": "https://example.org/cafe",
        "submitter_name": "Ana Example",
        "email": "ana@example.org",
        "consent": "on",
        "website": "",
        "challenge": new_challenge("127.0.0.1"),  # the test client's address
    }
    data.update(overrides)
    return data


def submit(client, **overrides):
    return client.post("/en/submit/", form_data(**overrides), follow=True)


def submit_confirmed(client, **overrides):
    """Submit through the form and confirm the address with the link mailed for it; returns the
    response to the submission (the thank-you page)."""
    response = submit(client, **overrides)
    f.confirm_email(client, overrides.get("email", "ana@example.org"))
    return response


def status_link(response):
    return re.search(r'href="http://testserver(/en/submit/status/[^"]+/)"', response.content.decode()).group(1)


def test_submission_is_stored_for_review_with_reference_and_status_link(client):
    response = submit(client)
    assert Submission.objects.get().status == "unconfirmed"
    f.confirm_email(client)

    submission = Submission.objects.get()
    assert submission.status == "new" and submission.consent_at is not None and submission.language == "en"
    html = response.content.decode()
    assert submission.reference in html
    status_page = client.get(status_link(response))
    assert status_page.status_code == 200
    assert "received, waiting for review" in status_page.content.decode()
    assert "Welcome café" in status_page.content.decode()


def test_status_page_shows_each_state_and_a_wrong_token_shows_nothing(client):
    link = status_link(submit(client))
    submission = Submission.objects.get()
    for status, text in [
        ("in-review", "In review"),
        ("needs-information", "Needs information"),
        ("accepted", "Accepted"),
        ("rejected", "Rejected"),
    ]:
        submission.status = status
        submission.decision_reason = "Please add a source." if status == "rejected" else ""
        submission.save()
        html = client.get(link).content.decode()
        assert text in html
    assert "Please add a source." in html
    assert client.get("/en/submit/status/not-the-token/").status_code == 404
    assert client.get(link[:-5] + "xxxx/").status_code == 404


def test_the_token_is_not_stored_only_its_hash(client):
    link = status_link(submit(client))
    token = link.rstrip("/").rsplit("/", 1)[1]

    assert token not in Submission.objects.values_list("token_hash", flat=True)
    assert Submission.for_token(token) == Submission.objects.get()


def test_field_errors_keep_everything_typed(client):
    response = client.post("/en/submit/", form_data(email="not-an-address", consent="", title="Kept title"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in html
    assert "We can only take your submission if you agree to the privacy notice." in html
    assert 'value="Kept title"' in html and "The town runs a welcome café for newcomers." in html
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "x" * 201, "at most 200 characters"),
        ("summary", "x" * 1001, "at most 1000 characters"),
        ("sources", "not a web address", "is not a web address"),
        ("end_year", "1999", "end year cannot be before"),
    ],
)
def test_bad_input_gets_a_clear_message(client, field, value, message):
    response = client.post("/en/submit/", form_data(start_year="2005", **{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_links_in_the_text_are_refused(client):
    spammy = " ".join(f"https://spam.example/{n}" for n in range(11))
    response = client.post("/en/submit/", form_data(description=spammy))

    assert response.status_code == 400
    assert "too many links" in response.content.decode()


def test_report_an_error_link_prefills_a_correction(client):
    profile = f.city_profile(municipality=f.MunicipalityFactory(name="Greifswald", country="DE"))
    assert f"/submit/?kind=correction&amp;page={profile.pk}" in client.get(profile.url).content.decode()

    form = client.get("/en/submit/", {"kind": "correction", "page": profile.pk}).context["form"]
    assert form.initial["kind"] == "correction"
    assert form.initial["municipality_name"] == "Greifswald" and form.initial["country"] == "DE"

    client.post(f"/en/submit/?kind=correction&page={profile.pk}", form_data(kind="correction"))
    assert Submission.objects.get().target_page_id == profile.pk


def test_markup_in_every_text_field_is_shown_as_text(client):
    fields = ["municipality_name", "title", "summary", "description", "submitter_name", "organisation", "role"]
    response = submit(client, **{name: XSS for name in fields})
    html = client.get(status_link(response)).content.decode()

    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert Submission.objects.get().title == XSS  # stored raw, escaped when shown


def test_submissions_never_reach_the_public_site(client):
    submit(client, municipality_name="Secretville", title="Unreviewed practice")

    assert "Unreviewed practice" not in client.get("/en/search/", {"q": "Unreviewed"}).content.decode()
    assert "Secretville" not in client.get("/api/v2/map/").content.decode()
