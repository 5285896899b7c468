"""Spam and abuse defences that need no outside service: a single-use signed challenge bound to the
visitor's address, a honeypot, a link limit and a per-address rate limit that never fails open.

The rate limit counts in Redis when the cache is Redis (one atomic INCR), and in the database
(`RateLimitCount`, an atomic increment) when there is no Redis or Redis cannot be reached: every
worker shares the count, and an outage never turns the limit off. Spent challenges are stored in the
database (`SpentChallenge`) for the same reason.
"""

import hashlib
import logging
import re
import secrets
from datetime import UTC, datetime, timedelta

import redis
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_redis.cache import RedisCache

from submissions.models import RateLimitCount, SpentChallenge

logger = logging.getLogger(__name__)

CHALLENGE_SALT = "submissions.challenge"
CHALLENGE_LONGEST_AGE = 2 * 3600  # a stamp is never valid longer than this, whatever the setting says
URL_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def client_address(request):
    """The visitor's address: REMOTE_ADDR, which ClientAddressMiddleware sets from X-Forwarded-For
    only behind TRUSTED_PROXY_COUNT trusted proxies (a header a visitor forges is ignored)."""
    return request.META.get("REMOTE_ADDR", "")


def client_fingerprint(address):
    """A salted hash of an address: enough to rate-limit and bind a challenge, not enough to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def challenge_max_age():
    """How long a challenge stays valid: SUBMISSION_CHALLENGE_MAX_AGE, at most two hours."""
    return min(settings.SUBMISSION_CHALLENGE_MAX_AGE, CHALLENGE_LONGEST_AGE)


def new_challenge(address):
    """A signed, single-use time stamp for the form (or the API), bound to the visitor's `address`."""
    value = f"{int(timezone.now().timestamp())}:{secrets.token_hex(12)}:{client_fingerprint(address)[:16]}"
    return signing.TimestampSigner(salt=CHALLENGE_SALT).sign(value)


def challenge_problem(value, address):
    """Why a challenge fails (forged, expired, another address, already used, too fast), or "" when it
    passes. A stamp that passes is spent: the same stamp fails as "challenge already used" next time."""
    signer = signing.TimestampSigner(salt=CHALLENGE_SALT)
    try:
        issued, nonce, bound_to = signer.unsign(value or "", max_age=challenge_max_age()).split(":")
        issued = int(issued)
    except signing.SignatureExpired:
        return "challenge expired"
    except (signing.BadSignature, ValueError):
        return "challenge missing or forged"
    if not secrets.compare_digest(bound_to, client_fingerprint(address)[:16]):
        return "challenge from another address"
    if not spend_challenge(nonce, issued):
        return "challenge already used"
    if timezone.now().timestamp() - issued < settings.SUBMISSION_CHALLENGE_MIN_SECONDS:
        return "sent too fast"
    return ""


def spend_challenge(nonce, issued):
    """Record the challenge's nonce as used; False when it was used before (a replay)."""
    expires_at = datetime.fromtimestamp(issued, tz=UTC) + timedelta(seconds=CHALLENGE_LONGEST_AGE)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on after a replay
            SpentChallenge.objects.create(nonce=nonce, expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def count_links(*texts):
    """How many web addresses the texts contain."""
    return sum(len(URL_PATTERN.findall(text or "")) for text in texts)


def rate_limited(request):
    """Count one submission from this address; True when it is over the limit for the window.

    Counted in Redis when the cache is Redis, else (or when Redis is unreachable) in the database.
    """
    limit, seconds = settings.SUBMISSION_RATE_LIMIT
    key = f"submissions:rate:{client_fingerprint(client_address(request))}"
    used = count_in_redis(key, seconds)
    if used is None:
        used = count_in_database(key, seconds)
    return used > limit


def count_in_redis(key, seconds):
    """Increment the count in Redis and return it; None when the cache is not Redis or Redis is away."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return None
    try:
        client = cache.client.get_client(write=True)
        full_key = cache.make_key(key)
        pipe = client.pipeline()
        pipe.incr(full_key)
        pipe.ttl(full_key)
        used, ttl = pipe.execute()
        if ttl < 0:  # just created (or left without expiry): start the window
            client.expire(full_key, seconds)
        return used
    except redis.RedisError as error:
        logger.warning("rate limit: Redis unavailable (%s), counting in the database", type(error).__name__)
        return None


def count_in_database(key, seconds):
    """Increment the count for the current window in the database (atomically) and return it."""
    now = int(timezone.now().timestamp())
    start = datetime.fromtimestamp(now - now % seconds, tz=UTC)
    window = RateLimitCount.objects.filter(key=key, window_start=start)
    with transaction.atomic():
        if not window.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCount.objects.create(key=key, window_start=start, count=1)
                return 1
            except IntegrityError:  # another worker created it meanwhile
                window.update(count=F("count") + 1)
        return window.values_list("count", flat=True).get()
