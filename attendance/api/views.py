"""Attendance API: check-in and check-out, roster, reports, passes, policy, certificates.

Views parse input, check the named rule (``attendance/rules.py``, through
``backend.permissions.HasRule`` or ``has_perm``), call a service or a selector and
render an output serializer; the business rules are in ``attendance.services``.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.permissions import HasRule
from participants.filters import ApplicationFilter
from participants.models import Application
from programmes.models import Event, Session

from .. import selectors, services
from ..filters import CheckInFilter, report_of
from ..models import CheckIn, Pass
from ..tasks import issue_certificates
from .serializers import (
    AttendanceReportSerializer,
    CertificateVerificationSerializer,
    CheckInInputSerializer,
    CheckInResultSerializer,
    CheckInSerializer,
    CheckOutInputSerializer,
    NoShowSerializer,
    ParticipantCardSerializer,
    ParticipantCheckOutInputSerializer,
    PassDetailSerializer,
    PassSerializer,
    PolicySerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Bad input; the body names the field and a `code`."),
    403: OpenApiResponse(description="Not staff of this event's organisation."),
    404: OpenApiResponse(description="No such object."),
    409: OpenApiResponse(description="Conflicts with the current state."),
}


def _session_for_staff(request, session_id: int) -> Session:
    # What a scan reads of the session comes from the cache (versions the services bump);
    # whether this user may scan there is the rule's answer, read on every request.
    session = selectors.session_for_scans(session_id)
    if session is None:
        raise NotFound()
    if not request.user.has_perm("attendance.scan_event", session):
        raise PermissionDenied("Only staff of this event may check people in.")
    return session


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("organisation"), slug=slug)


class SessionCheckInsView(GenericAPIView):
    queryset = CheckIn.objects.none()  # the schema's; the session's check-ins below
    filterset_class = CheckInFilter
    pagination_class = None

    @extend_schema(responses={200: CheckInSerializer(many=True), **ERRORS})
    def get(self, request, session_id: int):
        session = _session_for_staff(request, session_id)
        rows = list(self.filter_queryset(selectors.session_check_ins(session)))
        for row in rows:
            row.session = session
        return Response(CheckInSerializer(rows, many=True).data)

    @extend_schema(
        request=CheckInInputSerializer,
        responses={
            201: CheckInResultSerializer,
            200: OpenApiResponse(
                CheckInResultSerializer, description="Already checked in, or a replayed nonce."
            ),
            **ERRORS,
        },
    )
    def post(self, request, session_id: int):
        session = _session_for_staff(request, session_id)
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # No request-wide transaction: the INSERT is atomic on its own and the reads
        # before it need none (the unique constraints decide races).
        outcome = services.check_in_record(
            session=session,
            by=request.user,
            nonce=values["nonce"],
            pass_code=values.get("pass_code") or None,
            application_id=values.get("application"),
            scanned_at=values.get("scanned_at"),
            device=values.get("device", ""),
        )
        return Response(
            CheckInResultSerializer(outcome).data,
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )


class CheckOutView(APIView):
    @extend_schema(request=CheckOutInputSerializer, responses={200: CheckInSerializer, **ERRORS})
    def post(self, request, session_id: int, pk: int):
        session = _session_for_staff(request, session_id)
        check_in = get_object_or_404(CheckIn, pk=pk, session=session)
        data = CheckOutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.check_out_record(
            check_in=check_in, by=request.user, left_at=data.validated_data.get("left_at")
        )
        updated = selectors.session_check_ins(session).get(pk=updated.pk)
        updated.session = session
        return Response(CheckInSerializer(updated).data)


class SessionCheckOutsView(APIView):
    """Check out by pass or name as people leave; early leaves are flagged."""

    @extend_schema(
        request=ParticipantCheckOutInputSerializer,
        responses={200: CheckInResultSerializer, **ERRORS},
    )
    def post(self, request, session_id: int):
        session = _session_for_staff(request, session_id)
        data = ParticipantCheckOutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = services.check_out_participant(
            session=session,
            by=request.user,
            pass_code=values.get("pass_code") or None,
            application_id=values.get("application"),
            left_at=values.get("scanned_at"),
        )
        return Response(CheckInResultSerializer(outcome).data)


class _ParticipantsListView(GenericAPIView):
    """A list of the event's participants, narrowed by ApplicationFilter after the rule."""

    permission_classes = [HasRule]
    queryset = Application.objects.none()  # the schema's; the event's participants below
    filterset_class = ApplicationFilter
    pagination_class = None


class RosterView(_ParticipantsListView):
    """Every confirmed participant of the event; the staff page caches it for offline search."""

    object_rules = {"GET": "attendance.scan_event"}

    @extend_schema(responses={200: ParticipantCardSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        participants = self.filter_queryset(selectors.confirmed_participants(event))
        return Response([selectors.participant_card(a) for a in participants])


class AttendanceReportView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "attendance.view_attendance"}

    @extend_schema(responses={200: AttendanceReportSerializer, **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        return Response(AttendanceReportSerializer(selectors.attendance_report(event)).data)


class NoShowsView(_ParticipantsListView):
    object_rules = {"GET": "attendance.view_attendance"}

    @extend_schema(responses={200: NoShowSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        report = selectors.attendance_report(event)
        if request.query_params:
            shown = self.filter_queryset(Application.objects.filter(event=event))
            report = report_of(report, shown.values_list("pk", flat=True))
        rows = [
            {
                "session": session.pk,
                "session_title": session.title,
                "starts_at": session.starts_at,
                "application": person.application.pk,
                "name": person.name,
                "country": person.country,
            }
            for session, person in report.no_shows
        ]
        return Response(NoShowSerializer(rows, many=True).data)


def _pass_body(pass_: Pass) -> dict:
    urls = services.pass_urls(pass_=pass_, event_slug=pass_.event.slug)
    live = not pass_.is_revoked
    return {
        "id": pass_.pk,
        "application": pass_.application_id,
        "event": pass_.event.slug,
        "event_title": pass_.event.title,
        "name": selectors.participant_name(pass_.application),
        "code": pass_.code if live else None,
        "qr_png_url": urls["qr_png"] if live else None,
        "pdf_url": urls["pdf"] if live else None,
        "calendar_url": urls["ical"] if live else None,
        "agenda_url": urls["agenda"],
        "issued_at": pass_.issued_at,
        "reissued_at": pass_.reissued_at,
        "revoked_at": pass_.revoked_at,
    }


NOT_YOURS = {404: OpenApiResponse(description="No such pass, or not yours to see.")}


class MyPassView(APIView):
    """The signed-in participant's own pass for an event."""

    @extend_schema(
        responses={200: PassDetailSerializer, **NOT_YOURS},
        summary="My pass for this event: code, QR image, printable card",
    )
    def get(self, request, slug: str):
        event = _event(slug)
        application = selectors.participant_application(event=event, user=request.user)
        if application is None or not request.user.has_perm("programmes.view_event", event):
            raise NotFound()
        application.event = event
        pass_ = services.pass_for_application(application=application)
        pass_.application, pass_.event = application, event
        return Response(PassDetailSerializer(_pass_body(pass_)).data)


class PassDetailView(APIView):
    """A pass, for its participant (while confirmed) and the event's organisers."""

    @extend_schema(responses={200: PassDetailSerializer, **NOT_YOURS}, summary="A pass")
    def get(self, request, pk: int):
        pass_ = (
            Pass.objects.select_related("event__organisation", "application__applicant__profile")
            .filter(pk=pk)
            .first()
        )
        if pass_ is None or not request.user.has_perm("attendance.view_pass", pass_):
            raise NotFound()
        return Response(PassDetailSerializer(_pass_body(pass_)).data)


class PassActionView(APIView):
    action = ""
    permission_classes = [HasRule]
    object_rules = {"POST": "attendance.manage_passes"}

    @extend_schema(request=None, responses={200: PassSerializer, **ERRORS})
    def post(self, request, pk: int):
        pass_ = get_object_or_404(Pass.objects.select_related("event"), pk=pk)
        self.check_object_permissions(request, pass_.event)
        service = services.pass_revoke if self.action == "revoke" else services.pass_reissue
        return Response(PassSerializer(service(pass_=pass_, by=request.user)).data)


class PolicyView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "attendance.view_attendance", "POST": "attendance.manage_passes"}

    @extend_schema(responses={200: PolicySerializer, **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        return Response(PolicySerializer(selectors.policy_for(event)).data)

    @extend_schema(request=PolicySerializer, responses={200: PolicySerializer, **ERRORS})
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = PolicySerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        policy = services.policy_update(event=event, **data.validated_data)
        return Response(PolicySerializer(policy).data)


class IssueCertificatesView(APIView):
    permission_classes = [HasRule]
    object_rules = {"POST": "attendance.manage_passes"}

    @extend_schema(request=None, responses={202: OpenApiResponse(description="Queued."), **ERRORS})
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        services.certificate_issue_check(event=event)
        transaction.on_commit(lambda: issue_certificates.delay(event_id=event.pk))
        return Response({"status": "queued"}, status=status.HTTP_202_ACCEPTED)


class CertificateVerifyView(APIView):
    permission_classes = [AllowAny]  # public on purpose: anyone may check a certificate
    throttle_scope = "codes"  # a code look-up: guesses are limited per address

    @extend_schema(
        responses={
            200: CertificateVerificationSerializer,
            404: OpenApiResponse(description="Not found."),
        }
    )
    def get(self, request, code: str):
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            return Response(
                {"detail": "No certificate has this code."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(CertificateVerificationSerializer(certificate).data)
