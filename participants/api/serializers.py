"""Input and output shapes of the applications API.

Input serializers only parse and type-check, and refuse keys they do not know (a
client sending ``status`` or ``applicant`` gets a 400 naming that field, so mass
assignment can't slip through silently). The rules live in ``participants.services``.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
)
from programmes.api.serializers import UTCDateTimeField

from ..accounts import display_name
from ..enums import ApplicationStatus, DocumentKind, Gender, PreferredLanguage, QuestionKind
from ..models import Application, Question
from ..translation import QUESTION_TEXTS


class StrictInputSerializer(serializers.Serializer):
    """Refuses unknown keys instead of ignoring them."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data.keys()) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field cannot be set here.")] for name in unknown}
                )
        return super().to_internal_value(data)


# --- profile ------------------------------------------------------------------


class ProfileInputSerializer(StrictInputSerializer):
    full_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    preferred_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    latin_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    date_of_birth = serializers.DateField(allow_null=True, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, required=False)
    gender_self_description = serializers.CharField(
        max_length=100, allow_blank=True, required=False
    )
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=2, min_length=2), required=False, max_length=5
    )
    country_of_residence = serializers.CharField(max_length=2, allow_blank=True, required=False)
    affiliation = serializers.CharField(max_length=200, allow_blank=True, required=False)
    organisation = serializers.IntegerField(allow_null=True, required=False)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=20
    )
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    dietary_needs = serializers.CharField(max_length=300, allow_blank=True, required=False)
    accessibility_needs = serializers.CharField(max_length=500, allow_blank=True, required=False)
    emergency_contact_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    emergency_contact_phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    emergency_contact_relation = serializers.CharField(
        max_length=100, allow_blank=True, required=False
    )
    time_zone = serializers.CharField(max_length=64, allow_blank=True, required=False)
    preferred_language = serializers.ChoiceField(choices=PreferredLanguage.choices, required=False)

    def validate_nationalities(self, value):
        return [v.upper() for v in value]

    def validate_country_of_residence(self, value):
        return value.upper()


class ProfileSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    preferred_name = serializers.CharField()
    latin_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    gender = serializers.CharField()
    gender_self_description = serializers.CharField()
    nationalities = serializers.SerializerMethodField()
    country_of_residence = serializers.SerializerMethodField()
    affiliation = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    phone = serializers.CharField()
    dietary_needs = serializers.CharField()
    accessibility_needs = serializers.CharField()
    emergency_contact_name = serializers.CharField()
    emergency_contact_phone = serializers.CharField()
    emergency_contact_relation = serializers.CharField()
    time_zone = serializers.CharField()
    preferred_language = serializers.CharField()
    photo_url = serializers.CharField(allow_null=True, read_only=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_nationalities(self, obj) -> list[str]:
        return [str(c.code) for c in obj.nationalities]

    def get_country_of_residence(self, obj) -> str:
        return str(obj.country_of_residence or "")


# --- questions ----------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    # Blank for questions made before keys were given (the model's SlugField allows it).
    key = serializers.RegexField(r"^[-a-zA-Z0-9_]*$", read_only=True)
    translations = TranslationsField(QUESTION_TEXTS)
    missing_translations = MissingTranslationsField(QUESTION_TEXTS)

    class Meta:
        model = Question
        fields = [
            "id",
            "key",
            "kind",
            "label",
            "help_text",
            "required",
            "order",
            "choices",
            "min_words",
            "max_words",
            "depends_on",
            "condition_value",
            "scale_points",
            "low_label",
            "high_label",
            "min_value",
            "max_value",
            "hidden",
            "questionnaire",
            "choice_labels",
            "translations",
            "missing_translations",
        ]
        read_only_fields = fields


class QuestionInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices, required=False)
    label = serializers.CharField(max_length=300, required=False)
    help_text = serializers.CharField(max_length=500, allow_blank=True, required=False)
    required = serializers.BooleanField(required=False)
    order = serializers.IntegerField(min_value=0, required=False)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )
    min_words = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    max_words = serializers.IntegerField(min_value=1, allow_null=True, required=False)
    depends_on = serializers.IntegerField(allow_null=True, required=False)
    condition_value = serializers.JSONField(allow_null=True, required=False)
    scale_points = serializers.IntegerField(
        min_value=3, max_value=10, allow_null=True, required=False
    )
    low_label = serializers.CharField(max_length=100, allow_blank=True, required=False)
    high_label = serializers.CharField(max_length=100, allow_blank=True, required=False)
    min_value = serializers.FloatField(allow_null=True, required=False)
    max_value = serializers.FloatField(allow_null=True, required=False)
    hidden = serializers.BooleanField(required=False)
    translations = TranslationsInputField(Question, QUESTION_TEXTS)

    def validate(self, attrs):
        attrs.update(attrs.pop("translations", None) or {})
        if self.context.get("creating"):
            for name in ("kind", "label"):
                if name not in attrs:
                    raise serializers.ValidationError({name: [_("This field is required.")]})
        event = self.context["event"]
        if attrs.get("depends_on") is not None:
            parent = Question.objects.filter(
                pk=attrs["depends_on"],
                event=event,
                questionnaire=self.context.get("questionnaire"),
            ).first()
            if parent is None:
                raise serializers.ValidationError(
                    {"depends_on": [_("Choose an earlier question of this event.")]}
                )
            attrs["depends_on"] = parent
        return attrs


# --- applications ---------------------------------------------------------------


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    value = serializers.JSONField()
    file = serializers.IntegerField(source="file_id", allow_null=True)


class DocumentSerializer(serializers.Serializer):
    # Output only, declared field by field: a ModelSerializer rebuilds its fields from the
    # model on every call, which cost more than the rest of rendering an application.
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    original_name = serializers.CharField(read_only=True, label=capfirst(_("file name")))
    content_type = serializers.CharField(
        read_only=True, label=capfirst(pgettext_lazy("file format", "type"))
    )
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    application = serializers.IntegerField(source="application_id", read_only=True, allow_null=True)
    uploaded_at = UTCDateTimeField(read_only=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, obj) -> str:
        return f"/api/v1/documents/{obj.pk}/download/"


class DocumentUploadSerializer(StrictInputSerializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.OTHER)


class PhotoUploadSerializer(StrictInputSerializer):
    photo = serializers.FileField(allow_empty_file=True, use_url=False)


class GuardianInputSerializer(StrictInputSerializer):
    guardian_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    guardian_email = serializers.EmailField(allow_blank=True, required=False)
    guardian_relation = serializers.CharField(max_length=100, allow_blank=True, required=False)


class GuardianChangeInputSerializer(StrictInputSerializer):
    """An organiser's correction of the guardian: all three fields, and why."""

    guardian_name = serializers.CharField(max_length=200)
    guardian_email = serializers.EmailField()
    guardian_relation = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class ApplicationInputSerializer(GuardianInputSerializer):
    """What an applicant may send about their application: answers and guardian, nothing else."""

    answers = serializers.DictField(child=serializers.JSONField(allow_null=True), required=False)

    def guardian(self) -> dict:
        return {
            k: v
            for k, v in self.validated_data.items()
            if k in ("guardian_name", "guardian_email", "guardian_relation")
        }


class EventRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    time_zone = serializers.CharField()
    start_date = serializers.DateField()


NEXT_STEPS = {
    ApplicationStatus.DRAFT: _("Finish and submit your application."),
    ApplicationStatus.SUBMITTED: _("Wait for the organisers to review it."),
    ApplicationStatus.AWAITING_GUARDIAN_CONSENT: _(
        "Your guardian must consent by the link we sent."
    ),
    ApplicationStatus.CONSENT_LAPSED: _(
        "Your guardian did not consent before the call closed, so it was not considered."
    ),
    ApplicationStatus.UNDER_REVIEW: _("Your application is being reviewed."),
    ApplicationStatus.SHORTLISTED: _("You are shortlisted; a decision follows."),
    ApplicationStatus.ACCEPTED: _("Confirm or decline your place before the deadline."),
    ApplicationStatus.WAITLISTED: _(
        "You are on the waiting list; we'll write if a place frees up."
    ),
    ApplicationStatus.REJECTED: _("Nothing more to do."),
    ApplicationStatus.CONFIRMED: _("You're in. See the agenda."),
    ApplicationStatus.DECLINED: _("Nothing more to do."),
    ApplicationStatus.WITHDRAWN: _("Nothing more to do."),
}


class MyApplicationSerializer(serializers.Serializer):
    # Output only, declared field by field (see DocumentSerializer).
    id = serializers.IntegerField(read_only=True)
    event = EventRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_step = serializers.SerializerMethodField()
    submitted_at = UTCDateTimeField(read_only=True, allow_null=True)
    offer_expires_at = UTCDateTimeField(read_only=True, allow_null=True)
    created_at = UTCDateTimeField(read_only=True)

    def get_next_step(self, obj) -> str:
        return str(NEXT_STEPS[obj.status])


class ApplicationSerializer(MyApplicationSerializer):
    """The applicant's view of their own application."""

    country = serializers.CharField(read_only=True)
    is_minor = serializers.BooleanField(
        read_only=True, label=capfirst(_("under 18 on the first day"))
    )
    guardian_name = serializers.CharField(read_only=True)
    guardian_email = serializers.CharField(read_only=True)
    guardian_relation = serializers.CharField(read_only=True)
    decided_at = UTCDateTimeField(read_only=True, allow_null=True)
    answers = AnswerSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.IntegerField(source="by_id", allow_null=True)
    at = UTCDateTimeField()
    note = serializers.CharField()


class GuardianConsentSerializer(serializers.Serializer):
    guardian_name = serializers.CharField()
    guardian_email = serializers.CharField()
    guardian_relation = serializers.CharField()
    consent_text_version = serializers.CharField()
    consent_text = serializers.CharField()
    requested_at = UTCDateTimeField()
    expires_at = UTCDateTimeField()
    consented_at = UTCDateTimeField(allow_null=True)
    consented_ip = serializers.CharField(allow_null=True)
    consented_user_agent = serializers.CharField()


class ApplicantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()
    full_name = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField(
        help_text="The person's name as pages show it: the profile's full name, else the "
        "account's name, else the address's local part; never the username."
    )

    def get_full_name(self, user) -> str:
        profile = getattr(user, "profile", None)
        return profile.full_name if profile is not None else ""

    def get_name(self, user) -> str:
        return display_name(user)


class OrganiserApplicationListSerializer(serializers.ModelSerializer):
    applicant = ApplicantSerializer()
    # Declared: the generated ChoiceField returns a blank Country object itself, which
    # JSON can't encode (an application sent before its country was recorded).
    country = serializers.CharField()
    age_on_first_day = serializers.SerializerMethodField()
    submitted_at = UTCDateTimeField(allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "applicant",
            "status",
            "country",
            "gender",
            "age_on_first_day",
            "is_minor",
            "submitted_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_age_on_first_day(self, obj) -> int | None:
        return obj.age_on_first_day()


class OrganiserApplicationSerializer(ApplicationSerializer):
    """What organisers see: the application, the applicant's profile, history and consent."""

    applicant = ApplicantSerializer(read_only=True)
    profile = serializers.SerializerMethodField()
    gender = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True)
    age_on_first_day = serializers.SerializerMethodField()
    history = StatusChangeSerializer(many=True, read_only=True)
    guardian_consents = GuardianConsentSerializer(many=True, read_only=True)

    @extend_schema_field(ProfileSerializer(allow_null=True))
    def get_profile(self, obj):
        profile = getattr(obj.applicant, "profile", None)
        return ProfileSerializer(profile).data if profile is not None else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_age_on_first_day(self, obj) -> int | None:
        return obj.age_on_first_day()


class NoteInputSerializer(StrictInputSerializer):
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class EmptyInputSerializer(StrictInputSerializer):
    pass


class AccountDeleteInputSerializer(StrictInputSerializer):
    password = serializers.CharField(trim_whitespace=False)


class CallSettingsSerializer(serializers.Serializer):
    allow_edits_after_submit = serializers.BooleanField(required=False)
    confirmation_deadline = serializers.DateTimeField(allow_null=True, required=False)
    confirmation_days = serializers.IntegerField(min_value=1, max_value=90, required=False)
    required_documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DocumentKind.choices), required=False
    )
    guardian_consent_days = serializers.IntegerField(min_value=1, max_value=60, required=False)
    guardian_consent_text = serializers.CharField(allow_blank=True, required=False)
    guardian_consent_version = serializers.CharField(
        max_length=40, allow_blank=True, required=False
    )


class CallSettingsInputSerializer(StrictInputSerializer, CallSettingsSerializer):
    pass


class ConsentRequestSerializer(serializers.Serializer):
    """What a guardian sees before consenting (no account needed)."""

    applicant_name = serializers.SerializerMethodField()
    event_title = serializers.CharField(source="application.event.title")
    event_start_date = serializers.DateField(source="application.event.start_date")
    guardian_name = serializers.CharField()
    guardian_relation = serializers.CharField()
    consent_text = serializers.CharField()
    consent_text_version = serializers.CharField()
    expires_at = UTCDateTimeField()
    consented_at = UTCDateTimeField(allow_null=True)

    def get_applicant_name(self, obj) -> str:
        return display_name(obj.application.applicant)


class ConsentGiveInputSerializer(StrictInputSerializer):
    agree = serializers.BooleanField()

    def validate_agree(self, value):
        if not value:
            raise serializers.ValidationError(_("Tick the box to give consent."))
        return value
