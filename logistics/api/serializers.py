from __future__ import annotations

from rest_framework import serializers

from ..enums import ClaimStatus, Direction, LetterJobStatus, VisaStatus


class PassportSerializer(serializers.Serializer):
    passport_name = serializers.CharField(allow_null=True, required=False, allow_blank=True)
    passport_number = serializers.CharField(allow_null=True, required=False, allow_blank=True)
    nationality = serializers.CharField(allow_null=True, required=False, allow_blank=True)
    passport_expiry = serializers.DateField(allow_null=True, required=False)
    date_of_birth = serializers.DateField(allow_null=True, required=False)


class PersonPassportSerializer(PassportSerializer):
    application = serializers.IntegerField()
    name = serializers.CharField()


class VisaLegSerializer(serializers.Serializer):
    leg = serializers.IntegerField()
    city = serializers.CharField()
    country = serializers.CharField()
    needed_by_table = serializers.BooleanField()
    status = serializers.ChoiceField(choices=VisaStatus.choices, allow_null=True)
    case = serializers.IntegerField(allow_null=True)


class VisaRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    legs = VisaLegSerializer(many=True)


class VisaRulesInputSerializer(serializers.Serializer):
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=2), allow_empty=True
    )


class VisaStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VisaStatus.choices)


class LetterJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=LetterJobStatus.choices)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()


class PickupPlanInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Direction.choices)
    window_minutes = serializers.IntegerField(min_value=0, max_value=1440)
    capacity = serializers.IntegerField(min_value=1, max_value=80)


class PickupGroupSerializer(serializers.Serializer):
    vehicle = serializers.IntegerField()
    airport = serializers.CharField()
    capacity = serializers.IntegerField()
    first_at = serializers.DateTimeField()
    last_at = serializers.DateTimeField()
    applications = serializers.ListField(child=serializers.IntegerField())


class FlightInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Direction.choices)
    flight_number = serializers.CharField(max_length=12)
    airport = serializers.CharField(max_length=3)
    airport_zone = serializers.CharField(max_length=64)
    at = serializers.DateTimeField(
        help_text="Local time at the airport (no offset), or an instant with one."
    )


class FlightSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    flight_number = serializers.CharField()
    airport = serializers.CharField()
    airport_zone = serializers.CharField()
    at = serializers.DateTimeField()
    local_time = serializers.CharField()


class RoomingInputSerializer(serializers.Serializer):
    leg = serializers.IntegerField(required=False, allow_null=True)


class RoomingResultSerializer(serializers.Serializer):
    placed = serializers.IntegerField()
    same_country_pairs = serializers.IntegerField()
    seconds = serializers.FloatField()


class RoomGuestSerializer(serializers.Serializer):
    name = serializers.CharField()
    gender = serializers.CharField()
    country = serializers.CharField()
    kept = serializers.BooleanField()
    nights = serializers.IntegerField(help_text="Nights in this stay.")
    nights_total = serializers.IntegerField(help_text="Nights over every leg (for billing).")


class GuestNightsSerializer(serializers.Serializer):
    """One guest's nights for billing: per leg (the event's legs in order) and in total."""

    key = serializers.CharField(help_text="a<application id> or c<companion id>.")
    name = serializers.CharField()
    accompanies = serializers.CharField(help_text="For a companion: their person's name.")
    nights = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class RoomSerializer(serializers.Serializer):
    hotel = serializers.CharField()
    room_type = serializers.CharField()
    room = serializers.IntegerField()
    people = RoomGuestSerializer(many=True)


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="grant.application_id")
    name = serializers.CharField(source="grant.application.applicant.get_full_name")
    budget_line = serializers.CharField(source="grant.budget_line")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    receipt_name = serializers.CharField()
    receipt_url = serializers.CharField(help_text="A signed link to the receipt, valid a while.")
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)


class ClaimInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$")
    description = serializers.CharField(max_length=200)
    receipt = serializers.FileField()


class FollowUpQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField())


class MyFollowUpSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField()
    locked = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    changed_at = serializers.DateTimeField(allow_null=True)
    questions = FollowUpQuestionSerializer(many=True)
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), help_text="Question id -> value."
    )


class FollowUpAnswersInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), help_text="Question id -> value."
    )


class FollowUpResponseSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    name = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    changed_at = serializers.DateTimeField(allow_null=True)
    changes_after_lock = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.JSONField(allow_null=True))
    passport = PassportSerializer(
        allow_null=True, help_text="Only for organisers with the logistics role (logged)."
    )


class RoomingJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    leg = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=LetterJobStatus.choices)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    result = RoomingResultSerializer(
        allow_null=True, help_text="What the solve placed, once the job is done."
    )
    error = serializers.CharField(help_text="Why the job did not finish (which rule cannot hold).")
    error_code = serializers.CharField(allow_null=True)


def rooming_job_data(job) -> dict:
    done = job.status == LetterJobStatus.DONE
    return {
        "id": job.pk,
        "leg": job.leg_id,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "result": job.result if done else None,
        "error": job.error,
        "error_code": None if done else (job.result or {}).get("code"),
    }
