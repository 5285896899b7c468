"""One structured log record per request: method, path, status and duration."""

import logging
import time

logger = logging.getLogger("operations.request")


def loggable_path(request):
    """The request's path with any secret token (a URL argument named `token`) blanked out."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    token = match.kwargs.get("token") if match else None
    return path.replace(str(token), "<token>") if token else path


class RequestLogMiddleware:
    """Log every request as `request` with method, path, status and duration_ms as fields.

    With the production LOGGING (JSON lines on stdout) each field becomes a key of the line.
    Query strings are not logged (they may hold search terms), and a submitter's private status
    token in the path is replaced by `<token>`.
    """

    def __init__(self, get_response):
        """Standard middleware set-up."""
        self.get_response = get_response

    def __call__(self, request):
        """Time the request and log its outcome."""
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        status = response.status_code
        logger.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "request",
            extra={
                "method": request.method,
                "path": loggable_path(request),
                "status": status,
                "duration_ms": duration_ms,
            },
        )
        return response
