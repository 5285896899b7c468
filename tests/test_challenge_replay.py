"""The form's challenge (a signed time stamp) works once, from the address it was given to, for two
hours at most: a replay, a stamp from another address and an old stamp are kept as spam with their
reason, through the form and the JSON API alike, and nobody is mailed about them."""

import json
from unittest.mock import patch

import pytest
from django.core import signing

from submissions.defences import new_challenge
from submissions.models import Notification, SpentChallenge, Submission
from tests import factories as f
from tests.test_submissions import form_data

pytestmark = pytest.mark.django_db

ADDRESSES = [f"198.51.100.{n}" for n in range(1, 9)]


def form_post(client, challenge, address, **headers):
    return client.post("/en/submit/", form_data(challenge=challenge), REMOTE_ADDR=address, **headers)


def api_post(client, challenge, address, **headers):
    body = {key: value for key, value in form_data(challenge=challenge).items() if key not in ("website",)}
    body["consent"] = True
    return client.post(
        "/api/v2/submissions/", json.dumps(body), content_type="application/json", REMOTE_ADDR=address, **headers
    )


def test_one_stamp_replayed_from_several_addresses_by_form_and_api_gives_at_most_one_new(client):
    stamp = client.get("/en/submit/", REMOTE_ADDR=ADDRESSES[0]).context["form"].initial["challenge"]

    for address in ADDRESSES:
        assert form_post(client, stamp, address).status_code == 302
        assert api_post(client, stamp, address).status_code == 201
    f.confirm_email(client)  # even a confirmed address gets no replay into the queue

    statuses = list(Submission.objects.values_list("status", flat=True))
    assert len(statuses) == 2 * len(ADDRESSES)
    assert statuses.count("new") == 1 and statuses.count("spam") == 2 * len(ADDRESSES) - 1
    reasons = set(Submission.objects.filter(status="spam").values_list("spam_reasons", flat=True))
    assert reasons == {"challenge already used", "challenge from another address"}
    assert not Notification.objects.filter(submission__status="spam").exists()  # no mail to anyone for spam


def test_a_replay_from_the_same_address_is_kept_as_spam_with_its_reason(client):
    stamp = new_challenge("127.0.0.1")

    api_post(client, stamp, "127.0.0.1")
    form_post(client, stamp, "127.0.0.1")

    first, second = Submission.objects.order_by("created_at")
    assert first.status == "unconfirmed" and first.spam_reasons == ""
    assert second.status == "spam" and second.spam_reasons == "challenge already used"


def test_a_spoofed_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    stamp = new_challenge("203.0.113.7")  # a stamp someone else got

    form_post(client, stamp, "198.51.100.66", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert Submission.objects.get().spam_reasons == "challenge from another address"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    stamp = client.get("/en/submit/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).context["form"].initial["challenge"]
    other = client.get("/en/submit/", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).context["form"].initial["challenge"]

    form_post(client, stamp, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    form_post(client, other, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")

    first, second = Submission.objects.order_by("created_at")
    assert first.status == "unconfirmed" and second.spam_reasons == "challenge from another address"


def test_a_stamp_is_valid_for_two_hours_at_most_whatever_the_setting(client, settings):
    settings.SUBMISSION_CHALLENGE_MAX_AGE = 6 * 3600
    real_time = signing.time.time()
    with patch("django.core.signing.time.time", return_value=real_time - 2 * 3600 - 60):
        old = new_challenge("127.0.0.1")
    with patch("django.core.signing.time.time", return_value=real_time - 2 * 3600 + 60):
        recent = new_challenge("127.0.0.1")

    form_post(client, old, "127.0.0.1")
    form_post(client, recent, "127.0.0.1")

    first, second = Submission.objects.order_by("created_at")
    assert first.spam_reasons == "challenge expired" and second.spam_reasons == ""
    assert client.get("/api/v2/submissions/challenge/").json()["max_age_seconds"] == 2 * 3600


def test_a_stamp_signed_with_another_salt_or_altered_is_forged(client):
    stamp = new_challenge("127.0.0.1")
    foreign = signing.TimestampSigner(salt="another.form").sign(stamp.rsplit(":", 2)[0])
    altered = stamp.replace(stamp.split(":")[1], "0" * 24, 1)

    form_post(client, foreign, "127.0.0.1")
    api_post(client, altered, "127.0.0.1")

    assert set(Submission.objects.values_list("spam_reasons", flat=True)) == {"challenge missing or forged"}
    assert not SpentChallenge.objects.exists()


def test_the_spent_stamp_is_kept_in_the_database_until_it_expires(client):
    form_post(client, new_challenge("127.0.0.1"), "127.0.0.1")

    spent, submission = SpentChallenge.objects.get(), Submission.objects.get()
    assert submission.status == "unconfirmed"
    assert 2 * 3600 - 60 < (spent.expires_at - submission.created_at).total_seconds() <= 2 * 3600
