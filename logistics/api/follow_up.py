"""Follow-up form API: the participant reads and sends their own answers (the one form
engine, through ``follow_up_answer``); organisers list the responses, with passport data
only for those with the logistics role (each read logged by ``passports_view``)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.permissions import HasRule
from participants.models import Answer

from .. import services
from ..filters import FollowUpResponseFilter
from ..models import FollowUp, FollowUpResponse
from .serializers import (
    FollowUpAnswersInputSerializer,
    FollowUpResponseSerializer,
    MyFollowUpSerializer,
)
from .views import ERRORS, _event, _own_application


def _follow_up(event) -> FollowUp:
    follow_up = FollowUp.objects.filter(event=event).select_related("questionnaire").first()
    if follow_up is None:
        raise Http404
    return follow_up


class MyFollowUpView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.view_own_travel", "PUT": "logistics.view_own_travel"}

    def _read(self, application, follow_up) -> dict:
        questions = services.follow_up_questions(follow_up)
        response = FollowUpResponse.objects.filter(application=application).first()
        return {
            "deadline": follow_up.deadline,
            "locked": follow_up.locked_at is not None,
            "submitted_at": response.submitted_at if response else None,
            "changed_at": response.changed_at if response else None,
            "questions": [
                {
                    "id": q.pk,
                    "kind": q.kind,
                    "label": q.label,
                    "required": q.required,
                    "choices": list(q.choices or []),
                }
                for q in questions
            ],
            "answers": {
                str(a.question_id): a.value
                for a in Answer.objects.filter(application=application, question__in=questions)
            },
        }

    @extend_schema(responses={200: MyFollowUpSerializer, **ERRORS})
    def get(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        return Response(self._read(application, _follow_up(application.event)))

    @extend_schema(
        request=FollowUpAnswersInputSerializer, responses={200: MyFollowUpSerializer, **ERRORS}
    )
    def put(self, request, slug: str):
        """Send the whole form (required answers included). After the organisers lock it a
        change is still saved, and the logistics team is told."""
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        follow_up = _follow_up(application.event)
        data = FollowUpAnswersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.follow_up_answer(
            application=application,
            follow_up=follow_up,
            answers=data.validated_data["answers"],
            by=request.user,
        )
        return Response(self._read(application, follow_up))


class FollowUpResponsesView(GenericAPIView):
    """Everyone attending and their follow-up answers (?answered=true|false)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel"}
    filterset_class = FollowUpResponseFilter
    pagination_class = None
    serializer_class = FollowUpResponseSerializer

    def get_queryset(self):
        return services.attending(None).none()

    @extend_schema(responses={200: FollowUpResponseSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        follow_up = _follow_up(event)
        people = self.filter_queryset(
            services.attending(event)
            .select_related("applicant", "follow_up_response")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.filter(question__questionnaire=follow_up.questionnaire),
                    to_attr="follow_up_answers",
                )
            )
            .order_by("pk")
        )
        people = list(people)
        passports = None
        if request.user.has_perm("logistics.view_passports", event):
            passports = services.passports_view(
                event=event, applications=people, user=request.user, where="api follow-up"
            )
        rows = []
        for application in people:
            response = getattr(application, "follow_up_response", None)
            rows.append(
                {
                    "application": application.pk,
                    "name": application.applicant.get_full_name(),
                    "submitted_at": response.submitted_at if response else None,
                    "changed_at": response.changed_at if response else None,
                    "changes_after_lock": response.changes_after_lock if response else 0,
                    "answers": {str(a.question_id): a.value for a in application.follow_up_answers},
                    "passport": passports[application.pk] if passports is not None else None,
                }
            )
        return Response(FollowUpResponseSerializer(rows, many=True).data)
