import zoneinfo

from django.db import IntegrityError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import is_transient_conflict

TIMEZONE_SESSION_KEY = "bridges_timezone"
TIMEZONE_COOKIE = "bridges_tz"


def parse_time_zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class UserTimezoneMiddleware:
    """Activate the visitor's own time zone (from their session or the browser cookie).

    Pages about an event show its local time explicitly; this zone is for the
    "your time" column and for pages that are not tied to one event.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = parse_time_zone(request.session.get(TIMEZONE_SESSION_KEY)) or parse_time_zone(
            request.COOKIES.get(TIMEZONE_COOKIE)
        )
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class TransientConflictMiddleware:
    """Pages: a collision with a concurrent transaction (deadlock, serialization failure,
    lock timeout, or a unique constraint hit by a twin request the service's checks could
    not see) is the visitor's to retry, so it answers 409 with a page that says so, not
    500. The database has already rolled the loser back. The API has the same rule in its
    exception handler (DRF views handle their own exceptions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError) or (
            isinstance(exception, OperationalError) and is_transient_conflict(exception)
        ):
            return render(request, "409.html", status=409)
        return None


class RefuseNulInAddressMiddleware:
    """A NUL character in the address (``/certificates/verify/%00/``) is a 400 before any
    view runs: PostgreSQL cannot compare text holding one, so every look-up by a code,
    token or slug would otherwise fail with a 500. API addresses answer JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            message = _("The address may not contain a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"non_field_errors": [message], "code": "null_character"}, status=400
                )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
