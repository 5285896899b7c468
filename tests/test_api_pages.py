"""The pages, images and documents endpoints: a front end can render a city profile or a practice
completely from them; drafts and private pages never appear; drafts are readable only through a
signed preview link."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from cityprofiles.models import CityProfilePage, PracticePage
from tests import factories as f

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def berlin():
    """Berlin: a Safe-Harbour member (one of two criteria fulfilled), a profile, two practices."""
    network = f.NetworkFactory(slug="safe-harbours", name="Safe Harbours")
    criteria = [
        f.CommitmentCriterionFactory(network=network, key=key, title=key.title()) for key in ("reception", "funding")
    ]
    municipality = f.MunicipalityFactory(name="Berlin", country="DE", region="Berlin", latitude=52.52, longitude=13.405)
    membership = f.MembershipFactory(municipality=municipality, network=network)
    f.CommitmentStatusFactory(membership=membership, criterion=criteria[0], decided="yes", fulfilled="yes")
    health = f.PolicyFieldFactory(slug="health", name="Health")
    clinic = f.practice(municipality=municipality, policy_fields=[health], title="Clinic for all")
    picture = f.image()
    report = f.practice(
        municipality=municipality,
        title="Annual report",
        outcomes=(f'<p>See <a linktype="page" id="{clinic.pk}">the clinic</a>.</p>'),
    )
    report.related_practice_links.create(related=clinic)
    report.save_revision().publish()
    profile = f.city_profile(
        municipality=municipality,
        body=[
            (
                "section",
                {"heading": "Health", "text": RichText(f'<p>Read <a linktype="page" id="{clinic.pk}">more</a>.</p>')},
            ),
            ("image", {"image": picture, "alt_text": "", "caption": "The harbour"}),
            ("related_practices", {"heading": "Related", "practices": [clinic]}),
        ],
    )
    return {
        "municipality": municipality,
        "profile": profile,
        "clinic": clinic,
        "report": report,
        "network": network,
        "health": health,
        "image": picture,
    }


def test_a_city_profile_has_everything_a_front_end_needs(client, berlin):
    page = get_json(client, f"/api/v2/pages/{berlin['profile'].pk}/")

    assert page["meta"]["type"] == "cityprofiles.CityProfilePage"
    assert page["meta"]["html_url"].endswith(berlin["profile"].url)
    assert page["title"] == "Berlin" and page["subtitle"] == "A city of solidarity"
    municipality = page["municipality"]
    assert (municipality["name"], municipality["latitude"], municipality["longitude"]) == ("Berlin", 52.52, 13.405)
    assert municipality["meta"]["detail_url"] == f"http://testserver/api/v2/municipalities/{berlin['municipality'].pk}/"
    [membership] = page["memberships"]
    assert membership["network"]["slug"] == "safe-harbours"
    assert (membership["fulfilled_count"], membership["criteria_count"]) == (1, 2)
    assert [(c["criterion"], c["fulfilled"]) for c in membership["commitments"]] == [
        ("reception", "yes"),
        ("funding", "unknown"),
    ]
    assert [p["title"] for p in page["practices"]] == ["Annual report", "Clinic for all"]
    assert page["sources"][0] == {
        "type": "source",
        "id": page["sources"][0]["id"],
        "value": {"title": "City press release", "url": "https://example.org/press", "date": None},
    }
    assert page["key_takeaways"][0]["value"] == "Takeaway one"
    assert page["last_published_at"] and page["meta"]["first_published_at"]


def test_streamfield_blocks_are_structured_with_resolved_links_and_image_renditions(client, berlin):
    section, image, related = get_json(client, f"/api/v2/pages/{berlin['profile'].pk}/")["body"]

    assert section["type"] == "section" and section["value"]["heading"] == "Health"
    assert f'href="{berlin["clinic"].url}"' in section["value"]["text"]
    assert "linktype" not in section["value"]["text"]
    assert image["type"] == "image" and image["value"]["caption"] == "The harbour"
    picture = image["value"]["image"]
    assert picture["alt"] == "Boats in the harbour at dusk"  # the image's description stands in
    assert set(picture["renditions"]) == {"small", "medium", "large"}
    assert picture["renditions"]["small"]["url"].endswith(".png")
    assert picture["renditions"]["small"]["alt"] == picture["alt"]
    assert [p["title"] for p in related["value"]["practices"]] == ["Clinic for all"]


def test_a_practice_has_its_fields_policy_fields_and_live_related_practices(client, berlin):
    draft = f.practice(municipality=berlin["municipality"], title="Unpublished idea")
    draft.unpublish()
    report = berlin["report"]
    report.related_practice_links.create(related=draft)
    report.save_revision().publish()

    page = get_json(client, f"/api/v2/pages/{report.pk}/")

    assert (page["status"], page["actor"], page["start_year"]) == ("running", "municipality", 2019)
    assert f'href="{berlin["clinic"].url}"' in page["outcomes"]
    assert [p["title"] for p in page["related_practices"]] == ["Clinic for all"]
    clinic = get_json(client, f"/api/v2/pages/{berlin['clinic'].pk}/")
    assert [(p["slug"], p["name"]) for p in clinic["policy_fields"]] == [("health", "Health")]
    assert clinic["memberships"][0]["network"]["name"] == "Safe Harbours"


def test_other_page_types_expose_their_content(client, berlin):
    guide = f.take_action_page()
    guide.networks = [berlin["network"]]
    guide.save_revision().publish()

    steps = get_json(client, f"/api/v2/pages/{guide.pk}/")
    home = get_json(client, f"/api/v2/pages/{f.home_page().pk}/")
    index = get_json(client, f"/api/v2/pages/{f.city_index().pk}/")

    assert steps["intro"] == "<p>Push your council.</p>"
    assert steps["steps"][0]["value"]["heading"] == "Find allies"
    assert [n["slug"] for n in steps["networks"]] == ["safe-harbours"]
    assert "intro" in home and "call_to_action" in home
    assert "intro" in index


def test_typed_listing_filters_paginates_and_caps_the_limit(client, berlin):
    for n in range(3):
        f.practice(title=f"Extra {n}")
    listing = get_json(
        client,
        "/api/v2/pages/",
        type="cityprofiles.PracticePage",
        fields="municipality,status",
        order="title",
        limit=2,
        offset=1,
    )

    assert listing["meta"]["total_count"] == 5
    assert [item["title"] for item in listing["items"]] == ["Clinic for all", "Extra 0"]
    assert listing["items"][0]["municipality"]["name"] == "Berlin" and listing["items"][0]["status"] == "running"
    assert client.get("/api/v2/pages/?limit=101").status_code == 400
    assert client.get("/api/v2/pages/?limit=100").status_code == 200
    assert client.get("/api/v2/pages/?colour=blue").status_code == 400


def test_drafts_unpublished_and_private_pages_never_appear(client, admin_client, berlin):
    live = berlin["clinic"]
    live.title = "Draft title not yet published"
    live.save_revision()  # a draft of a live page: the live version stays what the API shows
    berlin["report"].unpublish()
    secret = f.practice(title="Private practice")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)

    for http in (client, admin_client):  # even a logged-in superuser gets only public content
        titles = [item["title"] for item in get_json(http, "/api/v2/pages/", limit=100)["items"]]
        assert "Clinic for all" in titles
        assert not {"Draft title not yet published", "Annual report", "Private practice"} & set(titles)
        assert http.get(f"/api/v2/pages/{berlin['report'].pk}/").status_code == 404
        assert http.get(f"/api/v2/pages/{secret.pk}/").status_code == 404
        assert get_json(http, f"/api/v2/pages/{live.pk}/")["title"] == "Clinic for all"
    practices = get_json(client, f"/api/v2/pages/{berlin['profile'].pk}/")["practices"]
    assert [p["title"] for p in practices] == ["Clinic for all"]


def test_images_and_documents_are_only_those_live_public_pages_use(client, berlin, django_capture_on_commit_callbacks):
    unused = f.image(title="Uploaded with a submission")
    draft = f.practice(title="Draft with picture", body=[("image", {"image": unused, "alt_text": "", "caption": ""})])
    draft.unpublish()

    titles = [item["title"] for item in get_json(client, "/api/v2/images/")["items"]]

    assert titles == ["Harbour"]
    assert client.get(f"/api/v2/images/{unused.pk}/").status_code == 404
    assert get_json(client, "/api/v2/documents/")["items"] == []


def test_a_typed_listing_of_twenty_pages_costs_no_query_per_page(client, berlin, django_assert_max_num_queries):
    url = "/api/v2/pages/?type=cityprofiles.PracticePage&fields=*&limit=20"

    def queries():
        client.get(url)  # warm the per-process caches (site root paths)
        with django_assert_max_num_queries(30) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), len(response.json()["items"])

    before = queries()
    for _ in range(18):
        membership = f.MembershipFactory(network=berlin["network"])
        f.practice(municipality=membership.municipality, policy_fields=[berlin["health"]])
    after = queries()

    assert before[1] == 2 and after[1] == 20
    assert after[0] == before[0]


def test_a_city_profile_detail_costs_a_bounded_number_of_queries(client, berlin, django_assert_max_num_queries):
    url = f"/api/v2/pages/{berlin['profile'].pk}/"
    client.get(url)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def preview_link(page, settings=None):
    """What an editor's Preview button does: store the draft, answer with a redirect to the front end."""
    request = RequestFactory().get("/admin/preview/")
    response = page.serve_preview(request, page.default_preview_mode)
    assert response.status_code == 302
    return response["Location"]


def test_a_draft_is_readable_only_with_a_valid_preview_token(client, berlin):
    page = CityProfilePage.objects.get(pk=berlin["profile"].pk)
    page.subtitle = "Draft subtitle under review"
    page.save_revision()
    location = preview_link(page)
    assert location.startswith("/preview/?")
    query = dict(parse_qsl(urlsplit(location).query))

    preview = get_json(client, "/api/v2/page_preview/", content_type=query["content_type"], token=query["token"])
    assert preview["subtitle"] == "Draft subtitle under review"
    assert preview["municipality"]["name"] == "Berlin"
    rendered = client.get(location)
    assert rendered.status_code == 200 and "Draft subtitle under review" in rendered.content.decode()
    assert "no-store" in rendered["Cache-Control"]

    assert get_json(client, f"/api/v2/pages/{page.pk}/")["subtitle"] == "A city of solidarity"
    forged = query["token"][:-2] + ("aa" if not query["token"].endswith("aa") else "bb")
    for params in (
        {"content_type": query["content_type"], "token": forged},
        {"content_type": "cityprofiles.practicepage", "token": query["token"]},
        {"content_type": "home.homepage", "token": query["token"]},
    ):
        assert client.get("/api/v2/page_preview/", params).status_code == 404
        assert client.get("/preview/", params).status_code == 404
    assert client.get("/api/v2/page_preview/", {"content_type": query["content_type"]}).status_code == 400
    assert client.get("/api/v2/page_preview/", {**query, "extra": "1"}).status_code == 400


def test_a_preview_token_expires(client, berlin, settings):
    location = preview_link(PracticePage.objects.get(pk=berlin["clinic"].pk))
    settings.HEADLESS_PREVIEW_MAX_AGE = -1

    assert client.get(location).status_code == 404


def test_a_new_page_that_was_never_saved_can_be_previewed(client, berlin):
    parent = f.practice_index()
    page = PracticePage(
        title="Brand new", slug="brand-new", summary="Not saved yet.", municipality=berlin["municipality"]
    )
    page.depth = parent.depth + 1  # as Wagtail's preview of a page being created places it
    page.path = parent.get_last_child()._inc_path()
    page.set_url_path(parent)
    page.locale = parent.locale  # Wagtail's create view gives a new page its parent's locale
    location = page.serve_preview(RequestFactory().get("/admin/preview/"), page.default_preview_mode)["Location"]
    query = dict(parse_qsl(urlsplit(location).query))

    preview = get_json(client, "/api/v2/page_preview/", **query)
    assert (preview["title"], preview["summary"]) == ("Brand new", "Not saved yet.")
    assert preview["meta"]["parent"]["title"] == "Good practices"
    assert "Not saved yet." in client.get(location).content.decode()


def test_a_configured_front_end_receives_the_preview_link(berlin, settings):
    settings.HEADLESS_PREVIEW_CLIENT_URL = "https://app.example.org/preview"

    location = preview_link(PracticePage.objects.get(pk=berlin["clinic"].pk))

    assert location.startswith("https://app.example.org/preview/?content_type=cityprofiles.practicepage&token=")


@pytest.mark.parametrize(
    "url, status",
    [
        ('/api/v2/pages/?search="', 200),
        ("/api/v2/pages/?search=%0D", 200),
        ('/api/v2/images/?search="', 200),
        ("/api/v2/documents/?search=%20", 200),
        ("/api/v2/pages/?search=a%00b", 200),
        ("/api/v2/pages/?site=nowhere.example", 400),
        ("/api/v2/pages/?site=host:port", 400),
        ("/api/v2/pages/find/?html_path=%00", 404),
        ("/en/search/?q=%22housing", 200),
    ],
)
def test_odd_search_text_and_unknown_sites_get_an_answer_not_an_error(client, url, status):
    f.practice_index()
    assert client.get(url).status_code == status


def test_search_ignores_quotes_and_operators_but_finds_the_words(client):
    practice = f.practice(title="Housing first in Kiel")
    items = client.get("/api/v2/pages/", {"search": '"housing" kiel*'}).json()["items"]
    assert [item["id"] for item in items] == [practice.pk]


def test_a_date_the_database_cannot_hold_is_a_400_and_the_next_request_still_works(client):
    practice = f.practice(title="Housing first in Kiel")
    odd = client.get("/api/v2/pages/", {"first_published_at": "1018-02-18T06:55:36+18:48"})
    assert odd.status_code in (200, 400)  # SQLite compares it as text; PostgreSQL refuses the offset
    assert client.get(f"/api/v2/pages/{practice.pk}/").status_code == 200
