"""Sessions, the agenda by local day, and scheduling conflicts: what the API shows and accepts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
    TranslationsInputMixin,
)

from ...enums import SessionStatus, SessionType
from ...models import Event, Person, Session, Venue
from ...translation import SESSION_TEXTS
from .fields import SlugLookupField, UTCDateTimeField, WallClockDateTimeField, utc_iso
from .organisations import PublicPersonSerializer, PublicVenueSerializer

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
    translations = TranslationsField(SESSION_TEXTS)
    missing_translations = MissingTranslationsField(SESSION_TEXTS)

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
            "translations",
            "missing_translations",
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


class SessionInputSerializer(TranslationsInputMixin, serializers.Serializer):
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
    translations = TranslationsInputField(Session, SESSION_TEXTS)


class AgendaSessionSerializer(SessionSerializer):
    """A session as the agenda shows it: in the reader's language only (the agenda is
    kept whole per language; organisers read every language on /sessions/)."""

    translations = None
    missing_translations = None

    class Meta(SessionSerializer.Meta):
        fields = [
            name
            for name in SessionSerializer.Meta.fields
            if name not in ("translations", "missing_translations")
        ]


class AgendaDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    sessions = AgendaSessionSerializer(many=True)


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
