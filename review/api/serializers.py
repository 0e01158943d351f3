"""Review API shapes. Input serializers check shape; services check the rules."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from ..enums import DecisionOutcome
from ..models import ConflictDeclaration, Criterion, Review, ReviewAssignment, ReviewSettings

# Ids are PostgreSQL integers; larger numbers are refused as input, not sent to the database.
MAX_ID = 2**31 - 1


class ReviewSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewSettings
        fields = [
            "reviews_needed",
            "blind",
            "avoid_same_nationality",
            "disagreement_threshold",
            "gender_max_share",
        ]


class ReviewSettingsInputSerializer(serializers.Serializer):
    reviews_needed = serializers.IntegerField(required=False, min_value=1, max_value=20)
    blind = serializers.BooleanField(required=False)
    avoid_same_nationality = serializers.BooleanField(required=False)
    disagreement_threshold = serializers.DecimalField(
        required=False,
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.1"),
        max_value=Decimal("10"),
    )
    gender_max_share = serializers.DecimalField(
        required=False,
        allow_null=True,
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.1"),
        max_value=Decimal("1"),
    )


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "guidance", "weight", "scale_min", "scale_max", "order"]
        read_only_fields = ["id"]


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    guidance = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    weight = serializers.IntegerField(min_value=1, max_value=100, required=False)
    scale_min = serializers.IntegerField(min_value=-100, max_value=100, required=False)
    scale_max = serializers.IntegerField(min_value=-100, max_value=100, required=False)
    order = serializers.IntegerField(min_value=0, max_value=10_000, required=False)


class ReviewAssignmentSerializer(serializers.ModelSerializer):
    submitted = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = ["id", "application", "reviewer", "source", "created_at", "submitted"]

    def get_submitted(self, obj) -> bool:
        review = getattr(obj, "review", None)
        return bool(review and review.submitted_at)


class ReviewAssignmentInputSerializer(serializers.Serializer):
    application = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reviewer = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class AutoAssignResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    loads = serializers.DictField(child=serializers.IntegerField())
    balanced = serializers.BooleanField()


class ReviewScoreInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=-1000, max_value=1000), allow_empty=False
    )
    comment = serializers.CharField(allow_blank=True, required=False, max_length=10_000, default="")


class ReviewScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    name = serializers.CharField(source="criterion.name")
    value = serializers.IntegerField()


class ReviewSerializer(serializers.ModelSerializer):
    scores = ReviewScoreSerializer(many=True, read_only=True)
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "application",
            "reviewer",
            "reviewer_name",
            "weighted_score",
            "comment",
            "submitted_at",
            "scores",
        ]

    def get_reviewer_name(self, obj) -> str:
        return obj.reviewer.get_full_name() or obj.reviewer.get_username()


class ConflictDeclarationInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, max_length=300, default="")


class ConflictDeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConflictDeclaration
        fields = ["id", "application", "reviewer", "reason", "created_at"]


class ReviewAnswerSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.label")
    value = serializers.JSONField()


class ReviewerApplicationSerializer(serializers.Serializer):
    """What a reviewer sees of an application; identity fields are null when blind."""

    id = serializers.IntegerField(source="pk")
    event = serializers.CharField(source="event.slug")
    status = serializers.CharField()
    country = serializers.CharField()
    gender = serializers.CharField()
    age_on_first_day = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)
    blind = serializers.BooleanField()
    answers = ReviewAnswerSerializer(many=True)


class ReviewerAssignmentDetailSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    application = ReviewerApplicationSerializer()
    criteria = CriterionSerializer(many=True)
    my_review = ReviewSerializer(allow_null=True)
    other_reviews = ReviewSerializer(many=True, allow_null=True)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    gender = serializers.CharField()
    status = serializers.CharField()
    reviews = serializers.IntegerField()
    raw_mean = serializers.FloatField(allow_null=True)
    corrected = serializers.FloatField(allow_null=True)
    corrected_z = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()


class QuotaRowSerializer(serializers.Serializer):
    country = serializers.CharField()
    country_name = serializers.CharField()
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField(allow_null=True)
    applicants = serializers.IntegerField()
    holding = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    below_minimum = serializers.BooleanField()
    at_maximum = serializers.BooleanField()


class SelectionProposalDecisionSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    rank = serializers.IntegerField()
    outcome = serializers.CharField()
    reason = serializers.CharField()
    explanation = serializers.CharField()
    waitlist_position = serializers.IntegerField(allow_null=True)


class SelectionIssueSerializer(serializers.Serializer):
    code = serializers.CharField()
    country = serializers.CharField()
    message = serializers.CharField()


class SelectionProposalSerializer(serializers.Serializer):
    capacity = serializers.IntegerField()
    seated = serializers.IntegerField()
    accepted = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    issues = SelectionIssueSerializer(many=True)
    decisions = SelectionProposalDecisionSerializer(many=True)


class SelectionDecisionInputSerializer(serializers.Serializer):
    application = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)


class SelectionDecisionsInputSerializer(serializers.Serializer):
    decisions = SelectionDecisionInputSerializer(many=True, allow_empty=False)


class SelectionAppliedSerializer(serializers.Serializer):
    applied = serializers.IntegerField()
    statuses = serializers.DictField(child=serializers.CharField())


class WaitlistPromotedSerializer(serializers.Serializer):
    promoted = serializers.ListField(child=serializers.IntegerField())
