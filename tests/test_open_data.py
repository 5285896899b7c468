"""Open data (/data/): every published municipality, membership, commitment and practice as CSV
and GeoJSON, under the stated licence, with documented columns; a filtered export holds exactly
what the map's list or the practice index shows with the same filters; nothing unpublished and
no submitter's data ever leaves."""

import csv
import datetime
import io
import json
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cityprofiles.gazetteer import locate
from cityprofiles.models import Membership, PracticePage
from submissions.models import Submission
from tests import factories as f
from tests.geojson_checks import check_feature_collection
from tests.test_moderation_decisions import decide
from tests.test_submissions import submit

pytestmark = pytest.mark.django_db

FILES = ["municipalities", "memberships", "commitments", "practices"]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def download(client, name, fmt, **params):
    """GET an export; returns the response and its whole body as text."""
    response = client.get(f"/data/{name}.{fmt}", params)
    assert response.status_code == 200, response.content
    return response, b"".join(response.streaming_content).decode()


def read_csv(client, name, **params):
    """An export parsed with csv.DictReader: (response, header, rows)."""
    response, body = download(client, name, "csv", **params)
    reader = csv.DictReader(io.StringIO(body, newline=""))
    return response, reader.fieldnames, list(reader)


def read_geojson(client, name, **params):
    """An export as a dict, checked to be a valid RFC 7946 FeatureCollection."""
    return check_feature_collection(json.loads(download(client, name, "geojson", **params)[1]))


@pytest.fixture
def world():
    """Places in four countries: members with commitments, a former member, profiles, practices,
    and things that must never be exported (a draft, a private practice, an unpublished profile)."""
    health = f.PolicyFieldFactory(slug="health", name="Health")
    housing = f.PolicyFieldFactory(slug="housing", name="Housing")
    harbours = f.NetworkFactory(slug="safe-harbours", name="Safe Harbours")
    criteria = [
        f.CommitmentCriterionFactory(network=harbours, key=key) for key in ("reception", "evacuation", "shelter")
    ]
    solidarity = f.NetworkFactory(slug="solidarity-cities", name="Solidarity Cities")
    f.CommitmentCriterionFactory(network=solidarity, key="welcome")
    found = locate("Palermo", "IT")
    palermo = f.MunicipalityFactory(
        name="Palermo", country="IT", region="Sicily", latitude=found.latitude, longitude=found.longitude
    )
    f.city_profile(municipality=palermo)
    f.MembershipFactory(municipality=palermo, network=solidarity)
    f.practice(municipality=palermo, policy_fields=[health], title="Health card for everyone")
    kiel = f.MembershipFactory(municipality__name="Kiel", network=harbours)
    for criterion in criteria[:2]:
        f.CommitmentStatusFactory(membership=kiel, criterion=criterion, fulfilled="no")
    f.MembershipFactory(
        municipality__name="Rostock", network=harbours, status="former", until=datetime.date(2022, 1, 31)
    )
    berlin = f.MembershipFactory(municipality__name="Berlin", network=harbours).municipality
    f.practice(municipality=berlin, policy_fields=[housing], title="Flats first")
    f.practice(municipality=berlin, title="Secret draft").unpublish()
    private = f.practice(municipality=berlin, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    utrecht = f.MunicipalityFactory(name="Utrecht", country="NL")
    f.practice(municipality=utrecht, policy_fields=[housing], title="Bed, bath, bread", status="ended")
    f.city_profile(municipality=utrecht, title="Utrecht draft profile").unpublish()
    nowhere = f.MunicipalityFactory(name="Nowhere", latitude=None, longitude=None)
    f.practice(municipality=nowhere, title="Placeless practice")
    return {"harbours": harbours, "criteria": criteria}


def test_page_offers_each_file_in_both_formats_with_licence_date_and_row_counts(client, world):
    response = client.get("/en/data/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{CC_BY}" rel="license">CC BY 4.0</a>' in html
    assert f'<time datetime="{timezone.localdate().isoformat()}">' in html
    for name in FILES:
        assert f'href="/data/{name}.csv"' in html and f'href="/data/{name}.geojson"' in html
    shown = {file["export"].slug: file["count"] for file in response.context["files"]}
    assert shown == {name: len(read_csv(client, name)[2]) for name in FILES}
    assert shown == {"municipalities": 5, "memberships": 4, "commitments": 10, "practices": 4}
    assert 'href="/en/data/"' in client.get("/en/").content.decode()  # the footer links here


def documented_columns(html, name):
    """The column names the /data/ page documents for one file, from its table."""
    table = re.search(rf'id="columns-{name}".*?</table>', html, re.S).group(0)
    rows = re.findall(r'<th scope="row"><code>([^<]+)</code></th><td>([^<]+)</td>', table)
    assert all(meaning.strip() for _name, meaning in rows)
    return [column for column, _meaning in rows]


def test_files_have_exactly_the_documented_columns(client, world):
    html = client.get("/en/data/").content.decode()
    for name in FILES:
        documented = documented_columns(html, name)
        _response, header, rows = read_csv(client, name)
        assert header == documented, name
        assert all(list(row) == documented and None not in row for row in rows)
        features = read_geojson(client, name)["features"]
        assert features and all(list(x["properties"]) == documented for x in features)


def test_every_file_carries_the_licence_and_the_export_date(client, world):
    today = timezone.localdate().isoformat()
    for name in FILES:
        for fmt in ("csv", "geojson"):
            response, _body = download(client, name, fmt)
            assert response["Link"] == f'<{CC_BY}>; rel="license"'
            assert response["Content-Disposition"] == f'attachment; filename="moving-cities-{name}-{today}.{fmt}"'
        collection = read_geojson(client, name, country="DE")
        assert collection["licence"] == {"name": "CC BY 4.0", "url": CC_BY}
        assert collection["source"]["url"] == "http://testserver/en/data/?country=DE"
        exported = datetime.datetime.fromisoformat(collection["exported_at"])
        assert abs(exported - timezone.now()) < datetime.timedelta(minutes=1)


def test_licence_is_a_setting(client, world, settings):
    odbl = "https://opendatacommons.org/licenses/odbl/1-0/"
    settings.OPEN_DATA_LICENCE_NAME, settings.OPEN_DATA_LICENCE_URL = "ODbL 1.0", odbl

    assert f'<a href="{odbl}" rel="license">ODbL 1.0</a>' in client.get("/en/data/").content.decode()
    assert download(client, "practices", "csv")[0]["Link"] == f'<{odbl}>; rel="license"'
    assert read_geojson(client, "commitments")["licence"]["name"] == "ODbL 1.0"


def test_positions_are_longitude_first_at_the_municipality(client, world):
    palermo = next(
        x for x in read_geojson(client, "municipalities")["features"] if x["properties"]["name"] == "Palermo"
    )
    longitude, latitude = palermo["geometry"]["coordinates"]
    assert longitude == pytest.approx(13.36, abs=0.02) and latitude == pytest.approx(38.12, abs=0.02)
    membership = next(
        x for x in read_geojson(client, "memberships")["features"] if x["properties"]["municipality"] == "Palermo"
    )
    assert membership["geometry"] == palermo["geometry"]
    placeless = next(
        x for x in read_geojson(client, "practices")["features"] if x["properties"]["title"] == "Placeless practice"
    )
    assert placeless["geometry"] is None


def test_commitments_give_every_criterion_of_every_membership(client, world):
    rows = read_csv(client, "commitments", network="safe-harbours")[2]
    kiel = [(r["criterion"], r["decided"], r["fulfilled"]) for r in rows if r["municipality"] == "Kiel"]

    assert kiel == [("reception", "yes", "no"), ("evacuation", "yes", "no"), ("shelter", "unknown", "unknown")]
    members = read_geojson(client, "memberships", network="safe-harbours")["features"]
    assert len(rows) == len(members) * 3 == 6  # current members only, as the map's network filter


def test_memberships_keep_ended_ones_with_their_dates(client, world):
    rows = {r["municipality"]: r for r in read_csv(client, "memberships")[2]}

    assert rows["Rostock"]["status"] == "former" and rows["Rostock"]["until"] == "2022-01-31"
    assert rows["Kiel"]["until"] == "" and rows["Kiel"]["network"] == "safe-harbours"
    assert Membership.objects.count() == len(rows)


def test_drafts_private_pages_and_unplaced_municipalities_never_appear(client, world):
    _response, _header, practices = read_csv(client, "practices")
    titles = sorted(row["title"] for row in practices)
    assert titles == ["Bed, bath, bread", "Flats first", "Health card for everyone", "Placeless practice"]
    assert sorted(x["properties"]["title"] for x in read_geojson(client, "practices")["features"]) == titles
    places = {row["name"]: row for row in read_csv(client, "municipalities")[2]}
    assert sorted(places) == ["Berlin", "Kiel", "Palermo", "Rostock", "Utrecht"]  # Nowhere has no position
    assert places["Utrecht"]["has_profile"] == "false" and places["Palermo"]["has_profile"] == "true"
    assert places["Berlin"]["practices"] == "1"  # the draft and the private practice do not count
    assert places["Palermo"]["url"].startswith("http://testserver/en/cities/")
    assert places["Kiel"]["url"] == "http://testserver/en/municipalities/kiel/"
    for name in FILES:
        for fmt in ("csv", "geojson"):
            body = download(client, name, fmt)[1]
            assert "Secret draft" not in body and "Members only" not in body and "Utrecht draft profile" not in body


def test_submitter_data_never_appears(client, moderator):
    f.practice_index()
    submit(
        client,
        municipality_name="Kempen",
        title="Welcome café",
        submitter_name="Ana Example",
        email="ana@example.org",
        organisation="Welcome Circle e.V.",
        role="Volunteer coordinator",
    )
    f.confirm_email(client, "ana@example.org")
    decide(client, moderator, Submission.objects.get(), "accept")
    page = PracticePage.objects.get(title="Welcome café")
    state = page.current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "approve")

    assert [row["title"] for row in read_csv(client, "practices")[2]] == ["Welcome café"]
    for name in FILES:
        for fmt in ("csv", "geojson"):
            body = download(client, name, fmt)[1]
            for secret in ("Ana Example", "ana@example.org", "Welcome Circle", "Volunteer coordinator"):
                assert secret not in body


MAP_FILTERS = [
    {},
    {"country": "DE"},
    {"network": "safe-harbours"},
    {"policy_field": "housing"},
    {"kind": "profile"},
    {"kind": "practice", "country": "DE"},
    {"kind": "member"},
    {"q": "o"},
    {"bbox": "9,50,14,56"},
    {"network": "safe-harbours", "q": "kiel"},
    {"country": "FR"},
]


@pytest.mark.parametrize("params", MAP_FILTERS)
def test_filtered_places_equal_the_map_and_its_list(client, world, params):
    places = read_csv(client, "municipalities", **params)[2]
    exported = [row["name"] for row in places]

    home = client.get("/en/", params).context
    assert exported == [row["municipality"].name for row in home["place_rows"]]
    assert len(exported) == home["places"].paginator.count
    on_map = client.get("/api/v2/map/", params).json()["features"]
    assert sorted(exported) == sorted(x["properties"]["n"] for x in on_map)
    assert [x["properties"]["name"] for x in read_geojson(client, "municipalities", **params)["features"]] == exported
    memberships = read_csv(client, "memberships", **params)[2]
    assert {row["municipality"] for row in memberships} <= set(exported)
    current = sorted((row["municipality"], row["network"]) for row in memberships if not row["until"])
    assert current == sorted(
        (row["name"], slug)
        for row in places
        for slug in row["networks"].split(";")
        if slug and params.get("network", slug) == slug
    )
    commitments = read_csv(client, "commitments", **params)[2]
    criteria = {"safe-harbours": 3, "solidarity-cities": 1}
    assert len(commitments) == sum(criteria[row["network"]] for row in memberships)


PRACTICE_FILTERS = [
    {},
    {"policy_field": "housing"},
    {"country": "DE"},
    {"network": "safe-harbours"},
    {"status": "ended"},
    {"country": "NL", "status": "ended"},
    {"policy_field": "health", "country": "DE"},
]


@pytest.mark.parametrize("params", PRACTICE_FILTERS)
def test_filtered_practices_equal_the_practice_index(client, world, params):
    exported = [row["title"] for row in read_csv(client, "practices", **params)[2]]

    index = client.get("/en/practices/", params).context["practices"]
    assert exported == [practice.title for practice in index.object_list]
    assert len(exported) == index.paginator.count
    assert [x["properties"]["title"] for x in read_geojson(client, "practices", **params)["features"]] == exported


@pytest.mark.parametrize(
    "name, params, parameter",
    [
        ("municipalities", {"colour": "red"}, "colour"),
        ("municipalities", {"status": "ended"}, "status"),
        ("memberships", {"network": "no-such-network"}, "network"),
        ("commitments", {"country": "XX"}, "country"),
        ("municipalities", {"bbox": "0,80,10,91"}, "bbox"),
        ("practices", {"kind": "profile"}, "kind"),
        ("practices", {"policy_field": "nothing"}, "policy_field"),
        ("practices", {"status": "forgotten"}, "status"),
    ],
)
def test_invalid_filters_get_a_400_naming_the_parameter(client, name, params, parameter):
    for fmt in ("csv", "geojson"):
        response = client.get(f"/data/{name}.{fmt}", params)
        assert response.status_code == 400
        assert response.json()["error"]["parameter"] == parameter and response.json()["error"]["message"]
    assert client.get("/data/municipalities.csv?country=DE&country=NL").json()["error"]["parameter"] == "country"
    assert client.get(f"/data/{name}.xlsx").status_code == 404


def test_page_with_an_invalid_filter_says_so_with_a_400(client, world):
    response = client.get("/en/data/", {"network": "no-such-network", "utm_source": "newsletter"})

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "There is no such network." in html and 'role="alert"' in html and 'href="/data/municipalities.csv' not in html
    )
    assert client.get("/en/data/", {"country": "DE", "utm_source": "newsletter"}).status_code == 200


def test_filtered_views_link_to_their_own_download(client, world):
    home = client.get("/en/", {"country": "DE", "kind": "", "page": "1"}).content.decode()
    assert 'href="/data/municipalities.csv?country=DE"' in home
    assert 'href="/data/municipalities.geojson?country=DE"' in home
    index = client.get("/en/practices/", {"status": "ended", "page": "1"}).content.decode()
    assert 'href="/data/practices.csv?status=ended"' in index
    assert [r["title"] for r in read_csv(client, "practices", status="ended")[2]] == ["Bed, bath, bread"]
    page = client.get("/en/data/", {"country": "NL", "status": "ended"}).content.decode()
    assert 'href="/data/municipalities.csv?country=NL"' in page  # the place filters only
    assert 'href="/data/practices.csv?country=NL&amp;status=ended"' in page


def grow(network, criteria, n):
    """Add n more members with commitments and practices (for constant query counts)."""
    for _ in range(n):
        membership = f.MembershipFactory(network=network)
        for criterion in criteria:
            f.CommitmentStatusFactory(membership=membership, criterion=criterion)
        f.practice(municipality=membership.municipality, policy_fields=[f.PolicyFieldFactory(slug="health")])


def queries(client, url, django_assert_max_num_queries, limit):
    """How many queries a GET of `url` makes, its streamed body included (at most `limit`).

    A first request, read to its end, fills the caches (site, locales) the measured one then uses.
    """
    warm_up = client.get(url)
    b"".join(warm_up.streaming_content) if warm_up.streaming else warm_up.content
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(captured)


@pytest.mark.parametrize(
    "url, limit",
    [
        # the page's two for languages: the locale lookup and the language switcher
        ("/en/data/", 16),
        ("/en/data/?country=DE&network=safe-harbours&status=running", 18),
        ("/data/municipalities.csv", 9),
        ("/data/memberships.geojson?network=safe-harbours", 5),
        ("/data/commitments.csv", 6),
        ("/data/practices.geojson?policy_field=health", 6),
    ],
)
def test_query_counts_stay_the_same_with_more_content(client, world, django_assert_max_num_queries, url, limit):
    before = queries(client, url, django_assert_max_num_queries, limit)
    grow(world["harbours"], world["criteria"], 5)
    assert queries(client, url, django_assert_max_num_queries, limit) == before
