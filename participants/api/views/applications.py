"""The applicant's application: the draft, reading and editing it, and the actions
(submit, withdraw, confirm, decline, a fresh consent link).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ...enums import ApplicationStatus
from .. import serializers as s
from .common import (
    ERRORS,
    _application,
    _event,
    _own_application,
    _render_application,
)


class EventMyApplicationView(APIView):
    @extend_schema(
        responses={200: s.ApplicationSerializer, 404: ERRORS[404]},
        tags=["applications"],
        description="Your active application to this event.",
    )
    def get(self, request, slug: str):
        event = _event(request, slug)
        application = selectors.active_application(event=event, applicant=request.user)
        if application is None:
            raise NotFound(_("You have not applied to this event."))
        return Response(_render_application(request, application))


class DraftSaveView(APIView):
    @extend_schema(
        request=s.ApplicationInputSerializer,
        responses={200: s.ApplicationSerializer, 201: s.ApplicationSerializer, **ERRORS},
        tags=["applications"],
        description="Create or update your draft. Answers are keyed by question id and checked "
        "for type only; completeness is checked on submit.",
    )
    def post(self, request, slug: str):
        event = _event(request, slug)
        serializer = s.ApplicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = selectors.active_application(event=event, applicant=request.user) is not None
        application = services.application_save_draft(
            event=event,
            applicant=request.user,
            answers=serializer.validated_data.get("answers"),
            guardian=serializer.guardian(),
        )
        return Response(
            _render_application(request, application),
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class ApplicationDetailView(APIView):
    @extend_schema(
        responses={200: s.OrganiserApplicationSerializer, 404: ERRORS[404]},
        tags=["applications"],
        description="The applicant sees their own application; the event's organisers also see "
        "the profile, history and guardian consent record.",
    )
    def get(self, request, pk: int):
        return Response(_render_application(request, _application(request, pk)))

    @extend_schema(
        request=s.ApplicationInputSerializer,
        responses={200: s.ApplicationSerializer, **ERRORS},
        tags=["applications"],
        description="Edit answers or the guardian: a draft leniently, a sent application in "
        "full and only while the call is open and the event allows edits. Status, applicant "
        "and event cannot be set (400).",
    )
    def patch(self, request, pk: int):
        application = _own_application(request, pk)
        serializer = s.ApplicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = serializer.validated_data.get("answers")
        if application.status == ApplicationStatus.DRAFT:
            application = services.application_save_draft(
                event=application.event,
                applicant=request.user,
                answers=answers,
                guardian=serializer.guardian(),
            )
        else:
            application = services.application_update_after_submit(
                application=application,
                by=request.user,
                answers=answers,
                guardian=serializer.guardian(),
            )
        return Response(_render_application(request, application))


class _ApplicantAction(APIView):
    input_serializer = s.EmptyInputSerializer

    def post(self, request, pk: int):
        application = _own_application(request, pk)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.act(application, request.user, serializer.validated_data)
        return Response(_render_application(request, application))

    def act(self, application, user, data):  # pragma: no cover - overridden
        raise NotImplementedError


_ACTION_SCHEMA = {"responses": {200: s.ApplicationSerializer, **ERRORS}, "tags": ["applications"]}


@extend_schema(
    request=None, description="Submit a draft (full validation and eligibility).", **_ACTION_SCHEMA
)
class ApplicationSubmitView(_ApplicantAction):
    def post(self, request, pk: int):
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The service reads, locks and checks the row itself (404 when it is not yours),
        # and its read already holds the event, answers and documents in the applicant
        # view's order: render from it instead of reading anything again.
        submitted = services.application_submit(application=pk, by=request.user)
        return Response(s.ApplicationSerializer(submitted).data)


@extend_schema(
    request=s.NoteInputSerializer, description="Withdraw from any active status.", **_ACTION_SCHEMA
)
class ApplicationWithdrawView(_ApplicantAction):
    input_serializer = s.NoteInputSerializer

    def act(self, application, user, data):
        services.application_withdraw(application=application, by=user, note=data.get("note", ""))


@extend_schema(request=None, description="Confirm an offer before its deadline.", **_ACTION_SCHEMA)
class ApplicationConfirmView(_ApplicantAction):
    def act(self, application, user, data):
        services.application_confirm(application=application, by=user)


@extend_schema(request=s.NoteInputSerializer, description="Decline an offer.", **_ACTION_SCHEMA)
class ApplicationDeclineView(_ApplicantAction):
    input_serializer = s.NoteInputSerializer

    def act(self, application, user, data):
        services.application_decline(application=application, by=user, note=data.get("note", ""))


@extend_schema(
    request=None, description="Send the guardian a fresh consent link.", **_ACTION_SCHEMA
)
class GuardianConsentResendView(_ApplicantAction):
    def act(self, application, user, data):
        services.guardian_consent_resend(application=application, by=user)
