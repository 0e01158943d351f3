"""``/api/v1/events/<slug>/partners/``: the partner directory as the event's organisers
see it (the organisation's partners of the event's programme, or of none, and those
invited to it), with each partner's names in every working language (issue 17); and
``/api/v1/events/<slug>/invitation-letter/``: what the invited partners are sent, its
subject and text in every working language (``services.letter_update``, as the letter
page).

Names read in the request's language (``?lang=``, else ``Accept-Language``), else the
event's first working language; ``translations`` gives each language's own text and
``missing_translations`` what is left to translate. Organisers write any working language
through ``translations`` (``backend.content_api``, as events and sessions take it) or the
plain name in the request's language; everything goes through
``services.partner_save_in_languages``, as the directory page does. Organisers of the
event's organisation only; a focal point may read their own partner, nothing else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.content_api import (
    MissingTranslationsField,
    TranslationsField,
    TranslationsInputField,
    TranslationsInputMixin,
)
from backend.content_language import column, content_languages, translations
from backend.content_writing import plain_text_language
from backend.errors import BridgesError
from programmes.api.serializers.fields import CountryCodeField
from programmes.models import Event

from .. import services
from ..enums import PartnerKind
from ..models import DelegationSettings, Partner
from ..services import organiser as organiser_services
from .serializers import PARTNER_TEXTS
from .views import ERRORS

LETTER_TEXTS = organiser_services.LETTER_TEXTS

MANAGE = "delegations.manage_delegations"


class PartnerSerializer(serializers.ModelSerializer):
    """A partner with its names in the request's language (else the event's first)."""

    country = serializers.CharField(source="country.code", read_only=True, allow_null=True)
    translations = TranslationsField(PARTNER_TEXTS)
    missing_translations = MissingTranslationsField(PARTNER_TEXTS)

    class Meta:
        model = Partner
        fields = [
            "id",
            "key",
            "kind",
            "country",
            "programme",
            *PARTNER_TEXTS,
            "translations",
            "missing_translations",
        ]
        read_only_fields = fields


class PartnerInputSerializer(TranslationsInputMixin, serializers.Serializer):
    """A new partner. ``official_name`` and ``alphabetical_name``: in the request's
    language (the event's first when the event does not use it); ``translations``: the
    names in any of the event's working languages (the first's official name required)."""

    key = serializers.SlugField(max_length=60)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    country = CountryCodeField(required=False, allow_blank=True)
    official_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    alphabetical_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    translations = TranslationsInputField(Partner, PARTNER_TEXTS)


class PartnerChangeSerializer(PartnerInputSerializer):
    """A change: every field optional, the names given kept beside the others; the key
    never changes."""

    key = None
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False)

    def validate(self, attrs):
        if "key" in (getattr(self, "initial_data", None) or {}):
            raise serializers.ValidationError(
                {"key": [_("This field cannot be changed here.")]}, code="unknown_field"
            )
        return super().validate(attrs)


def _event(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm(MANAGE, event):
        raise PermissionDenied
    return event


def _languages(event: Event) -> list[str]:
    return list(event.working_languages or []) or ["en"]


def _in_event(partners, event: Event):
    """Read the partners' names with the event's fallback (its first working language),
    as an event's own texts are read (``backend.content_language.working_languages_of``)."""
    for partner in partners:
        partner.__dict__["working_languages"] = _languages(event)
    return partners


def directory_of(event: Event) -> QuerySet[Partner]:
    """The partners the directory page lists for the event (``views_organiser``)."""
    partners = Partner.objects.filter(organisation_id=event.organisation_id)
    if event.programme_id:
        partners = partners.filter(
            Q(programme_id=event.programme_id)
            | Q(programme__isnull=True)
            | Q(delegations__event=event)
        ).distinct()
    return partners.order_by("alphabetical_name", "official_name", "pk")


def _save(request, event: Event, *, key: str, partner: Partner | None, data: dict) -> Partner:
    """The names by language as the service takes them: the partner's current working
    languages' texts, then the plain names (the request's language), then ``translations``."""
    languages = _languages(event)
    texts = {}
    if partner is not None:
        for name in PARTNER_TEXTS:
            for code, text in translations(partner, name).items():
                texts[column(name, code)] = text
    plain = plain_text_language(languages)
    for name in PARTNER_TEXTS:
        if name in data:
            texts[column(name, plain)] = data.pop(name)
    texts.update({k: v for k, v in data.items() if k.rsplit("_", 1)[0] in PARTNER_TEXTS})
    fields = {
        "kind": data.get("kind", partner.kind if partner else None),
        "country": data.get("country", str(partner.country or "") if partner else ""),
    }
    if partner is None:
        fields["programme"] = event.programme  # a new partner joins this programme's directory
    return organiser_services.partner_save_in_languages(
        organisation=event.organisation,
        key=key,
        data=fields,
        texts=texts,
        languages=languages,
        by=request.user,
    )


class EventPartnersView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PartnerSerializer(many=True), **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        rows = _in_event(list(directory_of(event)), event)
        return Response(PartnerSerializer(rows, many=True, context={"event": event}).data)

    @extend_schema(request=PartnerInputSerializer, responses={201: PartnerSerializer, **ERRORS})
    def post(self, request, slug):
        event = _event(request, slug)
        data = PartnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        key = values.pop("key")
        if Partner.objects.filter(organisation_id=event.organisation_id, key=key).exists():
            raise BridgesError(_("The directory has a partner with this key already."), field="key")
        partner = _save(request, event, key=key, partner=None, data=values)
        partner = _in_event([Partner.objects.get(pk=partner.pk)], event)[0]
        body = PartnerSerializer(partner, context={"event": event}).data
        return Response(body, status=status.HTTP_201_CREATED)


class EventPartnerView(APIView):
    permission_classes = [IsAuthenticated]

    def _partner(self, request, slug: str, pk: int, *, change: bool) -> tuple[Event, Partner]:
        event = get_object_or_404(Event, slug=slug)
        partner = get_object_or_404(Partner, pk=pk, organisation_id=event.organisation_id)
        allowed = request.user.has_perm(MANAGE, event) or (
            not change and partner.focal_points.filter(pk=request.user.pk).exists()
        )
        if not allowed:
            raise PermissionDenied
        return event, partner

    @extend_schema(responses={200: PartnerSerializer, **ERRORS})
    def get(self, request, slug, pk):
        event, partner = self._partner(request, slug, pk, change=False)
        return Response(PartnerSerializer(_in_event([partner], event)[0]).data)

    @extend_schema(request=PartnerChangeSerializer, responses={200: PartnerSerializer, **ERRORS})
    def patch(self, request, slug, pk):
        event, partner = self._partner(request, slug, pk, change=True)
        data = PartnerChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _save(request, event, key=partner.key, partner=partner, data=dict(data.validated_data))
        partner = _in_event([Partner.objects.get(pk=partner.pk)], event)[0]
        return Response(PartnerSerializer(partner, context={"event": event}).data)


class LetterSerializer(serializers.ModelSerializer):
    """The letter's subject and text in the request's language (else the event's first;
    an empty text: Bridges' own letter in the meeting's language)."""

    translations = TranslationsField(LETTER_TEXTS)
    missing_translations = MissingTranslationsField(LETTER_TEXTS)

    class Meta:
        model = DelegationSettings
        fields = [
            "meeting_language",
            "reminder_days",
            *LETTER_TEXTS,
            "translations",
            "missing_translations",
        ]
        read_only_fields = fields


class LetterInputSerializer(TranslationsInputMixin, serializers.Serializer):
    """Every field optional. The plain subject and text: in the request's language (the
    event's first when it does not use it); ``translations``: any working languages."""

    meeting_language = serializers.ChoiceField(choices=content_languages(), required=False)
    reminder_days = serializers.IntegerField(min_value=1, max_value=60, required=False)
    letter_subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
    letter_template = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    translations = TranslationsInputField(DelegationSettings, LETTER_TEXTS)


class InvitationLetterView(APIView):
    permission_classes = [IsAuthenticated]

    def _answer(self, event: Event) -> Response:
        row = DelegationSettings.objects.get(event=event)
        row.event = event
        return Response(LetterSerializer(row, context={"event": event}).data)

    @extend_schema(responses={200: LetterSerializer, **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        services.settings_for(event)
        return self._answer(event)

    @extend_schema(request=LetterInputSerializer, responses={200: LetterSerializer, **ERRORS})
    def patch(self, request, slug):
        event = _event(request, slug)
        languages = _languages(event)
        data = LetterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plain = plain_text_language(languages)
        texts = {column(name, plain): values.pop(name) for name in LETTER_TEXTS if name in values}
        texts.update({k: values.pop(k) for k in list(values) if k.startswith("letter_")})
        organiser_services.letter_update(event=event, data=values, texts=texts, by=request.user)
        return self._answer(event)
