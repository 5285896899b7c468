"""Editors' uploads: no SVG, sizes and pixel counts limited, documents checked by their bytes and
served as downloads (PDF inline), uploaded files served with safe headers; editors' rich text is
sanitised by Wagtail (SECURITY.md)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from submissions.models import SubmissionAttachment
from tests import factories as f

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
PDF = f.pdf_bytes()  # a real one-page PDF (every PDF is opened and checked, core.uploads)


@pytest.fixture(autouse=True)
def disk_storage(settings):
    """Files on disk under the test's MEDIA_ROOT, as in production."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def admin_client(client, django_user_model):
    """A signed-in superuser."""
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only"))
    return client


def png(width=20, height=20):
    """A PNG image of the given size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, format="PNG")
    return out.getvalue()


def upload_image(client, name, content):
    """Post Wagtail's add-image form; returns the form errors on the file ({} when it was saved)."""
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "description": "A teal square",
            "file": SimpleUploadedFile(name, content),
        },
    )
    if response.status_code == 302:
        return {}
    return response.context["form"].errors


def upload_document(client, name, content):
    """Post Wagtail's add-document form; returns the form errors ({} when it was saved)."""
    response = client.post(reverse("wagtaildocs:add"), {"title": name, "file": SimpleUploadedFile(name, content)})
    if response.status_code == 302:
        return {}
    return response.context["form"].errors


def test_a_png_image_is_accepted(admin_client):
    assert upload_image(admin_client, "harbour.png", png()) == {}
    assert get_image_model().objects.filter(title="harbour.png").exists()


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png"])
def test_svg_is_refused_under_any_name(admin_client, name):
    errors = upload_image(admin_client, name, SVG)

    assert "file" in errors
    assert not get_image_model().objects.exists()


def test_an_image_with_too_many_pixels_is_refused(admin_client, settings):
    from site_config.settings import base

    assert base.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 30 * 30

    assert upload_image(admin_client, "small.png", png(30, 30)) == {}
    errors = upload_image(admin_client, "large.png", png(31, 30))
    assert "file" in errors and "pixels" in str(errors["file"])


def test_too_large_image_and_document_files_are_refused(admin_client, settings):
    from site_config.settings import base

    assert base.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 2**20 and base.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 2**20
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100

    assert "file" in upload_image(admin_client, "big.png", png(50, 50))
    assert "file" in upload_document(admin_client, "big.pdf", PDF + b" " * 200)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),  # HTML dressed as PDF
        ("report.pdf", png()),  # an image with the wrong extension
        ("notes.txt", b"<script>alert(document.cookie)</script>"),  # markup in a text file
        ("table.csv", b"a,b\n\x00\x01\x02binary"),  # not text
        ("letter.docx", PDF),  # a PDF named .docx
        ("page.html", b"<p>hi</p>"),  # extension not allowed at all
    ],
)
def test_documents_whose_bytes_do_not_match_are_refused(admin_client, name, content):
    errors = upload_document(admin_client, name, content)

    assert "file" in errors, errors
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", PDF), ("notes.txt", "Grüße aus Köln\n".encode()), ("table.csv", b"city,country\nKiel,DE\n")],
)
def test_genuine_documents_are_accepted(admin_client, name, content):
    assert upload_document(admin_client, name, content) == {}
    assert get_document_model().objects.get().file.read() == content


def test_documents_are_downloads_except_pdf_and_never_run(client):
    pdf = get_document_model().objects.create(title="Report", file=ContentFile(PDF, name="report.pdf"))
    csv = get_document_model().objects.create(title="Table", file=ContentFile(b"a,b\n1,2\n", name="table.csv"))

    shown = client.get(pdf.url)
    downloaded = client.get(csv.url)

    assert shown.status_code == downloaded.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    assert downloaded["Content-Disposition"].startswith("attachment")
    for response in (shown, downloaded):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"


def test_images_are_served_from_media_with_safe_headers(client):
    image = f.image()
    rendition = image.get_rendition("width-10")

    for url in (rendition.url, image.file.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert b"".join(response.streaming_content)[:4] == b"\x89PNG"


def test_documents_are_not_served_from_media_past_their_privacy_checks(client):
    document = get_document_model().objects.create(title="Report", file=ContentFile(PDF, name="report.pdf"))

    assert client.get(document.file.url).status_code == 404
    assert client.get(reverse("media", args=["../settings.py"])).status_code == 404
    assert client.get(reverse("media", args=["images/../documents/report.pdf"])).status_code == 404


def test_submitters_attachments_are_served_to_moderators_only_as_downloads(client, moderator):
    attachment = SubmissionAttachment.objects.create(
        submission=f.SubmissionFactory(),
        file=ContentFile(PDF, name="statement.pdf"),
        original_name="statement.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    url = attachment.file.url

    assert client.get(url).status_code == 404
    client.force_login(moderator)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_editors_rich_text_is_sanitised_by_wagtail_when_saved():
    """What the Draftail editor sends is rebuilt from a whitelist: markup typed as text stays text,
    javascript: links lose their address, unknown elements and attributes are dropped."""
    import json

    from wagtail.admin.rich_text import DraftailRichTextArea
    from wagtail.rich_text import expand_db_html

    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert(1)</script> click",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 26, "length": 5, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "javascript:alert(document.cookie)", "onclick": "alert(2)"},
            }
        },
    }
    stored = DraftailRichTextArea().value_from_datadict({"body": json.dumps(contentstate)}, {}, "body")
    shown = expand_db_html(stored)

    assert "<script" not in shown and "&lt;script&gt;" in shown
    assert "javascript:" not in shown and "onclick" not in shown
