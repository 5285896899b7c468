#!/usr/bin/env python
"""Bot run: 300 bot posts against the submission form and the JSON API, and where each one ended.

The site runs under gunicorn (3 workers) with the production settings on a loopback port and a
SQLite database of its own (the database cache, as production without REDIS_URL; `--redis-url` for
Redis). Every bot post comes from its own loopback address (127.0.x.y, all of which reach the server
on Linux), so the per-address rate limit applies as it would on the internet. The kinds of post:

- no wait: a fresh challenge, sent at once (faster than SUBMISSION_CHALLENGE_MIN_SECONDS)
- honeypot: the hidden field filled in
- forged: a made-up challenge, or one signed with another key
- replayed: one valid challenge, sent again from its own and from other addresses (form and API)
- spoofed X-Forwarded-For: a challenge got by one address, sent from another that claims to be it
- X-Forwarded-For rotation: one address, a new forged X-Forwarded-For each time, to dodge the limit
- JSON API: no wait, forged, replayed and honeypot posts through POST /api/v2/submissions/
- mixed: a random kind each, through the form or the API

Then the bots confirm every address they were mailed a confirmation link for, as a bot that owns its
mailboxes would, and the table shows how many posts of each kind ended as "new" (in the moderators'
queue), "unconfirmed", "spam" or were refused (429 rate limit, 400, 403). A few genuine posts
(a fresh challenge, waited for) are shown as a control; they are not among the 300.

    /work/main/.venv/bin/python benchmarks/bots.py            # or: python benchmarks/bots.py --seed 7
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_SECONDS = 3.2  # production's SUBMISSION_CHALLENGE_MIN_SECONDS (3), and a little more
KINDS = [
    ("no-wait", "no wait (form)", 40),
    ("honeypot", "honeypot filled (form)", 40),
    ("forged", "forged challenge (form and API)", 40),
    ("replayed", "replayed challenge (form and API)", 40),
    ("spoofed", "spoofed X-Forwarded-For (form)", 40),
    ("rotation", "X-Forwarded-For rotation, one address", 30),
    ("api", "JSON API (no wait, forged, replayed, honeypot)", 40),
    ("mixed", "mixed", 30),
]


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=14, help="random seed of the mixed posts (14)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--redis-url", default="", help="count in Redis instead of the database cache")
    parser.add_argument("--genuine", type=int, default=5, help="genuine control posts, not counted as bots (5)")
    return parser.parse_args()


def free_port():
    """A loopback TCP port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """The site under gunicorn with production settings on its own SQLite file."""

    def __init__(self, workers, redis_url):
        """Create and migrate the database; nothing runs yet."""
        self.folder = Path(tempfile.mkdtemp(prefix="mc-bots-"))
        self.database = self.folder / "db.sqlite3"
        self.port = free_port()
        self.workers = workers
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="site_config.settings.bots",
            DJANGO_SECRET_KEY="bots-" + secrets.token_hex(24),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SECURE_SSL_REDIRECT="false",
            DATABASE_URL=f"sqlite:///{self.database}",
            MEDIA_ROOT=str(self.folder / "media"),
            LOG_LEVEL="WARNING",
        )
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=self.env, check=True
        )
        self.process = None

    def start(self):
        """Start gunicorn and wait until the site answers."""
        self.log = open(self.folder / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "site_config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(self.workers), "--threads", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            if self.process.poll() is not None:
                sys.exit("gunicorn exited:\n" + (self.folder / "gunicorn.log").read_text())
            try:
                if request("127.0.0.1", self.port, "GET", "/healthz/")[0] in (200, 503):
                    return self
            except OSError:
                time.sleep(0.3)
        sys.exit("gunicorn did not start")

    def stop(self):
        """Stop gunicorn."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


def request(source, port, method, path, body=None, headers=None):
    """One HTTP request from the loopback address `source`; returns (status, headers, text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        connection.close()


class Bot:
    """One bot at one loopback address, with the form's cookie once it has loaded the form."""

    def __init__(self, site, source):
        """A bot posting from `source`."""
        self.site, self.source, self.cookie, self.csrf = site, source, "", ""

    def form_challenge(self, **headers):
        """Load the form like a browser: its challenge, CSRF token and cookie."""
        status, response_headers, html = request(self.source, self.site.port, "GET", "/en/submit/", headers=headers)
        assert status == 200, status
        cookie = response_headers.get("Set-Cookie", "")
        self.cookie = cookie.split(";", 1)[0]
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return re.search(r'name="challenge" value="([^"]+)"', html).group(1)

    def api_challenge(self):
        """A challenge from GET /api/v2/submissions/challenge/."""
        return json.loads(request(self.source, self.site.port, "GET", "/api/v2/submissions/challenge/")[2])["challenge"]

    def post_form(self, title, challenge, honeypot="", **headers):
        """Send the form; returns the HTTP status (302 means stored)."""
        if not self.csrf:
            self.form_challenge()
        fields = submission_fields(title) | {"consent": "on", "website": honeypot, "challenge": challenge}
        fields["csrfmiddlewaretoken"] = self.csrf
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie, **headers}
        return request(self.source, self.site.port, "POST", "/en/submit/", urllib.parse.urlencode(fields), headers)[0]

    def post_api(self, title, challenge, honeypot="", **headers):
        """Send the submission as JSON; returns the HTTP status (201 means stored)."""
        body = submission_fields(title) | {"consent": True, "challenge": challenge}
        if honeypot:
            body["website"] = honeypot
        headers = {"Content-Type": "application/json", **headers}
        return request(self.source, self.site.port, "POST", "/api/v2/submissions/", json.dumps(body), headers)[0]


def submission_fields(title):
    """What a bot fills in; the title tells the post apart in the database."""
    return {
        "kind": "practice",
        "municipality_name": "Kempen",
        "country": "DE",
        "title": title,
        "summary": "Cheap pills and a welcome café.",
        "submitter_name": "Bot",
        "email": f"{title.replace(' ', '-')}@bots.example",
    }


def forged_challenge(genuine):
    """A made-up challenge: the shape of a real one with another signature, or plain garbage."""
    return random.choice(
        [
            genuine.rsplit(":", 1)[0] + ":" + secrets.token_urlsafe(32)[:43],  # re-signed by guesswork
            f"{int(time.time())}:{secrets.token_hex(12)}:{secrets.token_hex(8)}:abc:def",
            "",
        ]
    )


class Addresses:
    """Hands out a fresh loopback address for each bot."""

    def __init__(self):
        """Start after 127.0.0.1, which the genuine posts and the confirmations use."""
        self.next = 2

    def __call__(self):
        """The next address, 127.0.x.y."""
        number, self.next = self.next, self.next + 1
        return f"127.0.{number // 250}.{number % 250 + 2}"


def plan(site, rng):
    """Every post as (kind, title, function to send it); challenges fetched and waited for first."""
    address = Addresses()
    posts = []  # (kind, title, prepared callable)
    waited = []  # posts whose challenge must be older than MIN_SECONDS

    def add(kind, n, send, needs_wait):
        title = f"bot {kind} {n}"
        (waited if needs_wait else posts).append((kind, title, send))

    # The stamp everybody replays; its own first use is a genuine-looking post, sent before all others
    # and shown on a row of its own.
    owner = Bot(site, address())
    replayed = owner.form_challenge()
    first_use = ("first use", "bot first-use 0", lambda title: owner.post_form(title, replayed))

    def no_wait(bot, api=False):
        if api:
            return lambda title: bot.post_api(title, bot.api_challenge())
        return lambda title: bot.post_form(title, bot.form_challenge())

    def honeypot(bot, challenge, api=False):
        post = bot.post_api if api else bot.post_form
        return lambda title: post(title, challenge, honeypot="http://cheap-pills.example")

    def forged(bot, api=False):
        post = bot.post_api if api else bot.post_form
        return lambda title: post(title, forged_challenge(replayed))

    def replay(bot, api=False):
        post = bot.post_api if api else bot.post_form
        return lambda title: post(title, replayed)

    def spoofed(bot, victim_address):
        victim = Bot(site, victim_address)
        challenge = victim.form_challenge()
        return lambda title: bot.post_form(title, challenge, **{"X-Forwarded-For": victim_address})

    for n in range(40):
        add("no-wait", n, no_wait(Bot(site, address())), False)
    for n in range(40):
        bot = Bot(site, address())
        add("honeypot", n, honeypot(bot, bot.form_challenge()), True)
    for n in range(40):
        add("forged", n, forged(Bot(site, address()), api=n % 2 == 1), False)
    replayers = [Bot(site, owner.source)] + [Bot(site, address()) for _ in range(19)]
    for n in range(40):
        add("replayed", n, replay(replayers[n % 20], api=n % 2 == 1), True)
    for n in range(40):
        add("spoofed", n, spoofed(Bot(site, address()), address()), True)
    flooder = Bot(site, address())
    for n in range(30):
        challenge = flooder.form_challenge()
        forged_ip = f"203.0.113.{n + 1}"
        add(
            "rotation",
            n,
            (lambda c, ip: lambda title: flooder.post_form(title, c, **{"X-Forwarded-For": ip}))(challenge, forged_ip),
            True,
        )
    for n in range(40):
        bot = Bot(site, address())
        choice = ["no-wait", "forged", "replayed", "honeypot"][n % 4]
        send = {
            "no-wait": lambda b=bot: no_wait(b, api=True),
            "forged": lambda b=bot: forged(b, api=True),
            "replayed": lambda b=bot: replay(b, api=True),
            "honeypot": lambda b=bot: honeypot(b, b.api_challenge(), api=True),
        }[choice]()
        add("api", n, send, choice in ("replayed", "honeypot"))
    for n in range(30):
        bot = Bot(site, address())
        choice = rng.choice(["no-wait", "forged", "replayed", "honeypot", "spoofed"])
        api = rng.random() < 0.5 and choice != "spoofed"
        send = {
            "no-wait": lambda b=bot, a=api: no_wait(b, a),
            "forged": lambda b=bot, a=api: forged(b, a),
            "replayed": lambda b=bot, a=api: replay(b, a),
            "honeypot": lambda b=bot, a=api: honeypot(b, b.api_challenge() if a else b.form_challenge(), a),
            "spoofed": lambda b=bot: spoofed(b, address()),
        }[choice]()
        add("mixed", n, send, choice in ("replayed", "honeypot", "spoofed"))
    return first_use, posts, waited


def genuine_posts(site, count):
    """Genuine submissions (a fresh challenge, waited for), each from its own address: the control."""
    bots = [Bot(site, f"127.0.200.{n + 2}") for n in range(count)]
    return [
        ("genuine", f"genuine {n}", (lambda one, c: lambda title: one.post_form(title, c))(b, b.form_challenge()))
        for n, b in enumerate(bots)
    ]


def confirm_every_mailbox(site):
    """Follow every confirmation link in the stored e-mails and press the button, as a bot with its own
    mailboxes would; returns how many links were followed."""
    with sqlite3.connect(site.database) as db:
        bodies = [row[0] for row in db.execute("SELECT body FROM submissions_notification WHERE kind = 'confirmation'")]
    for body in bodies:
        path = urllib.parse.urlsplit(re.search(r"http://\S+/submit/confirm/\S+/", body).group(0)).path
        status, headers, html = request("127.0.0.1", site.port, "GET", path)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status == 200 and csrf:
            cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf.group(1)})
            request(
                "127.0.0.1",
                site.port,
                "POST",
                path,
                body,
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )
    return len(bodies)


def run(args):
    """Start the site, send everything, confirm the mailboxes, print the table; returns the rows."""
    rng = random.Random(args.seed)
    random.seed(args.seed)
    site = Site(args.workers, args.redis_url).start()
    try:
        first_use, posts, waited = plan(site, rng)
        control = genuine_posts(site, args.genuine)
        time.sleep(MIN_SECONDS)  # the challenges of the waiting kinds are old enough now
        answers = [(first_use[0], first_use[1], first_use[2](first_use[1]))]
        everything = posts + waited + control
        rng.shuffle(everything)
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers += list(pool.map(lambda post: (post[0], post[1], post[2](post[1])), everything))
        confirmed_links = confirm_every_mailbox(site)
        with sqlite3.connect(site.database) as db:
            stored = dict(db.execute("SELECT title, status FROM submissions_submission"))
            reasons = Counter(
                reason
                for (reason,) in db.execute("SELECT spam_reasons FROM submissions_submission WHERE status='spam'")
            )
    finally:
        site.stop()

    table = defaultdict(Counter)
    for kind, title, status in answers:
        row = table[kind]
        row["posts"] += 1
        if title in stored:
            row[stored[title]] += 1
        else:
            row[f"refused {status}"] += 1
            row["refused"] += 1
    print_table(table, confirmed_links, reasons)
    return table


def print_table(table, confirmed_links, reasons):
    """The result: one row per kind of post."""
    labels = {key: label for key, label, _count in KINDS} | {
        "first use": "(first use of the replayed challenge)",
        "genuine": "(control: genuine posts, not bots)",
    }
    order = [key for key, _label, _count in KINDS] + ["first use", "genuine"]
    header = f"{'kind of post':48} {'posts':>5} {'new':>5} {'unconf.':>7} {'spam':>5} {'refused':>7}"
    print(header)
    print("-" * len(header))
    bots = Counter()
    for key in order:
        row = table.get(key, Counter())
        if key in ("first use",):
            print("-" * len(header))
        print(
            f"{labels[key]:48} {row['posts']:5} {row['new']:5} {row['unconfirmed']:7} {row['spam']:5} "
            f"{row['refused']:7}"
        )
        if key in labels and key not in ("first use", "genuine"):
            bots.update(row)
    print("-" * len(header))
    print(
        f"{'all 300 bot posts':48} {bots['posts']:5} {bots['new']:5} {bots['unconfirmed']:7} {bots['spam']:5} "
        f"{bots['refused']:7}"
    )
    refusals = Counter()
    for row in table.values():
        refusals.update({k: v for k, v in row.items() if k.startswith("refused ")})
    print(f"\nRefusals by HTTP status: {dict(refusals)}; confirmation links followed by the bots: {confirmed_links}")
    print("Spam reasons: " + "; ".join(f"{reason or '(none)'}: {n}" for reason, n in reasons.most_common()))


def main():
    """Run, and fail (exit 1) if a replayed or forged challenge ended as "new"."""
    table = run(parse_args())
    leaked = sum(table[key]["new"] for key in ("replayed", "forged", "spoofed", "no-wait", "honeypot"))
    if leaked:
        sys.exit(f"{leaked} replayed, forged, spoofed, hasty or honeypot posts ended as new")


if __name__ == "__main__":
    main()
