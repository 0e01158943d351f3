"""``/api/v1/events/<slug>/logistics/letter-settings/``: what the visa support letters
say, the purpose, who pays and the signatory's title in every working language (issue
17). Read in the request's language (else the event's first working language) with
``translations`` and ``missing_translations``; changed through
``services.letter_settings_save``, as the logistics overview's form
(``logistics.manage_travel``; others 403)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
    TranslationsInputMixin,
)
from backend.permissions import HasRule

from .. import services
from ..models import LetterSettings
from ..services.letters import LETTER_SETTINGS_TEXTS
from .views import ERRORS, _event


class LetterSettingsSerializer(serializers.ModelSerializer):
    translations = TranslationsField(LETTER_SETTINGS_TEXTS)
    missing_translations = MissingTranslationsField(LETTER_SETTINGS_TEXTS)

    class Meta:
        model = LetterSettings
        fields = [
            "letterhead",
            "purpose",
            "costs_covered_by",
            "signatory_name",
            "signatory_title",
            "translations",
            "missing_translations",
        ]
        read_only_fields = fields


class LetterSettingsInputSerializer(TranslationsInputMixin, serializers.Serializer):
    """Every field optional once the settings exist (the first save needs the
    letterhead, purpose, who pays and signatory). The plain texts: in the request's
    language (the event's first when it does not use it); ``translations``: the others."""

    letterhead = serializers.CharField(max_length=300, required=False)
    purpose = serializers.CharField(max_length=300, required=False)
    costs_covered_by = serializers.CharField(max_length=300, required=False)
    signatory_name = serializers.CharField(max_length=200, required=False)
    signatory_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    translations = TranslationsInputField(LetterSettings, LETTER_SETTINGS_TEXTS)


class LetterSettingsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel", "PATCH": "logistics.manage_travel"}

    def _answer(self, event) -> Response:
        row = LetterSettings.objects.filter(event=event).first()
        if row is None:
            raise NotFound
        row.event = event  # its working languages, for the fallback
        return Response(LetterSettingsSerializer(row, context={"event": event}).data)

    @extend_schema(responses={200: LetterSettingsSerializer, **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        return self._answer(event)

    @extend_schema(
        request=LetterSettingsInputSerializer,
        responses={200: LetterSettingsSerializer, **ERRORS},
    )
    def patch(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = LetterSettingsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.letter_settings_save(event=event, data=dict(data.validated_data), by=request.user)
        return self._answer(event)
