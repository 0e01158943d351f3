"""Probes. ``/livez``: the process answers. ``/healthz``: the database and the broker
answer (503 when either does not), plus the checks that apps name in
``settings.HEALTH_CHECKS``: each says "ok" or what is wrong, and a problem there makes the
status "degraded" with a 200, since taking a web process out of service would not help
(a failed mail is no reason to stop serving pages)."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from backend.celery import app as celery_app


def _database_ok() -> tuple[bool, str]:
    try:
        # Raw on purpose: a round trip to the server that reads no table; no ORM query is one.
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


def _app_checks() -> dict[str, tuple[bool, str]]:
    """Named by dotted path, so this lowest floor never imports an app."""
    results = {}
    for name, path in getattr(settings, "HEALTH_CHECKS", {}).items():
        try:
            results[name] = import_string(path)()
        except Exception as exc:  # noqa: BLE001 - a broken check reports, never raises
            results[name] = (False, exc.__class__.__name__)
    return results


@never_cache
def healthz(request):
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    up = db_ok and broker_ok
    checks = _app_checks() if db_ok else {}
    healthy = up and all(ok for ok, _detail in checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": db_detail,
            "broker": broker_detail,
            **{name: detail for name, (_ok, detail) in checks.items()},
        },
        status=200 if up else 503,
    )


def livez(request):
    """Liveness: the process answers. No database, no broker (also the benchmarks' ceiling)."""
    return JsonResponse({"status": "ok"})
