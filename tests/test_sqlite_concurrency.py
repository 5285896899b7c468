"""A burst of submissions at once against the default SQLite database (a file, WAL journal,
immediate transactions): every post is stored and none meets "database is locked".

The site runs with production settings in a subprocess (runserver handles each request in its
own thread, so the posts really write at the same time through separate connections)."""

import json
import sqlite3
import threading
import time

import pytest
from django.urls import reverse

from tests.servers import SiteServer, manage, production_env

# runserver's listen backlog is 10 connections: more at once would be refused by the socket, not
# the database. So the burst is 3 rounds of 10 posts that write at the same moment.
AT_ONCE, ROUNDS = 10, 3
POSTS = AT_ONCE * ROUNDS
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site on a migrated SQLite file of its own."""
    folder = tmp_path_factory.mktemp("sqlite-burst")
    database = folder / "db.sqlite3"
    env = production_env(f"sqlite:///{database}", SUBMISSION_RATE_LIMIT_COUNT=1000, MEDIA_ROOT=folder / "media")
    manage(env, "migrate", "--no-input", "-v0")
    server = SiteServer(env).start()
    try:
        yield server, database
    finally:
        server.stop()


def test_the_database_is_a_file_in_wal_mode(site):
    _, database = site
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_burst_of_parallel_submissions_is_stored_completely(site):
    server, database = site
    tokens = [
        json.loads(server.request("GET", reverse("api_submission_challenge"))[2])["challenge"] for _ in range(POSTS)
    ]
    time.sleep(3.2)  # challenges younger than SUBMISSION_CHALLENGE_MIN_SECONDS would count as spam
    start = threading.Barrier(AT_ONCE)
    answers = [None] * POSTS

    def post(i):
        body = json.dumps(
            {
                "kind": "practice",
                "municipality_name": "Kempen",
                "country": "DE",
                "title": f"Burst {i}",
                "summary": "The town runs a welcome café for newcomers.",
                "submitter_name": "Ana Example",
                "email": f"ana{i}@example.org",
                "consent": True,
                "challenge": tokens[i],
            }
        ).encode()
        start.wait(timeout=30)
        answers[i] = server.request("POST", reverse("api_submission_create"), body, JSON)

    for round_start in range(0, POSTS, AT_ONCE):
        threads = [threading.Thread(target=post, args=(i,)) for i in range(round_start, round_start + AT_ONCE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    statuses = [answer[0] for answer in answers]
    assert statuses == [201] * POSTS, [answer[2][:300] for answer in answers if answer[0] != 201]
    with sqlite3.connect(database) as db:
        titles = {row[0] for row in db.execute("SELECT title FROM submissions_submission WHERE status = 'unconfirmed'")}
        notifications = db.execute("SELECT count(*) FROM submissions_notification").fetchone()[0]
    assert titles == {f"Burst {i}" for i in range(POSTS)}
    assert notifications >= POSTS  # each receipt (held until the address is confirmed) stored with its submission
    assert "database is locked" not in server.output()
