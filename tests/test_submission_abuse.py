"""Abuse defences of the submission form: honeypot, challenge, rate limit, uploads checked by content.
Spam is kept for review, never dropped, and never public."""

import io

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from submissions.defences import CHALLENGE_SALT
from submissions.models import Submission
from tests import factories as f
from tests.test_submissions import form_data, status_link, submit

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30), **info):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG", **info)
    return buffer.getvalue()


def jpeg_with_exif():
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), (10, 120, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_filled_honeypot_is_kept_as_spam_and_looks_like_success(client):
    response = submit(client, website="http://buy-now.example")

    submission = Submission.objects.get()
    assert submission.status == "spam" and "honeypot" in submission.spam_reasons
    assert "Thank you" in response.content.decode()


@pytest.mark.parametrize(
    "challenge, reason",
    [
        ("", "challenge missing or forged"),
        ("12345:forged", "challenge missing or forged"),
    ],
)
def test_missing_or_forged_challenge_is_kept_as_spam(client, challenge, reason):
    submit(client, challenge=challenge)

    assert Submission.objects.get().spam_reasons == reason


def test_a_form_sent_within_seconds_of_being_shown_is_kept_as_spam(client, settings):
    settings.SUBMISSION_CHALLENGE_MIN_SECONDS = 60
    form = client.get("/en/submit/").context["form"]

    submit(client, challenge=form.initial["challenge"])

    assert Submission.objects.get().spam_reasons == "sent too fast"


def test_an_expired_challenge_is_kept_as_spam(client, settings):
    value = signing.TimestampSigner(salt=CHALLENGE_SALT).sign("1")
    settings.SUBMISSION_CHALLENGE_MAX_AGE = -1  # every signature is older than that

    submit(client, challenge=value)

    assert Submission.objects.get().spam_reasons == "challenge expired"


def test_spam_never_shows_its_content_as_public_content(client):
    submit(client, website="spam", title="Cheap pills")

    assert "Cheap pills" not in client.get("/api/v2/map/").content.decode()
    assert "Cheap pills" not in client.get("/en/").content.decode()


def test_rate_limit_answers_429_with_a_clear_message(client, settings):
    settings.SUBMISSION_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert submit(client).status_code == 200

    response = client.post("/en/submit/", form_data())

    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert Submission.objects.count() == 2


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(client):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")

    response = client.post("/en/submit/", {**form_data(), "attachments": [fake]})

    assert response.status_code == 400
    assert "“report.pdf” is not a PDF, JPEG or PNG file." in response.content.decode()
    assert not Submission.objects.exists()


def test_oversized_files_and_too_many_files_are_refused(client, settings):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("big.png", png_bytes(size=(400, 400)), content_type="image/png")
    response = client.post("/en/submit/", {**form_data(), "attachments": [big]})
    assert "“big.png” is larger than" in response.content.decode()

    settings.SUBMISSION_MAX_UPLOAD_BYTES = 10 * 2**20
    files = [SimpleUploadedFile(f"{n}.png", png_bytes(), content_type="image/png") for n in range(4)]
    response = client.post("/en/submit/", {**form_data(), "attachments": files})
    assert "Attach at most 3 files." in response.content.decode()
    assert not Submission.objects.exists()


def test_pdf_is_kept_and_images_are_re_encoded_without_metadata(client):
    pdf = SimpleUploadedFile("plan.PDF", f.pdf_bytes())
    photo = SimpleUploadedFile("photo.jpeg", jpeg_with_exif(), content_type="image/jpeg")

    submit(client, attachments=[pdf, photo])

    attachments = {a.content_type: a for a in Submission.objects.get().attachments.all()}
    assert set(attachments) == {"application/pdf", "image/jpeg"}
    data = attachments["image/jpeg"].file.read()
    assert b"SecretCameraMaker" not in data and Image.open(io.BytesIO(data)).size == (40, 30)
    assert attachments["application/pdf"].file.name.endswith(".pdf")


def test_status_page_of_spam_reveals_no_verdict(client):
    response = submit(client, website="spam")

    html = client.get(status_link(response)).content.decode()
    assert '<dd class="col-sm-8" id="submission-status">received, waiting for review</dd>' in html
    assert "spam" not in html.lower()
