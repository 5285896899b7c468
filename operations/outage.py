"""A database outage becomes a 503 page with Retry-After instead of a 500.

Django turns an exception raised anywhere in the middleware stack or a view into a 500 response at
the layer where it happened, so a middleware alone cannot see it. Django sends the
`got_request_exception` signal while it handles the exception: the receiver below marks the
request when the exception is a database outage, and `DatabaseOutageMiddleware` (the outermost
layer) replaces that request's 500 with the 503 page. The error is still logged (and reported to
the error tracker) by Django as usual.

Nothing needs restarting when the database returns: Django closes a connection that failed at the
end of the request, and with persistent connections (CONN_MAX_AGE > 0) CONN_HEALTH_CHECKS tests a
reused connection before the next request relies on it.
"""

import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

OUTAGE_ERRORS = (OperationalError, InterfaceError)
MARK = "_database_outage"


def is_outage(error):
    """True for errors that mean the database cannot be reached or used right now."""
    return isinstance(error, OUTAGE_ERRORS)


def mark_outage(sender, request=None, **kwargs):
    """Signal receiver: remember on the request that it failed because the database is away."""
    error = sys.exc_info()[1]
    if request is not None and is_outage(error):
        setattr(request, MARK, True)


def connect():
    """Connect the receiver once (called from the app's ready())."""
    got_request_exception.connect(mark_outage, dispatch_uid="operations-database-outage")


def outage_response():
    """The 503 page: rendered without the request, so no context processor touches the database."""
    retry_after = settings.DATABASE_OUTAGE_RETRY_AFTER
    response = HttpResponse(render_to_string("503.html", {"retry_after": retry_after}), status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Answer requests that failed on an unreachable database with the 503 page (not in DEBUG)."""

    def __init__(self, get_response):
        """Standard middleware set-up."""
        self.get_response = get_response

    def __call__(self, request):
        """Pass the request on; swap a 500 caused by a database outage for the 503 page."""
        response = self.get_response(request)
        if getattr(request, MARK, False) and not settings.DEBUG:
            return outage_response()
        return response
