"""The health endpoint."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from operations.checks import check_cache, check_database


@never_cache
@require_safe
def healthz(request):
    """Report the database and the cache: 200 when both work, 503 when either does not.

    The answer is never cached (Cache-Control: no-cache, no-store), so a proxy always asks anew.
    """
    database_ok, database_detail = check_database()
    cache_ok, cache_detail = check_cache()
    healthy = database_ok and cache_ok
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": {"ok": database_ok, "detail": database_detail},
        "cache": {"ok": cache_ok, "detail": cache_detail},
    }
    return JsonResponse(body, status=200 if healthy else 503)
