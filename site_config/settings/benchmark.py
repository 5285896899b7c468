"""Settings for benchmarks/load.py: the production settings, as a deployment runs them (from the
environment the script sets), with two changes so that one load generator on 127.0.0.1 can post
many submissions: the minimum time between challenge and post is 0 seconds, and the per-address
rate limit is out of reach. Plain HTTP on 127.0.0.1, so no redirect to HTTPS."""

import os

from .production import *  # noqa: F401,F403

SUBMISSION_CHALLENGE_MIN_SECONDS = 0
SUBMISSION_RATE_LIMIT = (10**9, 3600)
SECURE_SSL_REDIRECT = False
# Collected static files (and the yardstick file) outside the working tree.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/movingcities_bench_static")
