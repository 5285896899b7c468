"""The database goes away mid-request: visitors get the 503 page with Retry-After, a submission
cut off half-way leaves nothing behind, and the site serves again by itself once PostgreSQL is back.

A PostgreSQL server of the test's own (initdb into a temporary directory, on a free port; the shared
server on 5432 is never touched) and the site with production settings in a subprocess."""

import json
import threading
import time

import psycopg
import pytest
from django.urls import reverse

from tests.servers import SiteServer, ThrowawayPostgres, manage, postgres_bin, production_env

pytestmark = pytest.mark.skipif(
    postgres_bin() is None,
    reason="PostgreSQL server programs (initdb, pg_ctl) are not installed under /usr/lib/postgresql",
)
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A throwaway PostgreSQL server, migrated, and the site running against it."""
    postgres = ThrowawayPostgres()
    site = None
    try:
        postgres.start()
        env = production_env(
            postgres.url,
            DATABASE_CONN_MAX_AGE=60,
            SUBMISSION_RATE_LIMIT_COUNT=1000,
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        )
        manage(env, "migrate", "--no-input", "-v0")
        site = SiteServer(env).start()
        yield postgres, site
    finally:
        if site:
            site.stop()
        postgres.remove()


def submission(challenge, title):
    """A valid JSON submission body."""
    return json.dumps(
        {
            "kind": "practice",
            "municipality_name": "Kempen",
            "country": "DE",
            "title": title,
            "summary": "The town runs a welcome café for newcomers.",
            "submitter_name": "Ana Example",
            "email": "ana@example.org",
            "consent": True,
            "challenge": challenge,
        }
    ).encode()


def challenges(site, count):
    """Fresh challenges, old enough (SUBMISSION_CHALLENGE_MIN_SECONDS) that posts count as genuine."""
    tokens = [
        json.loads(site.request("GET", reverse("api_submission_challenge"))[2])["challenge"] for _ in range(count)
    ]
    time.sleep(3.2)
    return tokens


def rows(postgres, title):
    """Submissions and their e-mail notifications stored under `title`, read straight from PostgreSQL."""
    with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as db:
        submissions = db.execute("SELECT count(*) FROM submissions_submission WHERE title = %s", [title]).fetchone()[0]
        notifications = db.execute(
            "SELECT count(*) FROM submissions_notification n JOIN submissions_submission s "
            "ON s.id = n.submission_id WHERE s.title = %s",
            [title],
        ).fetchone()[0]
    return submissions, notifications


def wait_for_lock_waiter(db, table, timeout=20):
    """Block until some session waits for the lock on `table` (the request is half-way through)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s", [f"%{table}%"]
        ).fetchone()[0]
        if waiting:
            return
        time.sleep(0.1)
    raise AssertionError(f"No request reached the insert into {table}")


def test_outage_gives_503_leaves_no_half_submission_and_recovers_by_itself(stack):
    postgres, site = stack
    api_pages = reverse("wagtailapi:pages:listing")
    assert site.request("GET", reverse("healthz"))[0] == 200
    assert site.request("GET", api_pages)[0] == 200
    cut_off, refused, after = challenges(site, 3)

    # A submission dies half-way: its row is inserted, then the insert of its e-mail notification
    # waits for a lock we hold, and the server is stopped under it.
    locker = psycopg.connect(postgres.url.replace("postgres://", "postgresql://"))
    locker.execute("LOCK TABLE submissions_notification IN ACCESS EXCLUSIVE MODE")
    answers = {}
    posting = threading.Thread(
        target=lambda: answers.update(
            cut=site.request("POST", reverse("api_submission_create"), submission(cut_off, "Cut off half-way"), JSON)
        )
    )
    posting.start()
    with psycopg.connect(postgres.url.replace("postgres://", "postgresql://"), autocommit=True) as watcher:
        wait_for_lock_waiter(watcher, "submissions_notification")
    postgres.stop("fast")
    posting.join(timeout=30)
    locker.close()

    status, headers, html = answers["cut"]
    assert status == 503
    assert headers["Retry-After"] == "30"

    # While it is down: the 503 page for people, 503 from the health check, and a new post refused.
    status, headers, html = site.request("GET", "/en/", headers={"Accept-Language": "en"})
    assert status == 503 and headers["Retry-After"] == "30" and "no-store" in headers["Cache-Control"]
    assert "Temporarily unavailable" in html and "Please try again in 30 seconds." in html
    status, _, body = site.request("GET", reverse("healthz"))
    assert status == 503 and json.loads(body)["database"]["ok"] is False
    assert (
        site.request("POST", reverse("api_submission_create"), submission(refused, "Sent while down"), JSON)[0] == 503
    )

    # The database returns: the same server process serves again without a restart.
    postgres.start()
    assert site.request("GET", reverse("healthz"))[0] == 200
    assert site.request("GET", api_pages)[0] == 200
    assert rows(postgres, "Cut off half-way") == (0, 0)
    assert rows(postgres, "Sent while down") == (0, 0)
    status, _, body = site.request("POST", reverse("api_submission_create"), submission(after, "Sent after"), JSON)
    assert status == 201, body
    assert rows(postgres, "Sent after")[0] == 1 and rows(postgres, "Sent after")[1] >= 1
    assert site.process.poll() is None
