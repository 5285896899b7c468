"""Nothing public before review, and the submitter told when it is published: an accepted
submission's new municipality and attached files stay private until the drafted page (or, for a
listing request, the municipality) is approved and published; then the map, the API, the exports,
search, autocomplete and the municipality's page show it, the files are served, the status page
says "published" with the link, and an e-mail in the submitter's language brings the link."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from cityprofiles.models import Municipality, PracticePage
from submissions.models import Submission
from tests import factories as f
from tests.test_moderation_decisions import decide
from tests.test_submission_emails import run_mail_worker
from tests.test_submissions import form_data, status_link

pytestmark = pytest.mark.django_db

PDF = f.pdf_bytes()  # a real one-page PDF (every upload is opened and checked)


@pytest.fixture(autouse=True)
def disk_storage(settings):
    """Files on disk under the test's MEDIA_ROOT, as in production (Wagtail serves documents from there)."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def submit_with_pdf(client, language="en", **overrides):
    data = form_data(municipality_name="Herzogenrath", country="DE", title="Welcome café", **overrides)
    data["attachments"] = SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/{language}/submit/", data, follow=True)
    f.confirm_email(client)  # only a confirmed submission enters the queue
    return response


def public_view_of_herzogenrath(client):
    """Where the public could meet the municipality: map, API, export, search, autocomplete, its page."""
    on_map = {x["properties"]["n"] for x in client.get("/api/v2/map/").json()["features"]}
    in_api = {m["name"] for m in client.get("/api/v2/municipalities/", {"limit": 100}).json()["items"]}
    export = client.get("/data/municipalities.csv")
    in_export = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    suggested = client.get("/en/search/autocomplete/", {"q": "Herzogen"}).content.decode()
    searched = client.get("/en/search/", {"q": "Herzogenrath"}).content.decode()
    page = client.get("/en/municipalities/herzogenrath/").status_code
    return {
        "map": "Herzogenrath" in on_map,
        "api": "Herzogenrath" in in_api,
        "export": "Herzogenrath" in in_export,
        "autocomplete": "Herzogenrath" in suggested,
        "search": "/municipalities/herzogenrath/" in searched,
        "page": page == 200,
    }


def document_link(page):
    html = "".join(block.value["text"].source for block in page.body if block.block_type == "section")
    document_id = re.search(r'linktype="document" id="(\d+)"', html).group(1)
    from wagtail.documents import get_document_model

    return get_document_model().objects.get(pk=document_id).url


def approve(page, moderator):
    state = page.current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "approve")


def test_accepted_practice_is_public_only_after_approval(client, moderator):
    f.practice_index()
    f.MunicipalityFactory(name="Kempen")  # something else is public all along
    link = status_link(submit_with_pdf(client))
    decide(client, moderator, Submission.objects.get(), "accept")

    page = PracticePage.objects.get(title="Welcome café")
    herzogenrath = Municipality.objects.get(name="Herzogenrath")
    assert not herzogenrath.live and not page.live
    assert not any(public_view_of_herzogenrath(client).values())
    assert client.get(f"/api/v2/municipalities/{herzogenrath.pk}/").status_code == 404
    pdf_url = document_link(page)
    assert client.get(pdf_url).status_code != 200  # the submitted file is moderators' only
    client.force_login(moderator)
    assert client.get(pdf_url).status_code == 200
    client.logout()
    assert "Kempen" in {x["properties"]["n"] for x in client.get("/api/v2/map/").json()["features"]}

    approve(page, moderator)

    herzogenrath.refresh_from_db()
    assert herzogenrath.live
    assert all(public_view_of_herzogenrath(client).values()), public_view_of_herzogenrath(client)
    assert client.get(f"/api/v2/municipalities/{herzogenrath.pk}/").status_code == 200
    assert client.get(pdf_url).status_code == 200
    page.refresh_from_db()
    status_page = client.get(link).content.decode()
    assert "Published" in status_page and f'href="{page.full_url}"' in status_page


def test_listing_request_is_public_only_after_its_review(client, moderator):
    f.practice_index()
    client.post("/en/submit/", form_data(kind="listing", municipality_name="Herzogenrath", title="Please list us"))
    f.confirm_email(client)
    decide(client, moderator, Submission.objects.get(), "accept")

    herzogenrath = Municipality.objects.get(name="Herzogenrath")
    assert not herzogenrath.live and not any(public_view_of_herzogenrath(client).values())
    assert herzogenrath.current_workflow_state.workflow.name == "Review public submission"
    client.force_login(moderator)
    editor = client.get(f"/admin/snippets/cityprofiles/municipality/edit/{herzogenrath.pk}/").content.decode()
    assert 'data-workflow-action-name="approve"' in editor  # the moderator approves it in its editor
    client.logout()

    approve(herzogenrath, moderator)

    assert Municipality.objects.get(name="Herzogenrath").live
    assert all(public_view_of_herzogenrath(client).values())
    assert Submission.objects.get().status == "published"


def test_the_submitter_gets_the_link_in_their_language_when_it_is_published(client, moderator):
    f.practice_index()
    response = submit_with_pdf(client, language="de")
    link = re.search(r'href="http://testserver(/de/submit/status/[^"]+/)"', response.content.decode()).group(1)
    decide(client, moderator, Submission.objects.get(), "accept")
    run_mail_worker()
    accepted = [m for m in mail.outbox if m.to == ["ana@example.org"]][-1]
    assert "Hallo Ana Example" in accepted.body  # the decision, in German too
    mail.outbox.clear()

    approve(PracticePage.objects.get(title="Welcome café"), moderator)
    run_mail_worker()

    page = PracticePage.objects.get(title="Welcome café")
    (published,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert "veröffentlicht" in published.subject
    assert page.full_url in published.body and "Hallo Ana Example" in published.body
    submission = Submission.objects.get()
    assert submission.status == "published" and submission.published_at is not None
    status_page = client.get(link).content.decode()
    assert "Veröffentlicht" in status_page and page.full_url in status_page


def test_the_draft_holds_the_submitters_text_in_its_fields_and_their_details_in_a_comment(client, moderator):
    from wagtail.models import Comment

    f.practice_index()
    client.post(
        "/en/submit/",
        form_data(
            description="Every Friday <b>newcomers</b> meet neighbours.\n\nThe town pays the rent.",
            organisation="Welcome e.V.",
            role="Coordinator",
        ),
    )
    f.confirm_email(client)
    decide(client, moderator, Submission.objects.get(), "accept")

    page = PracticePage.objects.get(title="Welcome café")
    assert page.summary == "The town runs a welcome café for newcomers."
    (section,) = [block.value for block in page.body if block.block_type == "section"]
    assert section["heading"] == "How it works"
    assert section["text"].source == (
        "<p>Every Friday &lt;b&gt;newcomers&lt;/b&gt; meet neighbours.</p><p>The town pays the rent.</p>"
    )
    assert [s.value["url"] for s in page.sources] == ["https://example.org/cafe"]
    content = f"{page.title} {page.summary} {page.body.raw_data} {page.outcomes}"
    assert "What was submitted" not in content
    assert "ana@example.org" not in content and "Ana Example" not in content and "Welcome e.V." not in content
    (comment,) = Comment.objects.filter(page=page)
    assert "ana@example.org" in comment.text and "Welcome e.V." in comment.text and "Coordinator" in comment.text


def test_rejections_and_questions_reach_the_submitter_in_their_language(client, moderator):
    for language in ("de", "fr"):
        client.post(f"/{language}/submit/", form_data(title=f"Café {language}"))
    f.confirm_email(client)
    german, french = Submission.objects.get(title="Café de"), Submission.objects.get(title="Café fr")

    decide(client, moderator, german, "reject", "Liegt außerhalb Europas.")
    decide(client, moderator, french, "needs-information", "En quelle année ?")
    run_mail_worker()

    to_ana = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    (rejection,) = [m for m in to_ana if german.reference in m.subject and "Liegt" in m.body]
    (question,) = [m for m in to_ana if french.reference in m.subject and "En quelle" in m.body]
    assert "Hallo Ana Example" in rejection.body and "Neuigkeiten" in rejection.subject
    assert "Bonjour Ana Example" in question.body
