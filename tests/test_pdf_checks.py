"""Every uploaded PDF is opened with pypdf (core.uploads, the one upload checker) and refused with a
clear message when it carries JavaScript, a launch action or embedded files: submitters'
attachments through the form, and editors' Wagtail documents. Wagtail images pass the same checker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from submissions.models import Submission
from tests import factories as f
from tests.test_submissions import form_data
from tests.test_upload_safety import png, upload_document, upload_image

pytestmark = pytest.mark.django_db

REFUSALS = {
    "javascript": "“leaflet.pdf” contains JavaScript. PDFs with scripts are not accepted",
    "launch": "“leaflet.pdf” contains an action that starts other programs.",
    "embedded": "“leaflet.pdf” contains embedded files. PDFs with files inside are not accepted",
}


@pytest.fixture(autouse=True)
def disk_storage(settings, tmp_path):
    """Files on disk under a temporary MEDIA_ROOT, as in production."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, django_user_model):
    """A signed-in superuser."""
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only"))
    return client


@pytest.mark.parametrize("active", sorted(REFUSALS))
def test_a_submitted_pdf_with_active_content_is_refused_with_a_clear_message(client, active):
    leaflet = SimpleUploadedFile("leaflet.pdf", f.pdf_bytes(active), content_type="application/pdf")

    response = client.post("/en/submit/", {**form_data(), "attachments": [leaflet]})

    assert response.status_code == 400
    assert REFUSALS[active] in response.content.decode().replace("&#x27;", "'")
    assert not Submission.objects.exists()


def test_a_plain_pdf_is_accepted_as_an_attachment(client):
    leaflet = SimpleUploadedFile("leaflet.pdf", f.pdf_bytes(), content_type="application/pdf")

    assert client.post("/en/submit/", {**form_data(), "attachments": [leaflet]}).status_code == 302
    attachment = Submission.objects.get().attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.file.read().startswith(b"%PDF-")


def test_a_damaged_pdf_is_refused(client):
    broken = SimpleUploadedFile("leaflet.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)

    response = client.post("/en/submit/", {**form_data(), "attachments": [broken]})

    assert "“leaflet.pdf” could not be read as a PDF" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("active", sorted(REFUSALS))
def test_an_editors_pdf_document_with_active_content_is_refused(admin_client, active):
    errors = upload_document(admin_client, "leaflet.pdf", f.pdf_bytes(active))

    assert REFUSALS[active] in str(errors["file"])
    assert not get_document_model().objects.exists()


def test_an_editors_plain_pdf_document_is_accepted(admin_client):
    assert upload_document(admin_client, "leaflet.pdf", f.pdf_bytes()) == {}
    assert get_document_model().objects.get().file.name.endswith(".pdf")


def test_an_editors_image_that_is_another_type_or_cut_off_is_refused(admin_client):
    assert "file" in upload_image(admin_client, "harbour.png", f.pdf_bytes())

    cut_off = upload_image(admin_client, "harbour.png", png(300, 300)[:-400])  # the header reads, the pixels do not
    assert "“harbour.png” could not be read as an image." in str(cut_off["file"])
    assert not get_image_model().objects.exists()
