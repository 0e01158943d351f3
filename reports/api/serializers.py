"""The stats API's output: the selector's dataclasses (``reports.selectors``) rendered
field by field, so the API and the dashboards cannot disagree."""

from __future__ import annotations

from rest_framework import serializers


class StepSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True, help_text="Percent of the step before.")


class DayCountSerializer(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()


class CountryFillSerializer(serializers.Serializer):
    country = serializers.CharField()
    name = serializers.CharField()
    filled = serializers.IntegerField(help_text="Seats held (accepted or confirmed).")
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField(allow_null=True)
    under_minimum = serializers.BooleanField()
    by_gender = serializers.DictField(child=serializers.IntegerField())


class GenderFillSerializer(serializers.Serializer):
    gender = serializers.CharField()
    label = serializers.CharField()
    filled = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    target_share = serializers.FloatField(allow_null=True)


class ReviewerProgressSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField()
    name = serializers.CharField()
    assigned = serializers.IntegerField()
    done = serializers.IntegerField()


class SessionAttendanceSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    attended = serializers.IntegerField()
    expected = serializers.IntegerField()


class DayAttendanceSerializer(serializers.Serializer):
    day = serializers.DateField()
    attended = serializers.IntegerField()
    expected = serializers.IntegerField()
    no_shows = serializers.IntegerField()


class EventStatsSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    funnel = StepSerializer(many=True)
    applications_per_day = DayCountSerializer(many=True)
    deadline = serializers.DateField(allow_null=True)
    quota_fill = CountryFillSerializer(many=True)
    gender_fill = GenderFillSerializer(many=True)
    reviewers = ReviewerProgressSerializer(many=True)
    sessions = SessionAttendanceSerializer(many=True)
    attendance_days = DayAttendanceSerializer(many=True)
    messages = serializers.DictField(child=serializers.IntegerField())


class ProgrammeEventSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    start_date = serializers.DateField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    attended = serializers.IntegerField()


class YearCountrySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    country = serializers.CharField()
    count = serializers.IntegerField()


class GenderBalanceSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    title = serializers.CharField()
    by_gender = serializers.DictField(child=serializers.IntegerField())


class ProgrammeStatsSerializer(serializers.Serializer):
    programme_id = serializers.IntegerField()
    events = ProgrammeEventSerializer(many=True)
    participants_by_year = YearCountrySerializer(many=True)
    participants = serializers.IntegerField()
    returning = serializers.IntegerField()
    gender_balance = GenderBalanceSerializer(many=True)
