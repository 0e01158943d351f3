"""Review API: parse, check permission, call a service or selector, render.

Events are addressed by slug. Someone with no role in the event's organisation gets a
404 (ids can't be probed); a member without the needed role a 403. A reviewer reaches
only their own assignments (anything else is a 404); applicants never reach reviews.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from participants.filters import ApplicationFilter
from participants.models import Application
from programmes.models import Event

from .. import selectors, services
from ..filters import AssignmentFilter
from ..models import Criterion, ReviewAssignment
from . import serializers as s

ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names each field at fault."),
    403: OpenApiResponse(description="A member of the organisation without the needed role."),
    404: OpenApiResponse(description="Not found, or not yours to see."),
    409: OpenApiResponse(description="Conflicts with the current state (the code says which)."),
}


def _require(request, perm: str, event: Event | None, message: str | None = None) -> None:
    """404 for outsiders (and missing rows), 403 for members without ``perm``."""
    if event is None or not request.user.has_perm("programmes.view_organisation", event):
        raise NotFound()
    if not request.user.has_perm(perm, event):
        raise PermissionDenied(message)


def _require_manager(request, event: Event | None) -> None:
    _require(request, "review.manage_review", event, _("Only the event's organisers can do this."))


def _managed_event(request, slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    _require_manager(request, event)
    return event


def _own_assignment(request, pk: int) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.select_related("application", "application__event")
        .filter(pk=pk)
        .first()
    )
    if assignment is None or not request.user.has_perm("review.change_assignment", assignment):
        raise NotFound()
    return assignment


class SettingsView(APIView):
    @extend_schema(
        responses={200: s.ReviewSettingsSerializer, **ERRORS}, summary="An event's review settings"
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        return Response(s.ReviewSettingsSerializer(services.review_settings_for(event)).data)

    @extend_schema(
        request=s.ReviewSettingsInputSerializer,
        responses={200: s.ReviewSettingsSerializer, **ERRORS},
        summary="Change review settings (only the fields sent)",
    )
    def patch(self, request, slug: str):
        event = _managed_event(request, slug)
        data = s.ReviewSettingsInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        row = services.review_settings_update(event=event, data=data.validated_data)
        return Response(s.ReviewSettingsSerializer(row).data)


class CriteriaView(APIView):
    @extend_schema(
        responses={200: s.CriterionSerializer(many=True), **ERRORS}, summary="The rubric"
    )
    def get(self, request, slug: str):
        event = Event.objects.filter(slug=slug).first()
        _require(request, "review.review_applications", event)
        return Response(
            s.CriterionSerializer(Criterion.objects.filter(event=event), many=True).data
        )

    @extend_schema(
        request=s.CriterionInputSerializer,
        responses={201: s.CriterionSerializer, **ERRORS},
        summary="Add a criterion",
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        data = s.CriterionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = services.criterion_create(event=event, data=data.validated_data)
        return Response(s.CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)


class CriterionView(APIView):
    def _criterion(self, request, pk: int) -> Criterion:
        criterion = get_object_or_404(Criterion.objects.select_related("event"), pk=pk)
        _require_manager(request, criterion.event)
        return criterion

    @extend_schema(
        request=s.CriterionInputSerializer,
        responses={200: s.CriterionSerializer, **ERRORS},
        summary="Change a criterion",
    )
    def patch(self, request, pk: int):
        criterion = self._criterion(request, pk)
        data = s.CriterionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(
            s.CriterionSerializer(
                services.criterion_update(criterion=criterion, data=data.validated_data)
            ).data
        )

    @extend_schema(
        responses={204: None, **ERRORS}, summary="Delete a criterion (only before it is scored)"
    )
    def delete(self, request, pk: int):
        services.criterion_delete(criterion=self._criterion(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignmentsView(GenericAPIView):
    filterset_class = AssignmentFilter
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no event
            return ReviewAssignment.objects.none()
        event = _managed_event(self.request, self.kwargs["slug"])
        return (
            ReviewAssignment.objects.filter(application__event=event)
            .select_related("review")
            .order_by("pk")
        )

    @extend_schema(
        responses={200: s.ReviewAssignmentSerializer(many=True), **ERRORS},
        summary="An event's reviewer assignments",
    )
    def get(self, request, slug: str):
        rows = self.filter_queryset(self.get_queryset())
        return Response(s.ReviewAssignmentSerializer(rows, many=True).data)

    @extend_schema(
        request=s.ReviewAssignmentInputSerializer,
        responses={201: s.ReviewAssignmentSerializer, **ERRORS},
        summary="Assign a reviewer by hand",
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        data = s.ReviewAssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = (
            Application.objects.select_related("event")
            .filter(event=event, pk=data.validated_data["application"])
            .first()
        )
        if application is None:
            raise NotFound(_("No such application in this event."))
        reviewer = get_user_model().objects.filter(pk=data.validated_data["reviewer"]).first()
        if reviewer is None:
            return Response({"reviewer": [_("No such user.")], "code": "not_found"}, status=400)
        assignment = services.assignment_create(
            application=application, reviewer=reviewer, by=request.user
        )
        return Response(
            s.ReviewAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED
        )


class AssignmentDeleteView(APIView):
    @extend_schema(
        responses={204: None, **ERRORS},
        summary="Remove an assignment (only before the review is submitted)",
    )
    def delete(self, request, pk: int):
        assignment = (
            ReviewAssignment.objects.select_related("application__event").filter(pk=pk).first()
        )
        _require_manager(request, assignment.application.event if assignment else None)
        services.assignment_delete(assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AutoAssignView(APIView):
    @extend_schema(
        request=None,
        responses={200: s.AutoAssignResultSerializer, **ERRORS},
        summary="Give every application the missing reviewers (even loads, exclusions kept)",
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        plan = services.assignments_auto(event=event, by=request.user)
        return Response(
            {
                "created": len(plan.new),
                "loads": {str(k): v for k, v in sorted(plan.loads.items())},
                "balanced": plan.balanced,
            }
        )


class RankingView(GenericAPIView):
    queryset = Application.objects.none()  # the schema's; the event's applications below
    filterset_class = ApplicationFilter
    pagination_class = None

    @extend_schema(
        responses={200: s.RankingRowSerializer(many=True), **ERRORS},
        summary="Applications ranked by corrected score",
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        rows = selectors.ranking_rows(selectors.event_ranking(event=event))
        if request.query_params:
            # The filters pick applications; the ranking keeps its order and ranks.
            shown = set(
                self.filter_queryset(Application.objects.filter(event=event)).values_list(
                    "pk", flat=True
                )
            )
            rows = [row for row in rows if row["application"] in shown]
        return Response(rows)


class QuotaPanelView(APIView):
    @extend_schema(
        responses={200: s.QuotaRowSerializer(many=True), **ERRORS},
        summary="Per-country counts against quotas",
    )
    def get(self, request, slug: str):
        from ..selection import country_name

        event = _managed_event(request, slug)
        rows = [
            {
                **row.__dict__,
                "country_name": country_name(row.country),
                "below_minimum": row.below_minimum,
                "at_maximum": row.at_maximum,
            }
            for row in selectors.quota_panel(event=event)
        ]
        return Response(s.QuotaRowSerializer(rows, many=True).data)


class ProposalView(APIView):
    @extend_schema(
        responses={200: s.SelectionProposalSerializer, **ERRORS},
        summary="A proposed selection, explained per applicant",
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        return Response(selectors.proposal_rows(selectors.event_proposal(event=event)))


class DecisionsView(APIView):
    @extend_schema(
        request=s.SelectionDecisionsInputSerializer,
        responses={200: s.SelectionAppliedSerializer, **ERRORS},
        summary="Apply decisions in bulk (all or nothing)",
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        data = s.SelectionDecisionsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decisions = data.validated_data["decisions"]
        applied = services.selection_apply(
            event=event,
            decisions=decisions,
            by=request.user,
        )
        return Response(
            {"applied": len(applied), "statuses": {str(a.pk): a.status for a in applied}}
        )


class PromoteView(APIView):
    @extend_schema(
        request=None,
        responses={200: s.WaitlistPromotedSerializer, **ERRORS},
        summary="Offer free seats to the waiting list now",
    )
    def post(self, request, slug: str):
        event = _managed_event(request, slug)
        promoted = services.waitlist_promote(event=event, by=request.user)
        return Response({"promoted": [a.pk for a in promoted]})


class ApplicationReviewsView(APIView):
    @extend_schema(
        responses={200: s.ReviewSerializer(many=True), **ERRORS},
        summary="Reviews of an application (organisers; reviewers after their own)",
    )
    def get(self, request, pk: int):
        application = Application.objects.select_related("event").filter(pk=pk).first()
        if application is None or not request.user.has_perm("review.view_reviews", application):
            raise NotFound()
        return Response(s.ReviewSerializer(selectors.reviews_of(application), many=True).data)


class MyAssignmentsView(GenericAPIView):
    queryset = ReviewAssignment.objects.none()  # the schema's; the reviewer's own below
    filterset_class = AssignmentFilter
    pagination_class = None

    @extend_schema(
        responses={200: s.ReviewAssignmentSerializer(many=True), **ERRORS},
        summary="My review assignments",
    )
    def get(self, request):
        rows = self.filter_queryset(selectors.reviewer_assignments(user=request.user))
        return Response(s.ReviewAssignmentSerializer(rows, many=True).data)


class AssignmentDetailView(APIView):
    @extend_schema(
        responses={200: s.ReviewerAssignmentDetailSerializer, **ERRORS},
        summary="An assigned application (blinded when set), the rubric and my review",
    )
    def get(self, request, pk: int):
        assignment = _own_assignment(request, pk)
        return Response(selectors.assignment_detail(assignment))


class ReviewSubmitView(APIView):
    @extend_schema(
        request=s.ReviewScoreInputSerializer,
        responses={200: s.ReviewSerializer, **ERRORS},
        summary="Score and submit my review",
    )
    def post(self, request, pk: int):
        assignment = _own_assignment(request, pk)
        data = s.ReviewScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_submit(
            assignment=assignment,
            by=request.user,
            scores=data.validated_data["scores"],
            comment=data.validated_data.get("comment", ""),
        )
        return Response(s.ReviewSerializer(selectors.review_detail(review.pk)).data)


class ConflictView(APIView):
    @extend_schema(
        request=s.ConflictDeclarationInputSerializer,
        responses={201: s.ConflictDeclarationSerializer, **ERRORS},
        summary="Declare a conflict of interest with an applicant (and step aside)",
    )
    def post(self, request, pk: int):
        # Declared on an assigned application (the only ones a reviewer can see); the
        # assignment is dropped and automatic assignment never gives it back.
        assignment = selectors.assignment_for(user=request.user, application_id=pk)
        if assignment is None:
            raise NotFound()
        application = assignment.application
        data = s.ConflictDeclarationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = services.conflict_declare(
            application=application,
            reviewer=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(
            s.ConflictDeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED
        )
