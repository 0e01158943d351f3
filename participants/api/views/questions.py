"""The event's application form (questions) and its call settings."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ...models import Question
from .. import serializers as s
from .common import (
    ERRORS,
    _event,
    _managed_event,
)


class QuestionListView(GenericAPIView):
    queryset = Question.objects.none()
    serializer_class = s.QuestionSerializer
    pagination_class = None
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        responses={200: s.QuestionSerializer(many=True), 404: ERRORS[404]},
        tags=["questions"],
        description="The event's application form, in order (anyone who can see the event).",
    )
    def get(self, request, slug: str):
        event = _event(request, slug)
        if not request.user.has_perm("participants.view_questions", event):
            raise NotFound()
        questions = selectors.event_questions(event)
        # The event's working languages, for each question's missing translations.
        return Response(s.QuestionSerializer(questions, many=True, context={"event": event}).data)

    @extend_schema(
        request=s.QuestionInputSerializer,
        responses={201: s.QuestionSerializer, **ERRORS},
        tags=["questions"],
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        serializer = s.QuestionInputSerializer(
            data=request.data, context={"event": event, "creating": True}
        )
        serializer.is_valid(raise_exception=True)
        question = services.question_create(event=event, data=serializer.validated_data)
        return Response(s.QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetailView(APIView):
    def _question(self, request, slug: str, pk: int, *, manage: bool) -> Question:
        event = _managed_event(request, slug) if manage else _event(request, slug)
        # The application form's questions (a survey's are not public through this one).
        questions = Question.objects.filter(event=event, questionnaire__isnull=True)
        if not manage:
            questions = questions.filter(hidden=False)
        return get_object_or_404(questions.select_related("event"), pk=pk)

    @extend_schema(responses={200: s.QuestionSerializer, 404: ERRORS[404]}, tags=["questions"])
    def get(self, request, slug: str, pk: int):
        return Response(s.QuestionSerializer(self._question(request, slug, pk, manage=False)).data)

    @extend_schema(
        request=s.QuestionInputSerializer,
        responses={200: s.QuestionSerializer, **ERRORS},
        tags=["questions"],
    )
    def put(self, request, slug: str, pk: int):
        return self._update(request, slug, pk, creating=True)

    @extend_schema(
        request=s.QuestionInputSerializer,
        responses={200: s.QuestionSerializer, **ERRORS},
        tags=["questions"],
    )
    def patch(self, request, slug: str, pk: int):
        return self._update(request, slug, pk, creating=False)

    def _update(self, request, slug, pk, *, creating: bool):
        question = self._question(request, slug, pk, manage=True)
        serializer = s.QuestionInputSerializer(
            data=request.data, context={"event": question.event, "creating": creating}
        )
        serializer.is_valid(raise_exception=True)
        question = services.question_update(question=question, data=serializer.validated_data)
        return Response(s.QuestionSerializer(question).data)

    @extend_schema(responses={204: None, **ERRORS}, tags=["questions"])
    def delete(self, request, slug: str, pk: int):
        question = self._question(request, slug, pk, manage=True)
        services.question_delete(question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CallSettingsView(APIView):
    @extend_schema(responses={200: s.CallSettingsSerializer, **ERRORS}, tags=["organisers"])
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        return Response(s.CallSettingsSerializer(services.call_settings_for(event)).data)

    @extend_schema(
        request=s.CallSettingsInputSerializer,
        responses={200: s.CallSettingsSerializer, **ERRORS},
        tags=["organisers"],
    )
    def patch(self, request, slug: str):
        event = _managed_event(request, slug)
        serializer = s.CallSettingsInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            call = services.call_settings_update(event=event, data=serializer.validated_data)
        return Response(s.CallSettingsSerializer(call).data)
