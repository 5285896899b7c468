"""Spam and abuse defences that need no outside service: a signed-timestamp challenge, a honeypot,
a link limit, per-address rate limiting (through Django's cache: in-process by default, Redis in
production) and upload checks by content."""

import hashlib
import io
import re

import filetype
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

CHALLENGE_SALT = "submissions.challenge"
URL_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)
ALLOWED_UPLOADS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def new_challenge():
    """A signed timestamp put in the form when it is shown."""
    return signing.TimestampSigner(salt=CHALLENGE_SALT).sign(str(int(timezone.now().timestamp())))


def challenge_problem(value):
    """Why a challenge fails (too fast, too old, forged), or "" when it passes."""
    signer = signing.TimestampSigner(salt=CHALLENGE_SALT)
    try:
        issued = int(signer.unsign(value or "", max_age=settings.SUBMISSION_CHALLENGE_MAX_AGE))
    except signing.SignatureExpired:
        return "challenge expired"
    except (signing.BadSignature, ValueError):
        return "challenge missing or forged"
    if timezone.now().timestamp() - issued < settings.SUBMISSION_CHALLENGE_MIN_SECONDS:
        return "sent too fast"
    return ""


def count_links(*texts):
    """How many web addresses the texts contain."""
    return sum(len(URL_PATTERN.findall(text or "")) for text in texts)


def client_fingerprint(request):
    """A salted hash of the visitor's address: enough to rate-limit, not enough to identify."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def rate_limited(request):
    """Count one submission from this address; True when it is over the limit for the window."""
    count, seconds = settings.SUBMISSION_RATE_LIMIT
    key = f"submissions:rate:{client_fingerprint(request)}"
    if cache.add(key, 1, seconds):
        return False
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return False
    return used is not None and used > count  # None: the cache is away (ignored), nothing to count


def check_upload(upload):
    """Validate an uploaded file by its bytes; returns a clean file (images re-encoded, metadata dropped).

    Raises ValidationError with a message the submitter understands.
    """
    limit = settings.SUBMISSION_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB."), params={"name": upload.name, "mb": limit // 2**20}
        )
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_UPLOADS:
        raise ValidationError(_("“%(name)s” is not a PDF, JPEG or PNG file."), params={"name": upload.name})
    stem = re.sub(r"[^\w.-]", "_", upload.name.rsplit(".", 1)[0])[:80] or "attachment"
    if kind.mime == "application/pdf":
        return SimpleUploadedFile(f"{stem}.pdf", upload.read(), content_type=kind.mime)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise ValidationError(_("“%(name)s” has too many pixels."), params={"name": upload.name})
            image.load()
            clean = io.BytesIO()
            fmt = "JPEG" if kind.mime == "image/jpeg" else "PNG"
            (image.convert("RGB") if fmt == "JPEG" else image).save(clean, format=fmt)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("“%(name)s” could not be read as an image."), params={"name": upload.name}) from None
    return SimpleUploadedFile(f"{stem}.{ALLOWED_UPLOADS[kind.mime]}", clean.getvalue(), content_type=kind.mime)
