"""Template filters for showing UTC instants in a chosen zone, with a readable zone label."""

from __future__ import annotations

import datetime as dt

from django import template
from django.templatetags.tz import do_timezone
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def in_zone(value: dt.datetime | None, zone) -> dt.datetime | None:
    """``{{ when|in_zone:event.time_zone }}``: the same instant on that zone's wall clock.

    Django's ``tz.timezone`` filter marks the result so that ``|date`` does not convert
    it back to the visitor's active zone; an unknown zone renders as an empty string.
    """
    if value is None:
        return None
    return do_timezone(value, zone)


@register.filter
def zone_abbr(value: dt.datetime | None) -> str:
    """KST, CET, EET...; zones without a letter abbreviation (Vietnam: "+07") read "UTC+7"."""
    if value is None or value.tzinfo is None:
        return ""
    name = value.tzname() or ""
    if name[:1] in "+-" and name[1:].replace(":", "").isdigit():
        offset = value.utcoffset() or dt.timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return name


@register.filter
def language_name(code: str) -> str:
    """A working language's name in the page's language; unknown codes are shown as given."""
    try:
        return get_language_info(str(code))["name_translated"]
    except KeyError:
        return str(code)
