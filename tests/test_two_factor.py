"""Two-factor authentication in the admin (django-otp, TOTP; accounts/): compulsory for Moderators, optional
for editors (SECURITY.md)."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from submissions.models import MODERATORS_GROUP

pytestmark = pytest.mark.django_db

QUEUE = reverse("wagtailsnippets_submissions_submission:list")
PASSWORD = "pw-for-tests-only"  # the password of the conftest users


@pytest.fixture(autouse=True)
def two_factor_for_moderators(_admin_2fa_off, settings):
    """The production rule, which tests/conftest.py switches off for the rest of the suite."""
    settings.ADMIN_REQUIRE_2FA_GROUPS = [MODERATORS_GROUP]


def code(device):
    """The TOTP code the user's authenticator app shows now."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in(client, user):
    """Sign in through the admin's login form, as a person does."""
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def test_production_requires_two_factor_for_moderators():
    from site_config.settings import base

    assert base.ADMIN_REQUIRE_2FA_GROUPS == [MODERATORS_GROUP]


def test_a_moderator_without_a_device_is_sent_to_set_one_up_before_the_queue(client, moderator):
    sign_in(client, moderator)

    for address in (QUEUE, reverse("wagtailadmin_home")):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("accounts_2fa_setup")), response["Location"]


def test_a_moderator_enrols_an_authenticator_app_and_then_reaches_the_queue(client, moderator):
    sign_in(client, moderator)
    setup = client.get(reverse("accounts_2fa_setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    page = setup.content.decode()
    assert "<svg" in page  # the QR code
    assert base64.b32encode(device.bin_key).decode() in page  # the key, to type in by hand
    assert client.get(reverse("accounts_2fa_setup")).status_code == 200  # a reload keeps the same key
    assert TOTPDevice.objects.filter(user=moderator).count() == 1
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)

    wrong = client.post(reverse("accounts_2fa_setup"), {"name": "Phone", "otp_token": "000000", "password": PASSWORD})
    assert wrong.status_code == 200 and client.get(QUEUE).status_code == 302
    # After a wrong code django-otp makes the next try wait (1 s, then 2 s, 4 s ...); let it pass.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)

    done = client.post(
        reverse("accounts_2fa_setup"), {"name": "Phone", "otp_token": code(device), "password": PASSWORD}
    )

    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=moderator).confirmed
    assert client.get(QUEUE).status_code == 200


def test_a_moderator_with_a_device_must_enter_a_valid_code(client, moderator, settings):
    # django-otp's wait after a wrong code is 1 s by default; a slow test machine can take longer than
    # that between two requests, so the wait is made a minute here to observe the throttle for certain.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = TOTPDevice.objects.create(user=moderator, name="Phone", confirmed=True)
    sign_in(client, moderator)

    blocked = client.get(QUEUE)
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("accounts_2fa_verify"))

    wrong = client.post(reverse("accounts_2fa_verify"), {"otp_token": "123456"})
    assert wrong.status_code == 200
    assert client.get(QUEUE).status_code == 302
    too_soon = client.post(reverse("accounts_2fa_verify"), {"otp_token": code(device)})
    assert too_soon.status_code == 200  # throttled: guessing codes is slowed down
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)

    right = client.post(reverse("accounts_2fa_verify") + f"?next={QUEUE}", {"otp_token": code(device)})
    assert right.status_code == 302 and right["Location"] == QUEUE, right.context["form"].errors
    assert client.get(QUEUE).status_code == 200

    # A new sign-in asks for the code again.
    client.logout()
    sign_in(client, moderator)
    assert client.get(QUEUE).status_code == 302


def test_an_editor_reaches_the_admin_without_a_device(client, editor):
    sign_in(client, editor)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 200


def test_an_editor_may_enrol_and_is_then_asked_for_the_code(client, editor):
    sign_in(client, editor)
    assert client.get(reverse("accounts_2fa_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    client.post(reverse("accounts_2fa_setup"), {"name": "Laptop", "otp_token": code(device), "password": PASSWORD})
    assert TOTPDevice.objects.get(user=editor).confirmed

    client.logout()
    sign_in(client, editor)

    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts_2fa_verify"))


def test_the_public_site_never_asks_for_a_code(client, moderator):
    sign_in(client, moderator)

    assert client.get(reverse("submit")).status_code == 200


def test_a_lost_device_is_removed_with_a_command_and_set_up_again(client, moderator):
    from io import StringIO

    from django.core.management import CommandError, call_command

    TOTPDevice.objects.create(user=moderator, name="Lost phone", confirmed=True)
    out = StringIO()
    call_command("reset_two_factor", "mo", stdout=out)

    assert "Removed 1 device(s) of mo" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    sign_in(client, moderator)
    assert client.get(QUEUE)["Location"].startswith(reverse("accounts_2fa_setup"))
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_two_factor", "nobody")


def test_submitters_files_need_the_second_factor_too(client, moderator, settings):
    from django.core.files.base import ContentFile

    from submissions.models import SubmissionAttachment
    from tests import factories as f

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    attachment = SubmissionAttachment.objects.create(
        submission=f.SubmissionFactory(),
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="statement.pdf"),
        original_name="statement.pdf",
        content_type="application/pdf",
        size=15,
    )
    device = TOTPDevice.objects.create(user=moderator, name="Phone", confirmed=True)
    sign_in(client, moderator)

    assert client.get(attachment.file.url).status_code == 404  # password alone is not enough
    client.post(reverse("accounts_2fa_verify"), {"otp_token": code(device)})
    assert client.get(attachment.file.url).status_code == 200
