from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from ..enums import CheckInMethod, CheckInResult
from ..models import AttendancePolicy, Certificate
from ..selectors import account_name, participant_card


class CheckInInputSerializer(serializers.Serializer):
    # "pass_code", not "code": the error body already uses "code" for the error kind.
    pass_code = serializers.CharField(
        required=False, allow_blank=True, max_length=500, trim_whitespace=True
    )
    application = serializers.IntegerField(required=False, min_value=1)
    nonce = serializers.CharField(max_length=64)
    scanned_at = serializers.DateTimeField(required=False)
    device = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CheckOutInputSerializer(serializers.Serializer):
    left_at = serializers.DateTimeField(required=False)


class ParticipantCheckOutInputSerializer(serializers.Serializer):
    pass_code = serializers.CharField(required=False, allow_blank=True, max_length=500)
    application = serializers.IntegerField(required=False, min_value=1)
    # Accepted so the staff page can send check-outs through the same queue; the
    # check-out itself is idempotent by (session, participant).
    nonce = serializers.CharField(required=False, max_length=64)
    scanned_at = serializers.DateTimeField(required=False)
    device = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ParticipantCardSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    country_name = serializers.CharField()
    photo_url = serializers.CharField(allow_null=True)


# Its fields declared, as the ModelSerializer it was derived them (same output and schema):
# a ModelSerializer rebuilds its fields from the model for every instance, which was a
# fifth of a scan's time.
class CheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    session = serializers.IntegerField(source="session_id")
    participant = serializers.SerializerMethodField()
    method = serializers.ChoiceField(choices=CheckInMethod.choices)
    scanned_at = serializers.DateTimeField()
    scanned_at_local = serializers.SerializerMethodField()
    recorded_at = serializers.DateTimeField(read_only=True)
    checked_in_by = serializers.SerializerMethodField()
    device = serializers.CharField(required=False, allow_blank=True, max_length=100)
    late = serializers.BooleanField(required=False)
    checked_out_at = serializers.DateTimeField(required=False, allow_null=True, label="Left at")
    left_early = serializers.BooleanField(required=False)

    def get_participant(self, obj) -> dict:
        return participant_card(obj.application)

    def get_checked_in_by(self, obj) -> str | None:
        user = obj.checked_in_by
        return account_name(user) if user else None

    def get_scanned_at_local(self, obj) -> str:
        return timezone.localtime(obj.scanned_at, obj.session.zone).isoformat()


class CheckInResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=CheckInResult.choices)
    replayed = serializers.BooleanField()
    message = serializers.CharField()
    late = serializers.BooleanField()
    participant = ParticipantCardSerializer()
    check_in = CheckInSerializer()


class SessionAttendanceSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk")
    title = serializers.CharField(source="session.title")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    expected = serializers.IntegerField()
    attended = serializers.IntegerField()
    late = serializers.IntegerField()
    left_early = serializers.IntegerField()
    rate = serializers.FloatField()


class ParticipantAttendanceSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    name = serializers.CharField()
    country = serializers.CharField()
    sessions_total = serializers.IntegerField()
    attended = serializers.IntegerField()
    late = serializers.IntegerField()
    left_early = serializers.IntegerField()
    rate = serializers.FloatField()


class AttendanceReportSerializer(serializers.Serializer):
    sessions = SessionAttendanceSerializer(many=True)
    participants = ParticipantAttendanceSerializer(many=True)


class NoShowSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    session_title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    application = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()


class PassSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    revoked_at = serializers.DateTimeField(allow_null=True)
    reissued_at = serializers.DateTimeField(allow_null=True)


class PassDetailSerializer(serializers.Serializer):
    """A participant's pass. While it is revoked, the code and its links are null."""

    id = serializers.IntegerField()
    application = serializers.IntegerField()
    event = serializers.SlugField(help_text="The event's slug.")
    event_title = serializers.CharField()
    name = serializers.CharField(help_text="The participant's name, as the card prints it.")
    code = serializers.CharField(
        allow_null=True, help_text="What the QR code says; staff scan or type it at check-in."
    )
    qr_png_url = serializers.URLField(allow_null=True, help_text="The QR code as a PNG image.")
    pdf_url = serializers.URLField(
        allow_null=True, help_text="A printable, bank-card-sized PDF: name, event, dates, QR."
    )
    calendar_url = serializers.URLField(allow_null=True, help_text="The personal iCal feed.")
    agenda_url = serializers.URLField(help_text="The participant's agenda page.")
    issued_at = serializers.DateTimeField()
    reissued_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = AttendancePolicy
        fields = [
            "certificate_threshold",
            "late_grace_minutes",
            "check_in_opens_minutes",
            "check_in_closes_minutes",
            "certificates_issued_at",
        ]
        read_only_fields = ["certificates_issued_at"]


class CertificateVerificationSerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.title")
    organisation = serializers.CharField(source="event.organisation.name")
    start_date = serializers.DateField(source="event.start_date")
    end_date = serializers.DateField(source="event.end_date")

    class Meta:
        model = Certificate
        fields = [
            "code",
            "participant_name",
            "event",
            "organisation",
            "start_date",
            "end_date",
            "attendance_percent",
            "issued_at",
        ]
