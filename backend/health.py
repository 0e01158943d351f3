from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from backend.celery import app as celery_app


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down" for a health probe
        return False, exc.__class__.__name__


def _broker_ok() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down" for a health probe
        return False, exc.__class__.__name__


@never_cache
def healthz(request):
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    healthy = db_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": db_detail,
            "broker": broker_detail,
        },
        status=200 if healthy else 503,
    )


def livez(request):
    """Liveness: the process answers. No database, no broker (also the benchmarks' ceiling)."""
    return JsonResponse({"status": "ok"})
