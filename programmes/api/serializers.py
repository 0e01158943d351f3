"""Input and output shapes of the programmes API.

Input serializers only parse and type-check; the rules live in ``programmes.services``.
Instants are output in UTC (``...Z``) unless a field says it is local; local fields
carry their offset (``2027-07-05T09:00:00+09:00``) and sit next to the zone name.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..enums import (
    AttendanceMode,
    EventKind,
    EventPhase,
    MemberRole,
    OrganisationKind,
    SessionStatus,
    SessionType,
)
from ..models import (
    CountryQuota,
    Event,
    Leg,
    Membership,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
)
from ..permissions import _roles

# --- fields --------------------------------------------------------------------------------


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


# --- organisations -------------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    my_role = serializers.SerializerMethodField(
        help_text=_("Your role here (the highest you hold).")
    )

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "country", "kind", "website", "my_role", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=MemberRole.choices))
    def get_my_role(self, obj: Organisation) -> str | None:
        request = self.context.get("request")
        roles = _roles(request.user if request else None, obj.pk)
        for role in MemberRole.values:
            if role in roles:
                return role
        return None


class OrganisationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    country = CountryCodeField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    website = serializers.URLField(required=False, allow_blank=True)


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "email", "name", "role", "created_at"]


class MembershipCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text=_("Email address of an existing Bridges account."))
    role = serializers.ChoiceField(choices=MemberRole.choices)

    def validate_email(self, value: str):
        user = get_user_model().objects.filter(email__iexact=value).order_by("pk").first()
        if user is None:
            raise serializers.ValidationError(_("No account uses this email address."))
        return user


class MembershipChangeSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=MemberRole.choices)


# --- programmes, people, venues ------------------------------------------------------------


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class ProgrammeSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "organisation", "title", "slug", "description"]


class ProgrammeInputSerializer(serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class PersonSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField(required=False, allow_blank=True)

    class Meta:
        model = Person
        fields = ["id", "organisation", "name", "affiliation", "country", "bio", "email"]


class PersonInputSerializer(serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    name = serializers.CharField(max_length=200)
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    country = CountryCodeField(required=False, allow_blank=True)
    bio = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class PublicPersonSerializer(serializers.ModelSerializer):
    """What the public agenda shows about a speaker (no contact details)."""

    country = CountryCodeField(required=False)

    class Meta:
        model = Person
        fields = ["id", "name", "affiliation", "country", "bio"]


class VenueSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField()

    class Meta:
        model = Venue
        fields = [
            "id",
            "organisation",
            "name",
            "address",
            "city",
            "country",
            "time_zone",
            "capacity",
            "opens_at",
            "closes_at",
        ]


class VenueInputSerializer(serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120)
    country = CountryCodeField()
    time_zone = TimeZoneNameField()
    capacity = serializers.IntegerField(min_value=1)
    opens_at = serializers.TimeField(required=False, help_text=_("Local opening time."))
    closes_at = serializers.TimeField(required=False, help_text=_("Local closing time."))


class PublicVenueSerializer(serializers.ModelSerializer):
    country = CountryCodeField()

    class Meta:
        model = Venue
        fields = ["id", "name", "address", "city", "country", "time_zone"]


# --- events --------------------------------------------------------------------------------


class LegSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField()

    class Meta:
        model = Leg
        fields = ["id", "event", "city", "country", "start_date", "end_date"]


class LegInputSerializer(serializers.Serializer):
    event = SlugLookupField(
        slug_field="slug", queryset=Event.objects.all(), help_text=_("Event slug (create only).")
    )
    city = serializers.CharField(max_length=120)
    country = CountryCodeField()
    start_date = serializers.DateField(help_text=_("First local day in this place."))
    end_date = serializers.DateField(help_text=_("Last local day in this place."))


class QuotaSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField()

    class Meta:
        model = CountryQuota
        fields = ["id", "event", "country", "minimum", "maximum"]


class QuotaInputSerializer(serializers.Serializer):
    event = SlugLookupField(
        slug_field="slug", queryset=Event.objects.all(), help_text=_("Event slug (create only).")
    )
    country = CountryCodeField()
    minimum = serializers.IntegerField(min_value=0, required=False, default=0)
    maximum = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)


class EventSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    programme = serializers.SerializerMethodField()
    co_organisers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    host_country = CountryCodeField()
    eligible_countries = serializers.SerializerMethodField()
    phase = serializers.SerializerMethodField()
    applications_open = serializers.SerializerMethodField()
    applications_open_at = serializers.SerializerMethodField(
        help_text=_("When applications open, in the event's zone with its offset.")
    )
    applications_close_at = serializers.SerializerMethodField(
        help_text=_("When applications close, in the event's zone with its offset.")
    )
    legs = serializers.SerializerMethodField()
    quotas = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "status",
            "phase",
            "organisation",
            "programme",
            "co_organisers",
            "partners",
            "theme",
            "summary",
            "description",
            "working_languages",
            "host_country",
            "start_date",
            "end_date",
            "time_zone",
            "capacity",
            "applications_open",
            "applications_open_at",
            "applications_close_at",
            "min_age",
            "max_age",
            "eligible_countries",
            "attendance_mode",
            "online_url",
            "legs",
            "quotas",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "id": {"type": "integer"},
                "slug": {"type": "string"},
                "title": {"type": "string"},
            },
        }
    )
    def get_programme(self, obj: Event):
        if obj.programme is None:
            return None
        return {"id": obj.programme.pk, "slug": obj.programme.slug, "title": obj.programme.title}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_eligible_countries(self, obj: Event) -> list[str]:
        return [c.code for c in obj.eligible_countries]

    @extend_schema_field(serializers.ChoiceField(choices=EventPhase.choices))
    def get_phase(self, obj: Event) -> str:
        return str(obj.phase())

    def get_applications_open(self, obj: Event) -> bool:
        return obj.applications_open()

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_applications_open_at(self, obj: Event) -> str | None:
        return (
            obj.applications_open_at.astimezone(obj.zone).isoformat()
            if obj.applications_open_at
            else None
        )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_applications_close_at(self, obj: Event) -> str | None:
        return (
            obj.applications_close_at.astimezone(obj.zone).isoformat()
            if obj.applications_close_at
            else None
        )

    @extend_schema_field(LegSerializer(many=True))
    def get_legs(self, obj: Event):
        return [
            {
                "id": leg.pk,
                "event": obj.slug,
                "city": leg.city,
                "country": leg.country.code,
                "start_date": leg.start_date.isoformat(),
                "end_date": leg.end_date.isoformat(),
            }
            for leg in obj.legs.all()
        ]

    @extend_schema_field(QuotaSerializer(many=True))
    def get_quotas(self, obj: Event):
        return [
            {
                "id": q.pk,
                "event": obj.slug,
                "country": q.country.code,
                "minimum": q.minimum,
                "maximum": q.maximum,
            }
            for q in obj.quotas.all()
        ]


WINDOW_HELP = _(
    "ISO 8601 date-time. With an offset (2027-03-01T09:00:00+09:00 or ...Z) it is that instant; "
    "without one (2027-03-01T09:00:00) it is wall-clock time in the event's time_zone."
)


class EventInputSerializer(serializers.Serializer):
    organisation = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text=_("Organisation slug (create only)."),
    )
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    co_organisers = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        many=True,
        required=False,
        help_text=_("Slugs of organisations co-organising the event."),
    )
    partners = SlugLookupField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        many=True,
        required=False,
        help_text=_("Slugs of partner organisations."),
    )
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=100, required=False, allow_blank=True)
    theme = serializers.CharField(max_length=300, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    working_languages = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False
    )
    host_country = CountryCodeField()
    start_date = serializers.DateField(help_text=_("First local day."))
    end_date = serializers.DateField(help_text=_("Last local day."))
    time_zone = TimeZoneNameField()
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    applications_open_at = WallClockDateTimeField(
        required=False, allow_null=True, help_text=WINDOW_HELP
    )
    applications_close_at = WallClockDateTimeField(
        required=False, allow_null=True, help_text=WINDOW_HELP
    )
    min_age = serializers.IntegerField(min_value=0, max_value=150, required=False, allow_null=True)
    max_age = serializers.IntegerField(min_value=0, max_value=150, required=False, allow_null=True)
    eligible_countries = serializers.ListField(child=CountryCodeField(), required=False)
    attendance_mode = serializers.ChoiceField(choices=AttendanceMode.choices, required=False)
    online_url = serializers.URLField(required=False, allow_blank=True)


class EventStatusSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    status = serializers.CharField()
    phase = serializers.CharField()


# --- sessions and agenda -------------------------------------------------------------------


SESSION_TIME_HELP = _(
    "ISO 8601 date-time. With an offset it is that instant; without one it is wall-clock time "
    "at the venue (in the event's time_zone when there is no venue)."
)


class SessionSerializer(serializers.ModelSerializer):
    """A session with UTC instants and the same instants in its own zone."""

    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    venue = PublicVenueSerializer(read_only=True)
    speakers = PublicPersonSerializer(many=True, read_only=True)
    time_zone = serializers.SerializerMethodField(
        help_text=_("Zone of the local times: the venue's, else the event's.")
    )
    starts_at = serializers.SerializerMethodField(help_text=_("Local start with offset."))
    ends_at = serializers.SerializerMethodField(help_text=_("Local end with offset."))
    starts_at_utc = serializers.SerializerMethodField()
    ends_at_utc = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "event",
            "title",
            "kind",
            "status",
            "description",
            "time_zone",
            "starts_at",
            "ends_at",
            "starts_at_utc",
            "ends_at_utc",
            "venue",
            "capacity",
            "speakers",
        ]

    def get_time_zone(self, obj: Session) -> str:
        return obj.venue.time_zone if obj.venue_id else obj.event.time_zone

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, obj: Session) -> str:
        return obj.local_starts_at.isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, obj: Session) -> str:
        return obj.local_ends_at.isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at_utc(self, obj: Session) -> str:
        return utc_iso(obj.starts_at)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at_utc(self, obj: Session) -> str:
        return utc_iso(obj.ends_at)


class SessionInputSerializer(serializers.Serializer):
    event = SlugLookupField(
        slug_field="slug", queryset=Event.objects.all(), help_text=_("Event slug (create only).")
    )
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SessionType.choices)
    description = serializers.CharField(required=False, allow_blank=True)
    starts_at = WallClockDateTimeField(help_text=SESSION_TIME_HELP)
    ends_at = WallClockDateTimeField(help_text=SESSION_TIME_HELP)
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.all(), required=False, allow_null=True
    )
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    speakers = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    status = serializers.ChoiceField(
        choices=[SessionStatus.TENTATIVE, SessionStatus.CONFIRMED],
        required=False,
        help_text=_("Create only; later use the cancel and confirm actions."),
    )


class AgendaDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    sessions = SessionSerializer(many=True)


class AgendaSerializer(serializers.Serializer):
    event = serializers.SlugField()
    time_zone = serializers.CharField(help_text=_("The event's home zone."))
    days = AgendaDaySerializer(many=True)


class SessionRefSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    starts_at = UTCDateTimeField()
    ends_at = UTCDateTimeField()

    class Meta:
        model = Session
        fields = ["id", "event", "title", "starts_at", "ends_at"]


class ConflictSerializer(serializers.Serializer):
    kind = serializers.CharField()
    message = serializers.CharField()
    sessions = SessionRefSerializer(many=True)
    person = serializers.SerializerMethodField()
    venue = serializers.SerializerMethodField()
    date = serializers.DateField(allow_null=True)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_person(self, obj):
        return {"id": obj.person.pk, "name": obj.person.name} if obj.person else None

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_venue(self, obj):
        return {"id": obj.venue.pk, "name": obj.venue.name} if obj.venue else None
