"""POST /api/v2/submissions/: a submission as JSON goes through the same validation, defences,
moderation queue and e-mails as the web form; errors are JSON by field name."""

import json

import hypothesis
import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator

from submissions.forms import SOURCES_PATTERN, SubmissionForm
from submissions.models import Notification, Submission
from tests import factories as f
from tests.test_submission_emails import run_mail_worker

pytestmark = pytest.mark.django_db

URL = "/api/v2/submissions/"


def challenge(client):
    """A fresh challenge, fetched the way another front end would."""
    response = client.get(URL + "challenge/")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    return response.json()["challenge"]


def payload(client, **overrides):
    data = {
        "kind": "practice",
        "municipality_name": "Kempen",
        "country": "DE",
        "title": "Welcome café",
        "summary": "The town runs a welcome café for newcomers.",
        "sources": "https://example.org/cafe",
        "submitter_name": "Ana Example",
        "email": "ana@example.org",
        "consent": True,
        "challenge": challenge(client),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not ...}


def post(client, data, content_type="application/json", **extra):
    body = json.dumps(data) if content_type == "application/json" and not isinstance(data, str) else data
    return client.post(URL, body, content_type=content_type, **extra)


def test_json_submission_lands_in_the_moderation_queue_with_reference_and_working_status_url(client, moderator):
    field = f.PolicyFieldFactory(slug="health")

    response = post(client, payload(client, policy_fields=[field.pk], start_year=2019))

    assert response.status_code == 201
    assert Submission.objects.get().status == "unconfirmed"
    f.confirm_email(client)
    body = response.json()
    submission = Submission.objects.get()
    assert body["reference"] == submission.reference and response["Location"] == body["status_url"]
    assert submission.status == "new" and submission.spam_reasons == ""
    assert list(submission.policy_fields.all()) == [field] and submission.start_year == 2019
    assert body["status_url"].startswith("http://testserver/en/submit/status/")
    status_page = client.get(body["status_url"].removeprefix("http://testserver"))
    assert status_page.status_code == 200 and "Welcome café" in status_page.content.decode()
    client.force_login(moderator)
    queue = client.get(reverse("wagtailsnippets_submissions_submission:list"))
    assert queue.status_code == 200 and "Welcome café" in queue.content.decode()


def test_the_same_receipt_and_moderator_note_are_sent_as_for_the_form(client, moderator):
    post(client, payload(client))

    assert mail.outbox == [] and Notification.objects.count() == 2  # stored with the submission
    f.confirm_email(client)
    run_mail_worker()
    assert {message.to[0] for message in mail.outbox} == {"ana@example.org", "mo@example.org"}


def test_field_errors_come_back_as_json_by_field_name(client):
    response = post(client, payload(client, email="not-an-address", consent=False, title=...))

    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert errors["email"] == ["Enter a valid email address."]
    assert errors["title"] == ["This field is required."]
    assert errors["consent"] == ["We can only take your submission if you agree to the privacy notice."]
    assert not Submission.objects.exists()


def test_the_forms_rules_apply_whole_submission_and_types(client, settings):
    settings.SUBMISSION_MAX_LINKS = 1
    too_many_links = post(client, payload(client, summary="See https://a.example and https://b.example"))
    wrong_years = post(client, payload(client, start_year=2020, end_year=2010))
    wrong_types = post(client, payload(client, title=["a list"], start_year="soon", consent="yes", extra=1))

    assert too_many_links.json()["errors"]["non_field_errors"][0].startswith("Please put web addresses")
    assert wrong_years.json()["errors"] == {"end_year": ["The end year cannot be before the start year."]}
    assert wrong_types.json()["errors"] == {
        "title": ["Expected text."],
        "start_year": ["Expected a number."],
        "consent": ["Expected true or false."],
        "extra": ["There is no field of this name."],
    }
    assert not Submission.objects.exists()


def test_attachments_and_malformed_json_are_refused_with_a_reason(client):
    attachments = post(client, payload(client, attachments=["JVBERi0xLjQK"]))
    malformed = post(client, '{"title": "unfinished', content_type="application/json")
    not_an_object = post(client, ["a", "list"])

    assert attachments.status_code == 400 and "/submit/" in attachments.json()["errors"]["attachments"][0]
    assert malformed.status_code == 400 and "JSON parse error" in malformed.json()["errors"]["non_field_errors"][0]
    assert not_an_object.status_code == 400 and "non_field_errors" in not_an_object.json()["errors"]


def test_filled_honeypot_is_kept_as_spam_and_answered_like_any_submission(client):
    response = post(client, payload(client, website="http://buy-now.example"))

    assert response.status_code == 201
    submission = Submission.objects.get()
    assert submission.status == "spam" and "honeypot" in submission.spam_reasons
    assert not Notification.objects.exists(), "spam gets no mail"


def test_missing_or_forged_challenge_is_kept_as_spam(client):
    post(client, payload(client, challenge=...))
    post(client, payload(client, challenge="12345:forged"))

    assert (
        list(Submission.objects.values_list("status", "spam_reasons")) == [("spam", "challenge missing or forged")] * 2
    )


def test_rate_limit_answers_429_json_for_the_api_and_counts_with_the_form(client, settings):
    settings.SUBMISSION_RATE_LIMIT = (2, 3600)
    assert post(client, payload(client)).status_code == 201
    assert client.post("/en/submit/", {}).status_code == 400  # the form counts against the same limit

    response = post(client, payload(client))

    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Too many submissions" in response.json()["detail"]
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", ""])
def test_anything_but_json_gets_415(client, content_type):
    body = "kind=practice&title=x" if content_type else ""
    response = client.post(URL, body, content_type=content_type)

    assert response.status_code == 415 and "detail" in response.json()
    assert not Submission.objects.exists()


def test_csrf_is_not_needed_by_other_front_ends(client):
    strict = type(client)(enforce_csrf_checks=True)

    response = strict.post(URL, json.dumps(payload(strict)), content_type="application/json")

    assert response.status_code == 201


def test_only_post_is_allowed_and_nothing_about_submissions_is_readable(client):
    post(client, payload(client))

    assert client.get(URL).status_code == 405
    assert Submission.objects.get().title not in client.get("/api/v2/pages/?search=Welcome").content.decode()


def body_schema(client):
    """The request body as the served OpenAPI 3.0 schema describes it, as a validator."""
    schema = client.get("/api/schema/").json()
    body = schema["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return OAS30Validator(body, format_checker=OAS30Validator.FORMAT_CHECKER)


@pytest.mark.parametrize(
    "overrides, accepted",
    [
        ({"challenge": None}, True),  # kept as spam, answered like any submission
        ({"country": None, "description": None, "policy_fields": None}, True),  # null: left out
        ({"title": None}, False),  # a required field
        ({"start_year": 2010, "end_year": 2010}, True),
        ({"start_year": 2010, "end_year": 2011}, True),
        ({"start_year": 2011, "end_year": None}, True),
        ({"sources": " https://example.org/a \r\n\nhttp://localhost:8000/b?c=d#e\n"}, True),
        ({"sources": "https://example.org/a\nexample.org/b"}, False),
        ({"sources": "ftp://example.org/a"}, False),
    ],
)
def test_the_published_schema_allows_exactly_what_the_endpoint_accepts(client, settings, overrides, accepted):
    settings.SUBMISSION_RATE_LIMIT = (100, 3600)
    data = payload(client, **overrides)

    assert body_schema(client).is_valid(data) is accepted
    assert post(client, data).status_code == (201 if accepted else 400)


def test_the_rules_across_fields_are_told_in_the_schema_and_answered_with_a_400_naming_the_field(client):
    body = client.get("/api/schema/").json()["paths"][URL]["post"]
    properties = body["requestBody"]["content"]["application/json"]["schema"]["properties"]

    assert "not before `start_year`" in properties["end_year"]["description"]
    assert "at most 10 links" in properties["summary"]["description"]
    assert "rules across fields" in body["responses"]["400"]["description"]
    wrong_years = post(client, payload(client, start_year=2011, end_year=2010))
    assert wrong_years.status_code == 400 and list(wrong_years.json()["errors"]) == ["end_year"]


def test_every_sources_text_the_schema_allows_is_accepted_by_the_form(client):
    form = SubmissionForm()  # its policy field menu is read once, here

    @hypothesis.settings(max_examples=300, deadline=None, derandomize=True)
    @hypothesis.given(st.from_regex(SOURCES_PATTERN).filter(lambda text: len(text) <= 3000))
    def accepted(text):
        form.cleaned_data = {"sources": text}
        assert form.clean_sources() == "\n".join(line.strip() for line in text.splitlines() if line.strip())

    accepted()
