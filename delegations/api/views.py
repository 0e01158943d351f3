"""Delegations API: invited partners, invitations, nominations, accreditation, protocol
lists, badges, meeting documents and bilaterals.

Views parse input, check the named rule (``delegations/rules.py``), call a service and
render an output serializer. A delegation, nominee or document the user may not see is a
404 (its existence is not confirmed); one they see but may not change is a 403.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import log_action
from backend.files import private_file_response
from participants.api.parsers import RawNameMultiPartParser
from programmes.models import Event
from reports.api.exports import registry_download

from .. import selectors, services
from ..enums import BatchStatus, Visibility
from ..models import BadgeBatch, Bilateral, DocumentVersion, MeetingDocument, Nominee, Partner
from ..models import SeatRequest as SeatRequestModel
from .serializers import (
    AnswerInputSerializer,
    BadgeBatchInputSerializer,
    BadgeBatchSerializer,
    BilateralInputSerializer,
    BilateralSerializer,
    DecisionInputSerializer,
    DelegationDetailSerializer,
    DelegationSerializer,
    DocumentInputSerializer,
    InviteInputSerializer,
    MeetingDocumentSerializer,
    NominationInputSerializer,
    NomineeSerializer,
    PhotoInputSerializer,
    RefusalInputSerializer,
    ScheduleResultSerializer,
    SeatRequestInputSerializer,
    SeatRequestSerializer,
    VersionInputSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Bad input; the body names the field and a `code`."),
    403: OpenApiResponse(description="Seen, but not yours to change."),
    404: OpenApiResponse(description="No such object, or not yours to see."),
    409: OpenApiResponse(description="Conflicts with the current state (seats full, cut-off)."),
}
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


def _event(request, slug: str, rule: str = "delegations.manage_delegations") -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm(rule, event):
        raise NotFound
    return event


def _delegation(request, pk: int, rule: str | None = None):
    delegation = selectors.delegation_detail(pk)
    if delegation is None or not request.user.has_perm("delegations.view_delegation", delegation):
        raise NotFound
    if rule and not request.user.has_perm(rule, delegation):
        raise PermissionDenied
    return delegation


def _nominee(request, pk: int, rule: str) -> Nominee:
    nominee = get_object_or_404(
        Nominee.objects.select_related("delegation__partner", "event", "application"), pk=pk
    )
    if not request.user.has_perm("delegations.view_delegation", nominee.delegation):
        raise NotFound
    if not request.user.has_perm(rule, nominee.delegation):
        raise PermissionDenied
    return nominee


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class EventDelegationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DelegationSerializer(many=True), **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        rows = selectors.delegations_of_event(event)
        return Response(DelegationSerializer(rows, many=True, context={"event": event}).data)

    @extend_schema(request=InviteInputSerializer, responses={201: DelegationSerializer, **ERRORS})
    def post(self, request, slug):
        event = _event(request, slug)
        data = InviteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = Partner.objects.filter(
            pk=data.validated_data["partner"], organisation_id=event.organisation_id
        ).first()
        if partner is None:
            return Response({"partner": ["Unknown partner."], "code": "invalid"}, status=400)
        delegation = services.delegation_invite(
            event=event,
            partner=partner,
            by=request.user,
            **{k: v for k, v in data.validated_data.items() if k != "partner"},
        )
        return Response(DelegationSerializer(delegation).data, status=status.HTTP_201_CREATED)


class InvitationsSendView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None, responses={200: OpenApiResponse(description="{invited: n}"), **ERRORS}
    )
    def post(self, request, slug):
        event = _event(request, slug)
        return Response({"invited": services.invitations_send(event=event, by=request.user)})


class MyDelegationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DelegationSerializer(many=True)})
    def get(self, request):
        rows = selectors.delegations_of_focal_point(request.user)
        return Response(DelegationSerializer(rows, many=True).data)


class DelegationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DelegationDetailSerializer, **ERRORS})
    def get(self, request, pk):
        delegation = _delegation(request, pk)
        return Response(DelegationDetailSerializer(delegation).data)


class DelegationAnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AnswerInputSerializer, responses={200: DelegationSerializer, **ERRORS})
    def post(self, request, pk):
        delegation = _delegation(request, pk, "delegations.change_delegation")
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.invitation_answer(
            delegation=delegation, answer=data.validated_data["answer"], by=request.user
        )
        return Response(DelegationSerializer(row).data)


class LetterView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={**PDF, **ERRORS})
    def get(self, request, pk):
        delegation = _delegation(request, pk)
        return _pdf(services.invitation_letter_pdf(delegation=delegation), "invitation.pdf")


class NominationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=NominationInputSerializer, responses={201: NomineeSerializer, **ERRORS})
    def post(self, request, pk):
        delegation = _delegation(request, pk, "delegations.change_delegation")
        data = NominationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nominee = services.nominee_nominate(
            delegation=delegation,
            data=data.validated_data,
            by=request.user,
            photo=request.FILES.get("photo"),
        )
        return Response(NomineeSerializer(nominee).data, status=status.HTTP_201_CREATED)


class NomineePhotoView(APIView):
    """The nominee's photo (for the badge): set by a focal point of the delegation or an
    organiser (multipart, field "photo", JPEG or PNG), read by them and the nominee."""

    permission_classes = [IsAuthenticated]
    parser_classes = [RawNameMultiPartParser]
    throttle_scope = "uploads"

    def _nominee(self, request, pk, rule: str) -> Nominee:
        nominee = get_object_or_404(
            Nominee.objects.select_related("delegation__partner", "event", "user"), pk=pk
        )
        if not request.user.has_perm(rule, nominee):
            raise NotFound
        return nominee

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, pk):
        nominee = self._nominee(request, pk, "delegations.view_nominee_photo")
        found = services.nominee_photo_file(nominee)
        if found is None:
            raise NotFound
        return private_file_response(found[0], content_type=found[1], filename="photo")

    @extend_schema(
        request={"multipart/form-data": PhotoInputSerializer},
        responses={200: NomineeSerializer, **ERRORS},
    )
    def post(self, request, pk):
        nominee = self._nominee(request, pk, "delegations.change_nominee_photo")
        services.nominee_photo_set(
            nominee=nominee, uploaded=request.FILES.get("photo"), by=request.user
        )
        return Response(NomineeSerializer(nominee).data)


class SubstituteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=NominationInputSerializer, responses={201: NomineeSerializer, **ERRORS})
    def post(self, request, pk):
        nominee = _nominee(request, pk, "delegations.change_delegation")
        data = NominationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.nominee_substitute(
            nominee=nominee, data=data.validated_data, by=request.user
        )
        return Response(NomineeSerializer(new).data, status=status.HTTP_201_CREATED)


class WithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: NomineeSerializer, **ERRORS})
    def post(self, request, pk):
        nominee = _nominee(request, pk, "delegations.change_delegation")
        return Response(
            NomineeSerializer(services.nominee_withdraw(nominee=nominee, by=request.user)).data
        )


class AccreditView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: NomineeSerializer, **ERRORS})
    def post(self, request, pk):
        nominee = _nominee(request, pk, "delegations.decide_nominees")
        return Response(
            NomineeSerializer(services.nominee_accredit(nominee=nominee, by=request.user)).data
        )


class RefuseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=RefusalInputSerializer, responses={200: NomineeSerializer, **ERRORS})
    def post(self, request, pk):
        nominee = _nominee(request, pk, "delegations.decide_nominees")
        data = RefusalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.nominee_refuse(
            nominee=nominee, reason=data.validated_data["reason"], by=request.user
        )
        return Response(NomineeSerializer(row).data)


class BadgeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={**PDF, **ERRORS})
    def get(self, request, pk):
        nominee = _nominee(request, pk, "delegations.decide_nominees")
        if nominee.application_id is None:
            raise NotFound
        return _pdf(services.badge_pdf(nominee=nominee), "badge.pdf")


class SeatRequestsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SeatRequestInputSerializer, responses={201: SeatRequestSerializer, **ERRORS}
    )
    def post(self, request, pk):
        delegation = _delegation(request, pk, "delegations.change_delegation")
        data = SeatRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.seat_request_create(
            delegation=delegation,
            by=request.user,
            seats=data.validated_data["seats"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(SeatRequestSerializer(row).data, status=status.HTTP_201_CREATED)


class SeatRequestDecideView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=DecisionInputSerializer, responses={200: SeatRequestSerializer, **ERRORS}
    )
    def post(self, request, pk):
        row = get_object_or_404(SeatRequestModel.objects.select_related("delegation__event"), pk=pk)
        if not request.user.has_perm("delegations.view_delegation", row.delegation):
            raise NotFound
        if not request.user.has_perm("delegations.decide_nominees", row.delegation):
            raise PermissionDenied
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.seat_request_decide(
            request=row, approve=data.validated_data["approve"], by=request.user
        )
        return Response(SeatRequestSerializer(row).data)


class ParticipantsListPdfView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={**PDF, **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        return _pdf(services.participants_list_pdf(event), "list-of-participants.pdf")


class ParticipantsListCsvView(APIView):
    """The export registry's ``delegates`` list (its audit entry with the row count, its
    streaming), at the address delegations' API has always had."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        return registry_download(request, event, "delegates", "csv")


class SeatingPlanView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={**PDF, **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        return _pdf(services.seating_plan_pdf(event), "seating-plan.pdf")


class SpeakersView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiResponse(description="The speakers' list."), **ERRORS})
    def get(self, request, slug):
        event = _event(request, slug)
        return Response(services.speakers_list(event))


class BadgeBatchesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=BadgeBatchInputSerializer, responses={202: BadgeBatchSerializer, **ERRORS}
    )
    def post(self, request, slug):
        event = _event(request, slug)
        data = BadgeBatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        batch = services.badge_batch_create(
            event=event, format=data.validated_data["format"], by=request.user
        )
        return Response(BadgeBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


def _batch(request, pk: int) -> BadgeBatch:
    batch = get_object_or_404(BadgeBatch.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("delegations.manage_delegations", batch.event):
        raise NotFound
    return batch


class BadgeBatchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: BadgeBatchSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(BadgeBatchSerializer(_batch(request, pk)).data)


class BadgeBatchFileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={**PDF, **ERRORS})
    def get(self, request, pk):
        batch = _batch(request, pk)
        if batch.status != BatchStatus.DONE:
            raise NotFound
        return private_file_response(
            batch.storage_name, content_type="application/pdf", filename="badges.pdf"
        )


class MeetingDocumentsView(APIView):
    # Public documents are for everyone; the list shows each reader what they may read.
    permission_classes = [AllowAny]

    @extend_schema(responses={200: MeetingDocumentSerializer(many=True), **ERRORS})
    def get(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        documents = services.documents_visible(request.user, event)
        context = {"event": event}
        return Response(MeetingDocumentSerializer(documents, many=True, context=context).data)

    @extend_schema(
        request=DocumentInputSerializer, responses={201: MeetingDocumentSerializer, **ERRORS}
    )
    def post(self, request, slug):
        if not request.user.is_authenticated:
            raise NotFound
        event = _event(request, slug)
        data = DocumentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        texts = dict(data.validated_data)  # the title's columns in other languages remain
        plain = {name: texts.pop(name) for name in ("symbol", "title", "kind", "visibility")}
        document = services.document_create(event=event, by=request.user, texts=texts, **plain)
        return Response(
            MeetingDocumentSerializer(document, context={"event": event}).data,
            status=status.HTTP_201_CREATED,
        )


class DocumentVersionsView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [RawNameMultiPartParser]
    throttle_scope = "uploads"

    @extend_schema(
        request={"multipart/form-data": VersionInputSerializer},
        responses={201: MeetingDocumentSerializer, **ERRORS},
    )
    def post(self, request, pk):
        document = get_object_or_404(MeetingDocument.objects.select_related("event"), pk=pk)
        if not request.user.has_perm("delegations.manage_delegations", document.event):
            raise NotFound
        data = VersionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.document_version_add(
            document=document,
            uploaded=data.validated_data["file"],
            language=data.validated_data["language"],
            new_version=data.validated_data["new_version"],
            by=request.user,
        )
        return Response(MeetingDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentFileView(APIView):
    """A version's file, for those its visibility admits; everyone else (a guessed id
    included) gets the same 404."""

    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, pk, version_id):
        version = (
            DocumentVersion.objects.select_related("document__event")
            .filter(pk=version_id, document_id=pk)
            .first()
        )
        if version is None or not request.user.has_perm("delegations.view_document", version):
            raise NotFound
        document = version.document
        if document.visibility != Visibility.PUBLIC and request.user.is_authenticated:
            log_action(
                document,
                "delegations.document.downloaded",
                user=request.user,
                event=document.event,
                data={"version": version.number, "language": version.language},
            )
        return private_file_response(
            version.storage_name,
            content_type=version.content_type,
            filename=version.original_name,
            cache_control="public, max-age=300"
            if document.visibility == Visibility.PUBLIC
            else "private, no-store",
        )


class BilateralsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: BilateralSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        delegation = _delegation(request, pk)
        return Response(BilateralSerializer(selectors.bilaterals_of(delegation), many=True).data)

    @extend_schema(request=BilateralInputSerializer, responses={201: BilateralSerializer, **ERRORS})
    def post(self, request, pk):
        delegation = _delegation(request, pk, "delegations.change_delegation")
        data = BilateralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counterpart = selectors.delegation_detail(data.validated_data["counterpart"])
        if counterpart is None or counterpart.event_id != delegation.event_id:
            return Response({"counterpart": ["Unknown delegation."], "code": "invalid"}, status=400)
        row = services.bilateral_request(
            requester=delegation,
            counterpart=counterpart,
            by=request.user,
            note=data.validated_data.get("note", ""),
            duration_minutes=data.validated_data["duration_minutes"],
            preferred_days=data.validated_data.get("preferred_days", ()),
        )
        return Response(BilateralSerializer(row).data, status=status.HTTP_201_CREATED)


class BilateralAnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=DecisionInputSerializer, responses={200: BilateralSerializer, **ERRORS})
    def post(self, request, pk):
        row = get_object_or_404(
            Bilateral.objects.select_related("event", "requester__partner", "counterpart__partner"),
            pk=pk,
        )
        if not request.user.has_perm("delegations.view_bilateral", row):
            raise NotFound
        if not request.user.has_perm("delegations.answer_bilateral", row):
            raise PermissionDenied
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.bilateral_answer(
            bilateral=row, accept=data.validated_data["approve"], by=request.user
        )
        return Response(BilateralSerializer(row).data)


class BilateralsScheduleView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ScheduleResultSerializer, **ERRORS})
    def post(self, request, slug):
        event = _event(request, slug)
        result = services.bilaterals_schedule(event=event, by=request.user, time_limit=20)
        return Response(
            ScheduleResultSerializer(
                {
                    "status": result.status,
                    "placed": len(result.placements),
                    "conflicts": [c.message for c in result.conflicts],
                    "off_preference": [b.pk for b in services.bilaterals_off_preference(event)]
                    if result.placements
                    else [],
                    "wall_seconds": result.wall_seconds,
                }
            ).data
        )
