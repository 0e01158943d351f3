from django.conf import settings
from rest_framework import serializers

from ..enums import COMPOSABLE_SEGMENTS, OPTIONAL_KINDS, OVERRIDABLE_KINDS, MessageKind
from ..models import Broadcast, Message, TemplateOverride


class InboxMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["id", "kind", "subject", "body_text", "sent_at", "read_at", "event"]
        read_only_fields = fields


class PreferencesSerializer(serializers.Serializer):
    disabled_kinds = serializers.ListField(
        child=serializers.CharField(max_length=40), allow_empty=True
    )
    optional_kinds = serializers.SerializerMethodField()

    def get_optional_kinds(self, obj) -> list[str]:
        return sorted(OPTIONAL_KINDS)


LANGUAGE_CHOICES = [("", "all")] + list(settings.LANGUAGES)


class TemplateOverrideInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[k for k in MessageKind.choices if k[0] in OVERRIDABLE_KINDS]
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES, required=False, default="", allow_blank=True
    )
    subject = serializers.CharField(max_length=300)
    body = serializers.CharField()


class TemplateOverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = TemplateOverride
        fields = ["id", "kind", "language", "subject", "body", "updated_at"]
        read_only_fields = fields


class RenderedSerializer(serializers.Serializer):
    subject = serializers.CharField()
    text = serializers.CharField()
    html = serializers.CharField()


class BroadcastInSerializer(serializers.Serializer):
    segment = serializers.ChoiceField(choices=COMPOSABLE_SEGMENTS)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    subject = serializers.CharField(max_length=300)
    body = serializers.CharField()


class BroadcastPreviewSerializer(RenderedSerializer):
    recipient_count = serializers.IntegerField()
    sample_recipient = serializers.CharField()


class BroadcastSerializer(serializers.ModelSerializer):
    class Meta:
        model = Broadcast
        fields = [
            "id",
            "segment",
            "country",
            "subject",
            "body",
            "created_at",
            "sent_at",
            "recipient_count",
        ]
        read_only_fields = fields
