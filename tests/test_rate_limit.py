"""The submission rate limit never fails open: with Redis unreachable the count goes on in the
database, and several gunicorn workers with production settings share one count (Redis, or the
database cache when no REDIS_URL is set), so exactly the configured number of posts gets through."""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from django.urls import reverse

from operations.config import redis_cache
from submissions.models import RateLimitCount, Submission
from tests.servers import ROOT, SiteServer, free_port, manage, production_env
from tests.test_api_submissions import payload, post
from tests.test_health import closed_port
from tests.test_submissions import form_data

REDIS_URL = "redis://127.0.0.1:6379/0"
JSON = {"Content-Type": "application/json"}


@pytest.mark.django_db
def test_with_redis_unreachable_the_limit_still_holds_for_form_and_api(client, settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    settings.SUBMISSION_RATE_LIMIT = (3, 3600)

    answers = [client.post("/en/submit/", form_data()).status_code for _ in range(2)]
    answers += [post(client, payload(client)).status_code for _ in range(4)]

    assert answers == [302, 302, 201, 429, 429, 429]
    assert Submission.objects.count() == 3
    assert RateLimitCount.objects.get().count == 6  # counted in the database while Redis was away


@pytest.mark.django_db
def test_with_redis_running_the_count_is_kept_in_redis(client, settings):
    prefix = f"test-rate-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {"default": {**redis_cache(REDIS_URL), "KEY_PREFIX": prefix}}
    settings.SUBMISSION_RATE_LIMIT = (2, 3600)
    server = redis.Redis.from_url(REDIS_URL)
    try:
        answers = [post(client, payload(client)).status_code for _ in range(3)]

        assert answers == [201, 201, 429]
        [key] = list(server.scan_iter(f"{prefix}:*submissions:rate:*"))
        assert int(server.get(key)) == 3 and 0 < server.ttl(key) <= 3600
        assert not RateLimitCount.objects.exists()
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


class GunicornServer(SiteServer):
    """The site under gunicorn with several worker processes (what production runs)."""

    def __init__(self, env, workers=3):
        """Prepare gunicorn on a free loopback port."""
        super().__init__(env)
        self.workers = workers

    def start(self, timeout=90):
        """Start gunicorn and wait until every worker has booted and the site answers."""
        command = [sys.executable, "-m", "gunicorn", "site_config.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--log-level", "info"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            if self.output().count("Booting worker") >= self.workers:
                try:
                    if self.request("GET", "/healthz/")[0] in (200, 503):
                        return self
                except OSError:
                    pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start within {timeout} s:\n{self.output()}")


@pytest.fixture(scope="module")
def migrated_database():
    """A migrated database for the gunicorn runs (its database cache table made by migrate): a SQLite
    file, or a PostgreSQL database of its own on the server of DATABASE_URL when the tests run on
    PostgreSQL (dropped afterwards)."""
    folder = Path(tempfile.mkdtemp(prefix="mc-ratelimit-"))
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        database = f"sqlite:///{folder / 'db.sqlite3'}"
        manage(production_env(database), "migrate", "--no-input", "-v0")
        yield database, folder
        return
    name = f"mc_ratelimit_{uuid.uuid4().hex[:8]}"
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        database = urlsplit(url)._replace(path=f"/{name}").geturl()
        manage(production_env(database), "migrate", "--no-input", "-v0")
        yield database, folder
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize(
    ("cache", "health"),
    [
        pytest.param({}, 200, id="database-cache"),
        pytest.param({"REDIS_URL": REDIS_URL}, 200, id="redis"),
        pytest.param({"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}, 503, id="redis-unreachable"),
    ],
)
def test_three_gunicorn_workers_accept_exactly_the_configured_count(migrated_database, cache, health):
    database, folder = migrated_database
    limit, posts = 5, 18
    env = production_env(
        database,
        # A secret key of its own: the count (keyed by a salted hash of the address) starts at zero.
        DJANGO_SECRET_KEY=f"rate-limit-test-{uuid.uuid4().hex}" + "x" * 20,
        SUBMISSION_RATE_LIMIT_COUNT=limit,
        MEDIA_ROOT=folder / "media",
        **cache,
    )
    server = GunicornServer(env, workers=3).start()
    try:
        assert server.request("GET", "/healthz/")[0] == health  # the database cache's table was made by migrate
        challenges = [
            json.loads(server.request("GET", reverse("api_submission_challenge"))[2])["challenge"] for _ in range(posts)
        ]
        time.sleep(3.2)  # production's SUBMISSION_CHALLENGE_MIN_SECONDS

        def send(i):
            body = {
                "kind": "practice",
                "municipality_name": "Kempen",
                "title": f"Post {i}",
                "summary": "The town runs a welcome café for newcomers.",
                "submitter_name": "Ana Example",
                "email": "ana@example.org",
                "consent": True,
                "challenge": challenges[i],
            }
            return server.request("POST", reverse("api_submission_create"), json.dumps(body).encode(), JSON)[0]

        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(send, range(posts)))
        workers = {line.split("pid: ")[1].split(")")[0] for line in server.output().splitlines() if "pid: " in line}
    finally:
        server.stop()

    assert answers.count(201) == limit and answers.count(429) == posts - limit, answers
    assert len(workers) >= 3
