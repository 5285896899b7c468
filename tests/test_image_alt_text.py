"""Every image editors upload has alternative text: Wagtail's image description is required
(home.forms.AccessibleImageForm) and it is the `alt` of the image on pages and in the API."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import UploadedFile

from tests import factories as f

pytestmark = pytest.mark.django_db


def png(name="harbour.png"):
    """A small PNG file as an upload."""
    return SimpleUploadedFile(name, get_test_image_file().file.getvalue(), content_type="image/png")


def test_an_upload_without_alt_text_is_refused_with_a_clear_message(admin_client):
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Harbour", "file": png(), "description": "  "})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["description"]
    assert "describe the image" in errors["description"][0]
    assert "alternative text for people who cannot see it" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_upload_with_alt_text_is_saved(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Harbour", "file": png(), "description": "Fishing boats in Kiel harbour at dusk"},
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().description == "Fishing boats in Kiel harbour at dusk"


def test_the_add_form_asks_for_the_alt_text_as_a_required_field(admin_client):
    html = admin_client.get(reverse("wagtailimages:add")).content.decode()
    field = re.search(r"<input[^>]*name=\"description\"[^>]*>", html).group(0)
    assert "required" in field
    assert "Description (alternative text)" in html


def test_multiple_upload_keeps_the_file_aside_until_the_alt_text_is_given(admin_client):
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": png()})
    data = response.json()
    assert data["success"] and "uploaded_file_id" in data  # not an image yet: Wagtail waits for the form
    assert not get_image_model().objects.exists()
    upload = UploadedFile.objects.get()

    url = reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload.pk])
    refused = admin_client.post(
        url, {"uploaded-image-%d-title" % upload.pk: "Harbour", "uploaded-image-%d-description" % upload.pk: ""}
    ).json()
    assert not refused["success"]
    assert not get_image_model().objects.exists()

    taken = admin_client.post(
        url,
        {
            "uploaded-image-%d-title" % upload.pk: "Harbour",
            "uploaded-image-%d-description" % upload.pk: "Boats at dusk",
        },
    ).json()
    assert taken["success"]
    assert get_image_model().objects.get().description == "Boats at dusk"


def test_pages_and_the_api_use_the_description_as_alt_unless_the_block_sets_its_own(client):
    picture = f.image(description="Boats in the harbour at dusk")
    profile = f.city_profile(
        body=[
            ("image", {"image": picture, "alt_text": "", "caption": ""}),
            ("image", {"image": picture, "alt_text": "The harbour seen from the town hall", "caption": ""}),
        ]
    )
    with override("en"):
        html = client.get(profile.url).content.decode()
    alts = re.findall(r"<img[^>]*\balt=\"([^\"]*)\"", html)
    assert "Boats in the harbour at dusk" in alts
    assert "The harbour seen from the town hall" in alts
    body = client.get(f"/api/v2/pages/{profile.pk}/").json()["body"]
    assert [block["value"]["image"]["alt"] for block in body] == [
        "Boats in the harbour at dusk",
        "The harbour seen from the town hall",
    ]
