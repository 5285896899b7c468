"""Admin sign-in: wrong passwords lock the account out from that address (django-axes), the lockout
is logged and explained, and sessions expire (SECURITY.md)."""

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-for-tests"


@pytest.fixture
def staff(django_user_model):
    """An editor who may use the admin."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("erika", "erika@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, password, username="erika", address="203.0.113.7"):
    """Post the Wagtail admin login form from `address`."""
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_signs_in(client, staff):
    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_too_many_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, staff, caplog):
    caplog.set_level(logging.WARNING, logger="axes")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong")
        assert response.status_code == 200  # the form again, with its error
    locked = sign_in(client, "wrong")

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Sign-in locked for now" in page and "even the right password is refused" in page

    after = sign_in(client, PASSWORD)
    assert after.status_code == 429
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # still not signed in

    attempt = AccessAttempt.objects.get(username="erika")
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
    assert PASSWORD not in attempt.post_data and "wrong" not in attempt.post_data  # passwords are masked
    assert any("Locking out" in record.getMessage() and "erika" in record.getMessage() for record in caplog.records)


def test_the_lockout_is_per_account_and_address(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", address="203.0.113.7")

    # The real user, elsewhere, is not locked out by an attacker's guesses.
    response = sign_in(client, PASSWORD, address="198.51.100.20")

    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_visitors_address_counts(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "erika", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    assert AccessAttempt.objects.get(username="erika").ip_address == "203.0.113.7"
    # Another visitor through the same proxy is not locked out.
    other = client.post(
        reverse("wagtailadmin_login"),
        {"username": "erika", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302


def test_sessions_end_with_the_browser_or_after_a_working_day(client, staff):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 3600

    sign_in(client, PASSWORD)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""  # a browser-session cookie
    assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]

    client.logout()
    client.post(reverse("wagtailadmin_login"), {"username": "erika", "password": PASSWORD, "remember": "on"})
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 8 * 3600


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password", "12345678", "erika2024"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct horse battery staple")
