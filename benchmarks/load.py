#!/usr/bin/env python
"""Load benchmark: the site under gunicorn on PostgreSQL with the scaled data, driven by wrk from a
second process on 127.0.0.1. Prints requests per second, median and 99th-percentile latency per
endpoint and its throughput as a share of a static file's of the same size as the map's GeoJSON,
then a mixed run (all endpoints plus submissions) that checks every accepted submission is stored.

    apt-get install -y wrk                      # the load generator (Debian package)
    .venv/bin/python benchmarks/load.py         # 20 s per endpoint, then 60 s mixed, 50 clients
    .venv/bin/python benchmarks/load.py --endpoint-duration 5 --duration 10 --clients 10   # a quick try

The database (default postgres://postgres@127.0.0.1:5432/movingcities_bench) is created when
missing, migrated, and seeded once with `seed_scale` (10,000 municipalities, 500 profiles, 5,000
practices); later runs reuse it. Settings: site_config.settings.benchmark (production settings,
Redis cache, submission time and rate limits relaxed: see that module).
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from setup_django import ROOT, setup

HERE = Path(__file__).resolve().parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/movingcities_bench"
YARDSTICK = "bench-yardstick.json"


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mixed run (60)")
    parser.add_argument("--endpoint-duration", type=int, default=20, help="seconds per endpoint (20)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load per endpoint first (2)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections (50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers (cores + 1)")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per gunicorn worker (4)")
    parser.add_argument(
        "--submit-every",
        type=int,
        default=10,
        help="in the mixed run, every N-th request of a wrk thread fetches a challenge and posts (10)",
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--municipalities", type=int, default=10_000)
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--practices", type=int, default=5_000)
    parser.add_argument(
        "--timeout", type=int, default=10, help="seconds after which wrk counts a request as failed (10)"
    )
    parser.add_argument("--only", help="comma-separated endpoint labels to measure (all by default)")
    return parser.parse_args()


def require_wrk():
    """The path of wrk, or exit with how to install it."""
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is not installed. On Debian or Ubuntu: sudo apt-get install -y wrk")
    return wrk


def ensure_database(url):
    """Create the benchmark database if it does not exist."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def environment(args, static_root):
    """The environment of the site (this process and gunicorn): the benchmark settings."""
    return {
        "DJANGO_SETTINGS_MODULE": "site_config.settings.benchmark",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "BENCH_STATIC_ROOT": str(static_root),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }


def prepare(args):
    """Migrate, seed (once), collect static files, write the yardstick; return the endpoints."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_scale", municipalities=args.municipalities, profiles=args.profiles, practices=args.practices)
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    endpoints = site_endpoints()
    client = Client(HTTP_HOST="127.0.0.1")
    geojson = client.get(endpoints["map GeoJSON"][0])
    assert geojson.status_code == 200, geojson.status_code
    (Path(os.environ["BENCH_STATIC_ROOT"]) / YARDSTICK).write_bytes(geojson.content)
    from django.conf import settings

    endpoints["static file (yardstick)"] = [settings.STATIC_URL + YARDSTICK]
    print(f"site ready in {time.perf_counter() - start:.0f} s; GeoJSON and yardstick: {len(geojson.content):,} bytes")
    connections.close_all()
    return endpoints


def site_endpoints():
    """Label → paths to GET in turn, found in the seeded site (so language prefixes are right)."""
    from django.urls import reverse
    from wagtail.models import Site

    from cityprofiles.models import CityProfilePage, PracticeIndexPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    practices = PracticeIndexPage.objects.live().first().url
    profiles = [p.url for p in CityProfilePage.objects.live().order_by("pk")[:10]]
    search, suggest, places = reverse("search"), reverse("search_autocomplete"), reverse("place_autocomplete")
    return {
        "home page": [home.url],
        "map GeoJSON": [reverse("map_geojson")],
        "city profile": profiles,
        "practice index, filtered": [
            f"{practices}?policy_field=housing&status=running",
            f"{practices}?country=DE&network=safe-harbours",
            f"{practices}?policy_field=health&country=IT",
        ],
        "search": [f"{search}?q={q}" for q in ("Berlin", "housing", "city+card", "Koln", "safe+harbour")],
        "autocomplete": [f"{suggest}?q={q}" for q in ("be", "ber", "berl", "ko", "kol", "ho", "hou", "gda")],
        "place suggestions": [f"{places}?q={q}" for q in ("kol", "mar", "gda", "san", "neu")]
        + [f"{places}?q=bre&country=DE"],
        "API pages": [
            "/api/v2/pages/?type=cityprofiles.CityProfilePage&fields=municipality(name,latitude,longitude)&limit=20",
            "/api/v2/pages/?type=cityprofiles.PracticePage&limit=20&offset=100",
        ],
        "API municipalities": [
            "/api/v2/municipalities/?country=DE&limit=20",
            "/api/v2/municipalities/?network=safe-harbours&limit=20&offset=20",
        ],
    }


def free_port():
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, method="GET", body=None, headers=None):
    """(status, body) of one request to the benchmark server."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_gunicorn(args, port, log):
    """gunicorn serving the site; returns once it answers."""
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "site_config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.worker_threads),
        "--timeout",
        "60",
        "--error-logfile",
        "-",
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(120):
        time.sleep(0.5)
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}); see {log.name}")
        try:
            get(port, "/healthz/")
            return server
        except OSError:
            continue
    stop(server)
    sys.exit(f"gunicorn did not answer within 60 s; see {log.name}")


def stop(server):
    """Stop gunicorn at once (SIGQUIT: requests still queued from wrk are dropped, not served)."""
    server.send_signal(signal.SIGQUIT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def settle(port, limit=120):
    """Wait until the server has worked off what a finished wrk run left queued (requests whose
    client is gone are still served), so it does not slow the next measurement."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        start = time.monotonic()
        get(port, "/healthz/")
        if time.monotonic() - start < 0.1:
            return
        time.sleep(0.5)


def preflight(port, endpoints):
    """Every path answers 200 (no redirect, no error) before it is measured."""
    for label, paths in endpoints.items():
        for path in paths:
            status, _ = get(port, path)
            if status != 200:
                sys.exit(f"{label}: GET {path} answered {status}, not 200")


def wrk(args, port, script, wrk_args, duration, env=None):
    """Run wrk with `script`; the JSON line its done() prints, as a dict."""
    command = [
        require_wrk(),
        f"-t{args.threads}",
        f"-c{args.clients}",
        f"-d{duration}s",
        "--timeout",
        f"{args.timeout}s",
        "-s",
        str(HERE / script),
        f"http://127.0.0.1:{port}",
        "--",
        *wrk_args,
    ]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=True)
    line = next((out for out in run.stdout.splitlines() if out.startswith("WRK_RESULT ")), None)
    if line is None:
        sys.exit(f"wrk printed no result:\n{run.stdout}\n{run.stderr}")
    result = json.loads(line.removeprefix("WRK_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("not_2xx", "connect", "read", "write", "timeout"))
    return result


def endpoint_table(results):
    """The per-endpoint figures as a Markdown table."""
    static = results.get("static file (yardstick)", {}).get("rps")
    lines = [
        "| endpoint | requests/s | median ms | p99 ms | errors | throughput vs static file |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        ratio = f"{r['rps'] / static:.3f}" if static else "–"
        errors = f"{r['errors']} ({r['timeout']} timeouts)" if r["timeout"] else str(r["errors"])
        latency = (
            f"{r['p50_us'] / 1000:,.1f} | {r['p99_us'] / 1000:,.1f}" if r["p50_us"] else "> timeout | > timeout"
        )  # wrk records no latency for requests that timed out
        lines.append(f"| {label} | {r['rps']:,.1f} | {latency} | {errors} | {ratio} |")
    return "\n".join(lines)


def mixed_paths(endpoints, per_endpoint=6):
    """Every endpoint's paths, `per_endpoint` requests each, interleaved."""
    columns = [[paths[i % len(paths)] for i in range(per_endpoint)] for paths in endpoints.values()]
    return [column[i] for i in range(per_endpoint) for column in columns]


def mixed_run(args, port, endpoints):
    """All endpoints and submissions together; checks every accepted submission is stored."""
    from django.urls import reverse

    from submissions.models import Submission

    run = secrets.token_hex(4)
    with tempfile.NamedTemporaryFile("r", suffix=".refs") as refs_file:
        wrk_args = [
            reverse("api_submission_challenge"),
            reverse("api_submission_create"),
            str(args.submit_every),
            run,
            *mixed_paths(endpoints),
        ]
        result = wrk(args, port, "load_mixed.lua", wrk_args, args.duration, {"WRK_REFS_FILE": refs_file.name})
        refs = [line for line in refs_file.read().splitlines() if line]
    stored = Submission.objects.filter(reference__in=refs)
    of_run = Submission.objects.filter(title__startswith=f"Load test {run} ")
    result.update(
        refs=len(refs),
        stored=stored.count(),
        of_run=of_run.count(),
        spam=of_run.filter(status=Submission.Status.SPAM).count(),
    )
    return result


def machine():
    """What the figures were measured on."""
    model = next(
        (
            row.split(":", 1)[1].strip()
            for row in Path("/proc/cpuinfo").read_text().splitlines()
            if row.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(row.split()[1]) for row in Path("/proc/meminfo").read_text().splitlines() if row.startswith("MemTotal")
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores ({model}), {memory / 2**20:.1f} GiB memory, PostgreSQL {pg}, "
        f"Python {platform.python_version()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def main():
    """Prepare the site, serve it, measure each endpoint, then the mixed run."""
    args = parse_args()
    require_wrk()
    ensure_database(args.database_url)
    static_root = Path(tempfile.gettempdir()) / "movingcities_bench_static"
    os.environ.update(environment(args, static_root))
    setup()
    endpoints = prepare(args)
    if args.only:
        wanted = {label.strip() for label in args.only.split(",")}
        endpoints = {label: paths for label, paths in endpoints.items() if label in wanted}
    print(f"machine: {machine()}")
    port = free_port()
    with tempfile.NamedTemporaryFile("w", prefix="gunicorn-", suffix=".log", delete=False) as log:
        server = start_gunicorn(args, port, log)
        try:
            preflight(port, endpoints)
            print(
                f"gunicorn: {args.workers} workers × {args.worker_threads} threads (gthread) on 127.0.0.1:{port}; "
                f"wrk: {args.threads} threads, {args.clients} connections, {args.endpoint_duration} s per endpoint"
            )
            results = {}
            for label, paths in endpoints.items():
                if args.warmup:
                    wrk(args, port, "load_paths.lua", paths, args.warmup)
                    settle(port)
                results[label] = wrk(args, port, "load_paths.lua", paths, args.endpoint_duration)
                settle(port)
                print(f"  {label}: {results[label]['rps']:,.1f} requests/s", flush=True)
            print()
            print(endpoint_table(results))
            print()
            mixed = mixed_run(args, port, endpoints)
        finally:
            stop(server)
    print(
        f"mixed run: {args.clients} clients, {args.duration} s: {mixed['requests']:,} requests "
        f"({mixed['rps']:,.1f}/s), median {mixed['p50_us'] / 1000:,.1f} ms, p99 {mixed['p99_us'] / 1000:,.1f} ms, "
        f"errors {mixed['errors']} (non-2xx {mixed['not_2xx']}, timeouts {mixed['timeout']}, "
        f"connect/read/write {mixed['connect']}/{mixed['read']}/{mixed['write']})"
    )
    print(
        f"submissions: {mixed['posted']} posted, {mixed['accepted']} accepted (2xx) and {mixed['stored']} of those "
        f"stored; {mixed['posted'] - mixed['accepted']} still in flight when the run ended, of which "
        f"{mixed['of_run'] - mixed['stored']} were stored afterwards; {mixed['spam']} kept as spam"
    )
    print(f"load average after the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; server log: {log.name}")
    lost = mixed["accepted"] - mixed["stored"]
    if mixed["errors"] or lost or mixed["accepted"] != mixed["refs"]:
        sys.exit(f"FAILED: {mixed['errors']} errors, {lost} accepted submissions not stored")


if __name__ == "__main__":
    main()
