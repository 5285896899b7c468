#!/usr/bin/env python
"""How the map feels in a browser with many places: time from navigation until all markers are
on the map, and from a filter change until the map shows the result (median of several runs),
in Debian's Chromium driven by Playwright, against the site served on 127.0.0.1.

    .venv/bin/python benchmarks/map_browser.py [PLACES]     # default 10,000
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env, places):
    """Migrate a throw-away database and fill it with `places` municipalities."""
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from cityprofiles.scale import seed_municipalities\n"
        f"seed_municipalities({places})\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


def main():
    places = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    tmp = tempfile.TemporaryDirectory()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="site_config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp.name}/bench.sqlite3",
        MAP_TILE_URL="",
    )
    prepare(env, places)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            load_times, filter_times = [], []
            for _ in range(RUNS):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function(f"document.getElementById('map').dataset.count === '{places}'", timeout=60_000)
                load_times.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                page.select_option("#id_country", "DE")
                page.wait_for_function(
                    f"!['', '{places}'].includes(document.getElementById('map').dataset.count)", timeout=60_000
                )
                filter_times.append((time.perf_counter() - start) * 1000)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print(f"{places:,} places, Chromium headless, {RUNS} runs (median ms)")
    print(f"  navigation until every marker is on the map: {statistics.median(load_times):8.0f}")
    print(f"  filter change (country) until the map shows it: {statistics.median(filter_times):6.0f}")


if __name__ == "__main__":
    main()
