"""Travel grants API: organisers with the logistics role list and review claims; the
participant lists their own claims and sends one with its receipt (multipart)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from backend.files import signed_url
from backend.permissions import HasRule

from .. import services
from ..filters import ClaimFilter
from ..models import Claim, Grant
from .serializers import ClaimInputSerializer, ClaimSerializer
from .views import ERRORS, _event, _own_application


def _claims(queryset):
    rows = list(queryset.select_related("grant__application__applicant").order_by("pk"))
    for claim in rows:
        claim.receipt_url = signed_url(claim.receipt_storage_name)
    return rows


class ClaimsView(GenericAPIView):
    """An event's reimbursement claims (?status=, ?budget_line=)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_grants"}
    filterset_class = ClaimFilter
    pagination_class = None
    serializer_class = ClaimSerializer

    def get_queryset(self):
        return Claim.objects.filter(grant__application__event__slug=self.kwargs.get("slug"))

    @extend_schema(responses={200: ClaimSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        self.check_object_permissions(request, _event(slug))
        rows = _claims(self.filter_queryset(self.get_queryset()))
        return Response(ClaimSerializer(rows, many=True).data)


class ClaimReviewView(APIView):
    """Approve (``/approve/``) or reject (``/reject/``) a submitted claim."""

    permission_classes = [HasRule]
    object_rules = {"POST": "logistics.manage_grants"}
    decision = "approve"

    @extend_schema(request=None, responses={200: ClaimSerializer, **ERRORS})
    def post(self, request, slug: str, pk: int):
        event = _event(slug)
        self.check_object_permissions(request, event)
        claim = get_object_or_404(Claim, pk=pk, grant__application__event=event)
        services.claim_review(claim=claim, approve=self.decision == "approve", by=request.user)
        return Response(ClaimSerializer(_claims(Claim.objects.filter(pk=claim.pk))[0]).data)


class MyClaimsView(APIView):
    """The participant's own claims; POST one with its receipt (multipart/form-data)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.view_own_travel", "POST": "logistics.view_own_travel"}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: ClaimSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        rows = _claims(Claim.objects.filter(grant__application=application))
        return Response(ClaimSerializer(rows, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ClaimInputSerializer},
        responses={201: ClaimSerializer, **ERRORS},
    )
    def post(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        grant = Grant.objects.filter(application=application).first()
        if grant is None:
            raise BridgesError(
                _("You have no travel grant to claim against."),
                code="no_grant",
                field="grant",
                status=409,
            )
        data = ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_submit(grant=grant, by=request.user, **data.validated_data)
        row = _claims(Claim.objects.filter(pk=claim.pk))[0]
        return Response(ClaimSerializer(row).data, status=status.HTTP_201_CREATED)
