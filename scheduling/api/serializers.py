from __future__ import annotations

from rest_framework import serializers

from programmes.enums import SessionType

from ..enums import SlotMinutes
from ..models import (
    ProposedPlacement,
    ScheduleRun,
    SchedulingRules,
    SessionRequest,
    SpeakerAvailability,
    Team,
)


class LocalDateTimeField(serializers.DateTimeField):
    """Keeps a naive time naive, so the service reads it in the venue's or event's zone."""

    def enforce_timezone(self, value):
        return value


class RulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchedulingRules
        fields = [
            "slot_minutes",
            "day_starts_at",
            "day_ends_at",
            "lunch_starts_at",
            "lunch_ends_at",
            "time_limit_seconds",
        ]


class RulesInputSerializer(serializers.Serializer):
    slot_minutes = serializers.ChoiceField(choices=SlotMinutes.choices, required=False)
    day_starts_at = serializers.TimeField(required=False)
    day_ends_at = serializers.TimeField(required=False)
    lunch_starts_at = serializers.TimeField(required=False, allow_null=True)
    lunch_ends_at = serializers.TimeField(required=False, allow_null=True)
    time_limit_seconds = serializers.IntegerField(required=False, min_value=1, max_value=600)


class SessionRequestSerializer(serializers.ModelSerializer):
    speakers = serializers.SerializerMethodField()
    after = serializers.SerializerMethodField()

    class Meta:
        model = SessionRequest
        fields = [
            "id",
            "title",
            "kind",
            "duration_minutes",
            "speakers",
            "city",
            "min_capacity",
            "venue",
            "team",
            "fixed_start",
            "after",
            "not_before_day",
            "not_after_day",
            "session",
        ]

    def get_speakers(self, obj) -> list[int]:
        return sorted(p.pk for p in obj.speakers.all())

    def get_after(self, obj) -> list[int]:
        return sorted(r.pk for r in obj.after.all())


class SessionRequestInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SessionType.choices, required=False)
    duration_minutes = serializers.IntegerField(min_value=5, max_value=24 * 60)
    speakers = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=50
    )
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    min_capacity = serializers.IntegerField(min_value=0, required=False)
    venue = serializers.IntegerField(required=False, allow_null=True)
    team = serializers.IntegerField(required=False, allow_null=True)
    fixed_start = LocalDateTimeField(required=False, allow_null=True)
    after = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=200)
    not_before_day = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    not_after_day = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    session = serializers.IntegerField(required=False, allow_null=True)


class AvailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = SpeakerAvailability
        fields = ["id", "person", "starts_at", "ends_at"]


class AvailabilityInputSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    starts_at = LocalDateTimeField()
    ends_at = LocalDateTimeField()


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduleRun
        fields = [
            "id",
            "status",
            "progress",
            "cancel_requested",
            "conflicts",
            "error",
            "solver_status",
            "wall_seconds",
            "time_limit_seconds",
            "created_at",
            "started_at",
            "finished_at",
        ]


class SlotSerializer(serializers.Serializer):
    venue = serializers.IntegerField()
    venue_name = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    local_starts_at = serializers.DateTimeField()
    time_zone = serializers.CharField()


class ProposalRowSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    title = serializers.CharField()
    proposed = SlotSerializer()
    current = SlotSerializer(allow_null=True)
    moves = serializers.BooleanField()
    accepted = serializers.BooleanField()


class RunDetailSerializer(RunSerializer):
    proposal = serializers.SerializerMethodField()

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "proposal"]

    def get_proposal(self, obj) -> list[dict]:
        return self.context.get("proposal", [])


class AcceptInputSerializer(serializers.Serializer):
    request_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_empty=False, max_length=1000
    )


class AcceptResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    moved = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class TeamMemberOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.get_username()


class TeamSerializer(serializers.ModelSerializer):
    members = TeamMemberOutSerializer(many=True)

    class Meta:
        model = Team
        fields = ["id", "number", "name", "members"]


class TeamsFormInputSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=200)


class MoveInputSerializer(serializers.Serializer):
    team = serializers.IntegerField()


class LiveSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    phase = serializers.CharField()


class LiveSerializer(serializers.Serializer):
    now = LiveSessionSerializer(many=True)
    next = LiveSessionSerializer(many=True)
    finished_count = serializers.IntegerField()


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposedPlacement
        fields = ["request", "venue", "starts_at", "ends_at", "accepted_at"]
