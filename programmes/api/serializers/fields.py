"""Fields the programmes API shares: instants in UTC, wall-clock times read in a zone,
country codes, zone names and rows looked up by slug."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def utc_iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@extend_schema_field(
    {
        "type": "string",
        "format": "date-time",
        "description": "ISO 8601. With an offset it is that instant; without one it is wall-clock "
        "time in the zone named in the description of the field.",
    }
)
class WallClockDateTimeField(serializers.DateTimeField):
    """Accepts ISO datetimes with or without an offset and keeps naive ones naive.

    The service then reads a naive value in the right zone (the event's, or the
    session's venue's), which the active request zone cannot know.
    """

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        return value


class UTCDateTimeField(serializers.DateTimeField):
    def to_representation(self, value):
        return utc_iso(value)


@extend_schema_field(
    {
        "type": "string",
        "minLength": 2,
        "maxLength": 2,
        "example": "KR",
        "description": "ISO 3166-1 alpha-2 code.",
    }
)
class CountryCodeField(CountryField):
    """ISO 3166-1 alpha-2 code in and out (``KR``)."""


class TimeZoneNameField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "help_text", _("IANA time zone name, for example Asia/Seoul or Asia/Ho_Chi_Minh.")
        )
        super().__init__(**kwargs)


class SlugLookupField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField, refusing a NUL byte before the lookup: PostgreSQL can't take
    one in a query parameter and would fail the request instead of finding nothing."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
