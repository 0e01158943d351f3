"""Events with their legs and country quotas: what the API shows and accepts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
    TranslationsInputMixin,
)
from backend.content_language import translations

from ...enums import AttendanceMode, EventKind, EventPhase
from ...models import CountryQuota, Event, GenderQuota, Leg, Organisation, Programme
from ...translation import EVENT_TEXTS, LEG_TEXTS
from .fields import CountryCodeField, SlugLookupField, TimeZoneNameField, WallClockDateTimeField
from .organisations import OrganisationRefSerializer


class LegSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryCodeField()
    translations = TranslationsField(LEG_TEXTS)

    class Meta:
        model = Leg
        fields = ["id", "event", "city", "country", "start_date", "end_date", "translations"]


class LegInputSerializer(TranslationsInputMixin, serializers.Serializer):
    event = SlugLookupField(
        slug_field="slug", queryset=Event.objects.all(), help_text=_("Event slug (create only).")
    )
    city = serializers.CharField(max_length=120)
    country = CountryCodeField()
    start_date = serializers.DateField(help_text=_("First local day in this place."))
    end_date = serializers.DateField(help_text=_("Last local day in this place."))
    translations = TranslationsInputField(Leg, LEG_TEXTS)


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


class GenderQuotaSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = GenderQuota
        fields = ["id", "event", "gender", "minimum", "maximum"]


class GenderQuotaInputSerializer(serializers.Serializer):
    event = SlugLookupField(
        slug_field="slug", queryset=Event.objects.all(), help_text=_("Event slug (create only).")
    )
    gender = serializers.CharField(
        max_length=20, help_text=_("An applicant gender code (female, male, non_binary, ...).")
    )
    minimum = serializers.IntegerField(
        min_value=0,
        max_value=100_000,
        required=False,
        default=0,
        help_text=_("At least this many seats (0: no minimum)."),
    )
    maximum = serializers.IntegerField(
        min_value=0,
        max_value=100_000,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("At most this many seats (null: no maximum)."),
    )


class EventSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    programme = serializers.SerializerMethodField()
    co_organisers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    host_country = CountryCodeField()
    eligible_countries = serializers.SerializerMethodField(
        help_text=_("Eligible nationalities (country codes); empty: any.")
    )
    eligible_residence_countries = serializers.SerializerMethodField(
        help_text=_("Eligible countries of residence (country codes); empty: any.")
    )
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
    translations = TranslationsField(EVENT_TEXTS)
    missing_translations = MissingTranslationsField(EVENT_TEXTS)

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
            "eligible_residence_countries",
            "attendance_mode",
            "online_url",
            "legs",
            "quotas",
            "translations",
            "missing_translations",
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

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_eligible_residence_countries(self, obj: Event) -> list[str]:
        return [c.code for c in obj.eligible_residence_countries]

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
                "translations": {field: translations(leg, field) for field in LEG_TEXTS},
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


class EventInputSerializer(TranslationsInputMixin, serializers.Serializer):
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
    eligible_countries = serializers.ListField(
        child=CountryCodeField(),
        required=False,
        help_text=_("Eligible nationalities (country codes); empty: any."),
    )
    eligible_residence_countries = serializers.ListField(
        child=CountryCodeField(),
        required=False,
        help_text=_("Eligible countries of residence (country codes); empty: any."),
    )
    attendance_mode = serializers.ChoiceField(choices=AttendanceMode.choices, required=False)
    online_url = serializers.URLField(required=False, allow_blank=True)
    translations = TranslationsInputField(Event, EVENT_TEXTS)


class EventStatusSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    status = serializers.CharField()
    phase = serializers.CharField()
