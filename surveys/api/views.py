"""Surveys API: an event's surveys and one survey's results, for the event's organisers
(the named rules through HasRule; others 403, anonymous 401)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.permissions import HasRule
from programmes.models import Event

from ..models import Survey
from ..results import survey_results
from .serializers import ResultsSerializer, SurveySerializer

ERRORS = {
    401: OpenApiResponse(description="Not signed in."),
    403: OpenApiResponse(description="Not an organiser of this event."),
    404: OpenApiResponse(description="No such event or survey."),
}


class EventSurveysView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "surveys.manage_survey"}

    @extend_schema(responses={200: SurveySerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = get_object_or_404(Event, slug=slug)
        self.check_object_permissions(request, event)
        surveys = event.surveys.prefetch_related("waves").order_by("pk")
        return Response(SurveySerializer(surveys, many=True).data)


class SurveyResultsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "surveys.view_results"}

    @extend_schema(responses={200: ResultsSerializer, **ERRORS})
    def get(self, request, pk: int):
        survey = get_object_or_404(Survey.objects.select_related("event"), pk=pk)
        self.check_object_permissions(request, survey)
        return Response(ResultsSerializer(survey_results(survey)).data)
