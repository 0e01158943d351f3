"""Delegations API serializers: input checked here (types, lengths), rules in services."""

from __future__ import annotations

from rest_framework import serializers

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
    TranslationsInputMixin,
)

from ..enums import BadgeFormat, DocumentKind, InvitationStatus, Participation, Visibility
from ..models import (
    BadgeBatch,
    Bilateral,
    DocumentVersion,
    EventPartner,
    MeetingDocument,
    Nominee,
    Partner,
    SeatRequest,
)

# Organisers' texts in every language (issue 17; registered in delegations/translation.py).
PARTNER_TEXTS = ("official_name", "alphabetical_name")
DOCUMENT_TEXTS = ("title",)


class NomineeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nominee
        fields = [
            "id",
            "full_name",
            "honorific",
            "function",
            "organisation_name",
            "email",
            "phone",
            "rank",
            "is_head",
            "is_adviser",
            "is_media",
            "status",
            "reason",
            "replaces",
            "application",
        ]
        read_only_fields = fields


class PhotoInputSerializer(serializers.Serializer):
    """For the schema: the service checks the file (JPEG or PNG by content, size)."""

    photo = serializers.FileField(use_url=False)


class NominationInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    honorific = serializers.CharField(max_length=60, required=False, allow_blank=True)
    function = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organisation_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    rank = serializers.IntegerField(min_value=0, max_value=999, required=False)
    is_head = serializers.BooleanField(required=False)
    is_adviser = serializers.BooleanField(required=False)
    is_media = serializers.BooleanField(required=False)


class SeatRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeatRequest
        fields = ["id", "seats", "reason", "status", "created_at", "decided_at"]
        read_only_fields = fields


class SeatRequestInputSerializer(serializers.Serializer):
    seats = serializers.IntegerField(min_value=1, max_value=20)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class DecisionInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()


class RefusalInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(
        choices=[InvitationStatus.ACKNOWLEDGED, InvitationStatus.DECLINED]
    )


class PartnerNamesSerializer(serializers.ModelSerializer):
    """A partner's names in the request's language, with each language's own text."""

    translations = TranslationsField(PARTNER_TEXTS)
    missing_translations = MissingTranslationsField(PARTNER_TEXTS)

    class Meta:
        model = Partner
        fields = ["id", *PARTNER_TEXTS, "translations", "missing_translations"]
        read_only_fields = fields


class DelegationSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.official_name", read_only=True)
    partner_names = PartnerNamesSerializer(source="partner", read_only=True)
    partner_kind = serializers.CharField(source="partner.kind", read_only=True)
    country = serializers.CharField(source="partner.country.code", read_only=True)
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    seat_limit = serializers.IntegerField(read_only=True)
    seats_taken = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = EventPartner
        fields = [
            "id",
            "event",
            "partner",
            "partner_name",
            "partner_names",
            "partner_kind",
            "country",
            "participation",
            "seats",
            "extra_seats",
            "seat_limit",
            "seats_taken",
            "advisers_allowed",
            "max_advisers",
            "media_seats",
            "invitation_status",
            "invited_at",
            "answered_at",
        ]
        read_only_fields = fields


class DelegationDetailSerializer(DelegationSerializer):
    nominees = NomineeSerializer(many=True, read_only=True)
    seat_requests = SeatRequestSerializer(many=True, read_only=True)

    class Meta(DelegationSerializer.Meta):
        fields = [*DelegationSerializer.Meta.fields, "nominees", "seat_requests"]
        read_only_fields = fields


class InviteInputSerializer(serializers.Serializer):
    partner = serializers.IntegerField()
    participation = serializers.ChoiceField(choices=Participation.choices)
    seats = serializers.IntegerField(min_value=1, max_value=50, default=3)
    advisers_allowed = serializers.BooleanField(default=False)
    max_advisers = serializers.IntegerField(
        min_value=0, max_value=50, required=False, allow_null=True, default=None
    )
    media_seats = serializers.IntegerField(min_value=0, max_value=50, default=0)


class DocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "number",
            "language",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
        ]
        read_only_fields = fields


class MeetingDocumentSerializer(serializers.ModelSerializer):
    versions = DocumentVersionSerializer(many=True, read_only=True)
    translations = TranslationsField(DOCUMENT_TEXTS)
    missing_translations = MissingTranslationsField(DOCUMENT_TEXTS)

    class Meta:
        model = MeetingDocument
        fields = [
            "id",
            "symbol",
            "title",
            "kind",
            "visibility",
            "versions",
            "translations",
            "missing_translations",
        ]
        read_only_fields = ["id", "versions"]


class DocumentInputSerializer(TranslationsInputMixin, serializers.Serializer):
    """``title`` in the request's language; ``translations``: the title in others."""

    symbol = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.WORKING)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    translations = TranslationsInputField(MeetingDocument, DOCUMENT_TEXTS)


class VersionInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    language = serializers.CharField(max_length=8)
    new_version = serializers.BooleanField(default=True)


class BilateralSerializer(serializers.ModelSerializer):
    requester_name = serializers.CharField(source="requester.partner.official_name", read_only=True)
    counterpart_name = serializers.CharField(
        source="counterpart.partner.official_name", read_only=True
    )
    on_preferred_day = serializers.SerializerMethodField(
        help_text="Whether the placed meeting is on one of its preferred days (null: no "
        "preference or not placed)."
    )

    def get_on_preferred_day(self, obj) -> bool | None:
        from ..services import on_preferred_day

        return on_preferred_day(obj)

    class Meta:
        model = Bilateral
        fields = [
            "id",
            "requester",
            "requester_name",
            "counterpart",
            "counterpart_name",
            "status",
            "note",
            "preferred_days",
            "on_preferred_day",
            "duration_minutes",
            "starts_at",
            "ends_at",
            "venue",
        ]
        read_only_fields = fields


class BilateralInputSerializer(serializers.Serializer):
    counterpart = serializers.IntegerField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    # Days of the meeting (YYYY-MM-DD); the service refuses others naming this field.
    preferred_days = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=31
    )
    duration_minutes = serializers.IntegerField(default=30)


class BadgeBatchSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = BadgeBatch
        fields = [
            "id",
            "format",
            "status",
            "done",
            "total",
            "progress",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class BadgeBatchInputSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=BadgeFormat.choices, default=BadgeFormat.CR80)


class ScheduleResultSerializer(serializers.Serializer):
    status = serializers.CharField()
    placed = serializers.IntegerField()
    conflicts = serializers.ListField(child=serializers.CharField())
    # Placed, but on none of its preferred days (none was free for both sides).
    off_preference = serializers.ListField(child=serializers.IntegerField())
    wall_seconds = serializers.FloatField()
