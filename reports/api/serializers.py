"""The stats API's output: the selector's dataclasses (``reports.selectors``) rendered
field by field, so the API and the dashboards cannot disagree."""

from __future__ import annotations

from rest_framework import serializers


class StatsStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True, help_text="Percent of the step before.")


class StatsDayCountSerializer(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()


class StatsCountryFillSerializer(serializers.Serializer):
    country = serializers.CharField()
    name = serializers.CharField()
    filled = serializers.IntegerField(help_text="Seats held (accepted or confirmed).")
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField(allow_null=True)
    under_minimum = serializers.BooleanField()
    by_gender = serializers.DictField(child=serializers.IntegerField())


class StatsGenderFillSerializer(serializers.Serializer):
    gender = serializers.CharField()
    label = serializers.CharField()
    filled = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    target_share = serializers.FloatField(allow_null=True)
    minimum = serializers.IntegerField(help_text="The gender's minimum seats (0: none).")
    maximum = serializers.IntegerField(allow_null=True, help_text="Its maximum (null: none).")
    under_minimum = serializers.BooleanField()


class StatsReviewerProgressSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField()
    name = serializers.CharField()
    assigned = serializers.IntegerField()
    done = serializers.IntegerField()


class StatsSessionAttendanceSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    attended = serializers.IntegerField()
    expected = serializers.IntegerField()


class StatsDayAttendanceSerializer(serializers.Serializer):
    day = serializers.DateField()
    attended = serializers.IntegerField()
    expected = serializers.IntegerField()
    no_shows = serializers.IntegerField()


class StatsSurveyWaveSerializer(serializers.Serializer):
    survey_id = serializers.IntegerField()
    title = serializers.CharField()
    wave = serializers.IntegerField()
    wave_label = serializers.CharField()
    invited = serializers.IntegerField(help_text="People the survey invited (all its waves).")
    responded = serializers.IntegerField(help_text="Responses sent to this wave.")
    rate = serializers.FloatField(allow_null=True, help_text="Percent of the invited.")


class StatsDelegationSerializer(serializers.Serializer):
    partners = serializers.DictField(
        child=serializers.IntegerField(), help_text="Partners per invitation status."
    )
    partners_total = serializers.IntegerField()
    nominees = serializers.DictField(
        child=serializers.IntegerField(), help_text="Nominees per status."
    )
    accredited = serializers.IntegerField()


class EventStatsSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    funnel = StatsStepSerializer(many=True)
    applications_per_day = StatsDayCountSerializer(many=True)
    deadline = serializers.DateField(allow_null=True)
    quota_fill = StatsCountryFillSerializer(many=True)
    gender_fill = StatsGenderFillSerializer(many=True)
    reviewers = StatsReviewerProgressSerializer(many=True)
    sessions = StatsSessionAttendanceSerializer(many=True)
    attendance_days = StatsDayAttendanceSerializer(many=True)
    messages = serializers.DictField(child=serializers.IntegerField())
    surveys = StatsSurveyWaveSerializer(many=True)
    delegations = StatsDelegationSerializer()


class StatsProgrammeEventSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    start_date = serializers.DateField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    attended = serializers.IntegerField()


class StatsYearCountrySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    country = serializers.CharField()
    count = serializers.IntegerField()


class StatsGenderBalanceSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    title = serializers.CharField()
    by_gender = serializers.DictField(child=serializers.IntegerField())


class ProgrammeStatsSerializer(serializers.Serializer):
    programme_id = serializers.IntegerField()
    events = StatsProgrammeEventSerializer(many=True)
    participants_by_year = StatsYearCountrySerializer(many=True)
    participants = serializers.IntegerField()
    returning = serializers.IntegerField()
    gender_balance = StatsGenderBalanceSerializer(many=True)
