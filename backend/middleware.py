import zoneinfo

from django.utils import timezone

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
