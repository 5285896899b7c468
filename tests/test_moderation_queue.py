"""The moderation queue in the admin: Moderators see and filter every submission; others do not."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from submissions.models import Notification, Submission
from tests import factories as f
from tests.test_submissions import status_link, submit, submit_confirmed

pytestmark = pytest.mark.django_db

QUEUE = reverse("wagtailsnippets_submissions_submission:list")


@pytest.fixture
def submissions(client):
    submit(client, title="Housing first in Kiel", country="DE")
    submit(client, title="Padrón for all", country="ES", kind="listing")
    submit(client, title="Cheap pills", website="spam")
    f.confirm_email(client)  # one link confirms both of the address's real submissions
    client.logout()
    return Submission.objects.all()


def login(client, django_user_model, group=None):
    user = django_user_model.objects.create_user("someone", "someone@example.org", "pw-for-tests-only")
    if group:
        user.groups.add(Group.objects.get(name=group))
    else:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)


def test_moderators_see_the_queue_with_filters_and_search(client, django_user_model, submissions):
    login(client, django_user_model, "Moderators")

    everything = client.get(QUEUE).content.decode()
    spam = client.get(QUEUE, {"status": "spam"}).content.decode()
    spain = client.get(QUEUE, {"country": "ES"}).content.decode()
    found = client.get(QUEUE, {"q": "Kiel"}).content.decode()

    assert all(title in everything for title in ("Housing first in Kiel", "Padrón for all", "Cheap pills"))
    assert "Cheap pills" in spam and "Housing first in Kiel" not in spam
    assert "Padrón for all" in spain and "Housing first in Kiel" not in spain
    assert "Housing first in Kiel" in found and "Padrón for all" not in found


def test_moderators_can_read_a_submission_with_its_markup_escaped(client, django_user_model):
    submit(client, title="<b>bold</b> claim")
    client.logout()
    login(client, django_user_model, "Moderators")
    submission = Submission.objects.get()

    html = client.get(reverse("wagtailsnippets_submissions_submission:inspect", args=[submission.pk])).content.decode()

    assert "&lt;b&gt;bold&lt;/b&gt; claim" in html and "<b>bold</b>" not in html


def test_editors_without_the_moderators_group_do_not_see_the_queue(client, django_user_model, submissions):
    login(client, django_user_model)

    response = client.get(QUEUE)

    assert response.status_code in (302, 403)
    assert "Cheap pills" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, submissions):
    response = client.get(QUEUE)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_counts_new_submissions_for_moderators(client, django_user_model, submissions):
    login(client, django_user_model, "Moderators")

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "2 new submissions" in html  # the third one is spam


def test_personal_data_is_anonymised_after_the_retention_period(client, submissions, settings):
    import datetime
    import io

    from django.core.management import call_command
    from django.utils import timezone

    old, recent = Submission.objects.exclude(status="spam")[:2]
    Submission.objects.filter(pk=old.pk).update(
        status="rejected", decided_at=timezone.now() - datetime.timedelta(days=200)
    )
    Submission.objects.filter(pk=recent.pk).update(status="rejected", decided_at=timezone.now())

    out = io.StringIO()
    call_command("purge_submitter_data", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert "Anonymised the personal data of 1 submissions" in out.getvalue()
    assert (old.submitter_name, old.email) == ("(removed)", "removed@invalid")
    assert recent.email == "ana@example.org"
    assert set(old.notifications.values_list("recipient", flat=True)) <= {"removed@invalid"}
    assert not old.notifications.filter(body__contains="Ana Example").exists()
    assert old.notifications.exists() and recent.notifications.filter(recipient="ana@example.org").exists()
    assert old.title in {"Housing first in Kiel", "Padrón for all"}  # the content stays


def test_submissions_and_their_emails_are_never_added_by_hand(admin_client):
    for model in ("submission", "notification"):
        listing = admin_client.get(reverse(f"wagtailsnippets_submissions_{model}:list")).content.decode()
        assert reverse(f"wagtailsnippets_submissions_{model}:add") not in listing
        assert admin_client.get(reverse(f"wagtailsnippets_submissions_{model}:add")).status_code in (302, 403)


def test_a_row_opens_the_review_view_without_an_edit_form_or_the_token_hash(client, django_user_model, submissions):
    login(client, django_user_model, "Moderators")
    submission = Submission.objects.get(title="Housing first in Kiel")
    review_url = reverse("wagtailsnippets_submissions_submission:inspect", args=[submission.pk])
    edit_url = reverse("wagtailsnippets_submissions_submission:edit", args=[submission.pk])

    queue = client.get(QUEUE).content.decode()
    review = client.get(review_url).content.decode()

    row = re.search(rf'<a href="{re.escape(review_url)}">\s*<span[^>]*>{submission.reference}</span>', queue)
    assert row, "the reference in the queue links to the review view"
    assert edit_url not in queue and client.get(edit_url).status_code in (302, 403)
    assert submission.token_hash not in review and "token hash" not in review.lower()
    for button in ("Accept", "Ask for information", "Reject", "Mark as spam"):
        assert f">{button}</button>" in review
    assert "Possible duplicates" in review and "Housing first in Kiel" in review


def test_times_are_in_the_site_time_zone_on_the_list_review_status_page_and_e_mail(client, django_user_model, settings):
    from wagtail.users.models import UserProfile

    from submissions.notifications import notify_moderators

    response = submit_confirmed(client)
    link = status_link(response)
    submission = Submission.objects.get()
    moment = datetime.datetime(2026, 7, 1, 10, 15, tzinfo=datetime.UTC)  # 12:15 in Berlin (summer time)
    Submission.objects.filter(pk=submission.pk).update(created_at=moment)
    submission.refresh_from_db()
    login(client, django_user_model, "Moderators")
    notify_moderators(submission)
    reader = django_user_model.objects.get(username="someone")
    profile = UserProfile.get_for_user(reader)
    profile.current_time_zone = "America/New_York"  # the reader's own zone changes nothing
    profile.save()

    queue = client.get(QUEUE).content.decode()
    review = client.get(
        reverse("wagtailsnippets_submissions_submission:inspect", args=[submission.pk])
    ).content.decode()
    status_page = client.get(link).content.decode()
    note = Notification.objects.filter(kind=Notification.Kind.MODERATOR_NOTE).latest("pk").body

    assert settings.TIME_ZONE == "Europe/Berlin"
    for text in (queue, review, status_page, note):  # each in its reader's language's format
        assert "2026, 12:15" in text
        assert "10:15" not in text and "6:15" not in text
