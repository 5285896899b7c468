"""Production logs are JSON lines on stdout (one per request with path, status and duration), and
errors reach the error tracker (Sentry) only when SENTRY_DSN is set. Each case runs the production
settings in a subprocess; the "Sentry" is a local HTTP server that keeps what it receives."""

import gzip
import json
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from tests.servers import ROOT, free_port, production_env

REQUEST = """
import django, sentry_sdk
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get({path!r}, HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
print("STATUS", response.status_code, "SENTRY", sentry_sdk.get_client().is_active(), flush=True)
sentry_sdk.flush(timeout=10)
"""


def run_request(path, database_url, **env):
    """Request `path` in a fresh process with production settings; returns (status line, JSON records)."""
    result = subprocess.run(
        [sys.executable, "-c", REQUEST.format(path=path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=production_env(database_url, **env),
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    status = next(line for line in lines if line.startswith("STATUS"))
    return status, [json.loads(line) for line in lines if not line.startswith("STATUS")]


@pytest.fixture
def tracker():
    """A stand-in Sentry server on a free port; yields (dsn, list of received envelopes as text)."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("Content-Encoding") == "deflate":
                body = zlib.decompress(body)
            received.append((self.path, body.decode(errors="replace")))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://publickey@127.0.0.1:{port}/42", received
    server.shutdown()
    server.server_close()


def test_a_request_is_logged_as_one_json_line_with_path_status_and_duration(tmp_path):
    # Redis as the cache: production's database cache would need a migrated database for /healthz/ to be 200.
    status, records = run_request(
        reverse("healthz"), f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL="redis://127.0.0.1:6379/0"
    )

    assert status == "STATUS 200 SENTRY False"
    request = next(r for r in records if r["logger"] == "operations.request")
    assert request["message"] == "request" and request["level"] == "INFO"
    assert request["method"] == "GET" and request["path"] == "/healthz/" and request["status"] == 200
    assert isinstance(request["duration_ms"], float) and request["duration_ms"] >= 0
    assert "time" in request


def test_errors_go_to_sentry_when_a_dsn_is_set(tracker):
    dsn, received = tracker
    unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/nothing"

    status, records = run_request("/en/", unreachable, SENTRY_DSN=dsn)

    assert status == "STATUS 503 SENTRY True"
    assert any(r["logger"] == "operations.request" and r["status"] == 503 and r["level"] == "ERROR" for r in records)
    error = next(r for r in records if r["logger"] == "django.request")
    assert "OperationalError" in error["exc_info"]
    assert received, "no event reached the error tracker"
    path, envelope = received[0]
    assert path == "/api/42/envelope/"
    assert "OperationalError" in envelope and '"environment":"production"' in envelope.replace(" ", "")


def test_nothing_is_sent_without_a_dsn(tracker, tmp_path):
    _, received = tracker
    unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/nothing"

    status, _ = run_request("/en/", unreachable)

    assert status == "STATUS 503 SENTRY False"
    assert received == []
