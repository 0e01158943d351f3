"""``/api/v1/events/<slug>/certificate-texts/``: what the event's certificates say (the
heading and the wording), in every working language (issue 17). Read in the request's
language (else the event's first working language), with ``translations`` and
``missing_translations``; changed through ``services.certificate_texts_update``, as the
attendance dashboard's form (``attendance.manage_passes``; others 403)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
    TranslationsInputMixin,
)
from backend.content_language import column
from backend.content_writing import plain_text_language
from backend.permissions import HasRule
from programmes.models import Event

from .. import selectors, services
from ..models import AttendancePolicy
from ..translation import CERTIFICATE_TEXTS
from .views import ERRORS


class CertificateTextsSerializer(serializers.ModelSerializer):
    """Empty in every language: the certificate keeps Bridges' own wording."""

    translations = TranslationsField(CERTIFICATE_TEXTS)
    missing_translations = MissingTranslationsField(CERTIFICATE_TEXTS)

    class Meta:
        model = AttendancePolicy
        fields = [*CERTIFICATE_TEXTS, "translations", "missing_translations"]
        read_only_fields = fields


class CertificateTextsInputSerializer(TranslationsInputMixin, serializers.Serializer):
    """The plain texts: in the request's language (the event's first when the event does
    not use it); ``translations``: any of the event's working languages."""

    certificate_heading = serializers.CharField(max_length=120, required=False, allow_blank=True)
    certificate_body = serializers.CharField(max_length=200, required=False, allow_blank=True)
    translations = TranslationsInputField(AttendancePolicy, CERTIFICATE_TEXTS)


class CertificateTextsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "attendance.manage_passes", "PATCH": "attendance.manage_passes"}

    def _event(self, request, slug: str) -> Event:
        event = get_object_or_404(Event, slug=slug)
        self.check_object_permissions(request, event)
        return event

    def _answer(self, event: Event) -> Response:
        event = Event.objects.select_related("attendance_policy").get(pk=event.pk)
        policy = selectors.policy_for(event)
        policy.event = event  # its working languages, for the fallback
        return Response(CertificateTextsSerializer(policy, context={"event": event}).data)

    @extend_schema(responses={200: CertificateTextsSerializer, **ERRORS})
    def get(self, request, slug: str):
        return self._answer(self._event(request, slug))

    @extend_schema(
        request=CertificateTextsInputSerializer,
        responses={200: CertificateTextsSerializer, **ERRORS},
    )
    def patch(self, request, slug: str):
        event = self._event(request, slug)
        data = CertificateTextsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plain = plain_text_language(event.working_languages)
        texts = {
            column(name, plain): values.pop(name) for name in CERTIFICATE_TEXTS if name in values
        }
        texts.update(values)  # the translations' columns
        services.certificate_texts_update(event=event, texts=texts, by=request.user)
        return self._answer(event)
