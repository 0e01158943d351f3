"""Logistics API. Organisers' endpoints need ``logistics.manage_travel`` on the event;
passport data needs ``logistics.view_passports`` (the logistics role) and every read of it
is logged by the service that returns it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from backend.permissions import HasRule
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.models import Event, Leg

from .. import services
from ..enums import Direction
from ..models import LetterJob, RoomingJob, VisaCase
from .serializers import (
    FlightInputSerializer,
    FlightSerializer,
    GuestNightsSerializer,
    LetterJobSerializer,
    PassportSerializer,
    PersonPassportSerializer,
    PickupGroupSerializer,
    PickupPlanInputSerializer,
    RoomingInputSerializer,
    RoomingJobSerializer,
    RoomSerializer,
    VisaRowSerializer,
    VisaRulesInputSerializer,
    VisaStatusInputSerializer,
    rooming_job_data,
)

ERRORS = {
    400: OpenApiResponse(description="Bad input; the body names the field and a `code`."),
    403: OpenApiResponse(description="Not allowed for this event."),
    404: OpenApiResponse(description="No such object."),
    409: OpenApiResponse(description="Conflicts with the current state."),
}


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("organisation"), slug=slug)


def _job(job) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
    }


class VisasView(APIView):
    """Per confirmed person and leg: needed by the table, and the case's status."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel"}

    @extend_schema(responses={200: VisaRowSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        rows = [
            {
                "application": row["application"].pk,
                "name": row["application"].applicant.get_full_name(),
                "country": str(row["application"].country),
                "legs": [
                    {
                        "leg": cell["leg"].pk,
                        "city": cell["leg"].city,
                        "country": str(cell["leg"].country),
                        "needed_by_table": cell["needed"],
                        "status": cell["case"].status if cell["case"] else None,
                        "case": cell["case"].pk if cell["case"] else None,
                    }
                    for cell in row["legs"]
                ],
            }
            for row in services.visa_overview(event=event)
        ]
        return Response(rows)


class VisaRulesView(APIView):
    permission_classes = [HasRule]
    object_rules = {"PUT": "logistics.manage_travel"}

    @extend_schema(
        request=VisaRulesInputSerializer, responses={200: VisaRulesInputSerializer, **ERRORS}
    )
    def put(self, request, slug: str, country: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = VisaRulesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = services.visa_rules_set(
            event=event,
            country=country,
            nationalities=data.validated_data["nationalities"],
            by=request.user,
        )
        return Response({"nationalities": wanted})


class VisaCaseView(APIView):
    permission_classes = [HasRule]
    object_rules = {"PATCH": "logistics.manage_travel"}

    @extend_schema(
        request=VisaStatusInputSerializer, responses={200: VisaStatusInputSerializer, **ERRORS}
    )
    def patch(self, request, slug: str, pk: int):
        event = _event(slug)
        self.check_object_permissions(request, event)
        case = get_object_or_404(VisaCase, pk=pk, leg__event=event)
        data = VisaStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.visa_status_set(
            case=case, status=data.validated_data["status"], by=request.user
        )
        return Response({"status": case.status})


class LetterJobsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"POST": "logistics.manage_travel"}

    @extend_schema(request=None, responses={202: LetterJobSerializer, **ERRORS})
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        job = services.letter_job_start(event=event, by=request.user)
        return Response(_job(job), status=status.HTTP_202_ACCEPTED)


class LetterJobView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel"}

    @extend_schema(responses={200: LetterJobSerializer, **ERRORS})
    def get(self, request, slug: str, pk: int):
        event = _event(slug)
        self.check_object_permissions(request, event)
        return Response(_job(get_object_or_404(LetterJob, pk=pk, event=event)))


class PassportsView(APIView):
    """Everyone's passport data: organisers with the logistics role only (logged)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.view_passports"}

    @extend_schema(responses={200: PersonPassportSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        applications = list(services.attending(event).select_related("applicant").order_by("pk"))
        data = services.passports_view(
            event=event, applications=applications, user=request.user, where="api"
        )
        return Response(
            [
                {"application": a.pk, "name": a.applicant.get_full_name(), **data[a.pk]}
                for a in applications
            ]
        )


def _own_application(request, slug: str) -> Application:
    application = (
        Application.objects.filter(
            event__slug=slug, applicant=request.user, status=ApplicationStatus.CONFIRMED
        )
        .select_related("event")
        .first()
    )
    if application is None:
        raise NotFound
    return application


class MyPassportView(APIView):
    """The participant's own passport data (each read logged, as every read is)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.view_passport", "PUT": "logistics.view_passport"}

    @extend_schema(responses={200: PassportSerializer, **ERRORS})
    def get(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        return Response(
            services.passport_view(application=application, user=request.user, where="api")
        )

    @extend_schema(request=PassportSerializer, responses={200: PassportSerializer, **ERRORS})
    def put(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        data = PassportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.passport_save(application=application, data=data.validated_data, by=request.user)
        return Response(
            services.passport_view(application=application, user=request.user, where="api")
        )


def _flight(flight) -> dict:
    return {
        "application": flight.application_id,
        "direction": flight.direction,
        "flight_number": flight.flight_number,
        "airport": flight.airport,
        "airport_zone": flight.airport_zone,
        "at": flight.at,
        "local_time": services.local_time(flight).isoformat(),
    }


class MyFlightsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"POST": "logistics.view_own_travel"}

    @extend_schema(request=FlightInputSerializer, responses={200: FlightSerializer, **ERRORS})
    def post(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        data = FlightInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        raw = str(request.data.get("at", ""))
        if "+" not in raw[10:] and not raw.endswith("Z") and "-" not in raw[10:]:
            # No offset given: the airport's wall clock, not the server's zone.
            values["at"] = timezone.make_naive(values["at"])
        return Response(
            _flight(services.flight_save(application=application, by=request.user, **values))
        )


class PickupsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel", "POST": "logistics.manage_travel"}

    @extend_schema(responses={200: PickupGroupSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        direction = request.query_params.get("direction", Direction.ARRIVAL)
        if direction not in Direction.values:
            return Response(
                {"direction": ["Choose arrival, transfer or departure."], "code": "invalid"},
                status=400,
            )
        return Response(
            [_group(g) for g in services.pickup_groups(event=event, direction=direction)]
        )

    @extend_schema(
        request=PickupPlanInputSerializer,
        responses={201: PickupGroupSerializer(many=True), **ERRORS},
    )
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = PickupPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pickups_plan(event=event, by=request.user, **data.validated_data)
        groups = services.pickup_groups(event=event, direction=data.validated_data["direction"])
        return Response([_group(g) for g in groups], status=status.HTTP_201_CREATED)


def _group(group) -> dict:
    return {
        "vehicle": group.vehicle,
        "airport": group.airport,
        "capacity": group.capacity,
        "first_at": group.first_at,
        "last_at": group.last_at,
        "applications": sorted(f.application_id for f in group.flights.all()),
    }


def _leg(event: Event, leg_id) -> Leg | None:
    if leg_id in (None, ""):
        return None
    leg = Leg.objects.filter(event=event, pk=leg_id).first()
    if leg is None:
        raise BridgesError("This leg is not part of the event.", field="leg")
    return leg


class RoomingView(APIView):
    """The rooming list of a leg (GET ?leg=), and a new one by the solver (POST)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel", "POST": "logistics.manage_travel"}

    @extend_schema(responses={200: RoomSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        rows = services.rooming_list(event=event, leg=_leg(event, request.query_params.get("leg")))
        return Response(RoomSerializer(rows, many=True).data)

    @extend_schema(request=RoomingInputSerializer, responses={202: RoomingJobSerializer, **ERRORS})
    def post(self, request, slug: str):
        """Start a solve as a Celery job; follow it at ``rooming-jobs/{id}/``."""
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = RoomingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        leg = _leg(event, data.validated_data.get("leg"))
        job = services.rooming_job_start(event=event, leg=leg, by=request.user)
        return Response(
            RoomingJobSerializer(rooming_job_data(job)).data, status=status.HTTP_202_ACCEPTED
        )


class RoomNightsView(APIView):
    """Nights per guest for billing, companions included: per leg and over every leg."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel"}

    @extend_schema(responses={200: GuestNightsSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        _stays, rows = services.nights_by_person(event=event)
        return Response(GuestNightsSerializer(rows, many=True).data)


class RoomingJobView(APIView):
    """A rooming job's progress, and its outcome (or the rule that cannot hold)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel"}

    @extend_schema(responses={200: RoomingJobSerializer, **ERRORS})
    def get(self, request, slug: str, pk: int):
        event = _event(slug)
        self.check_object_permissions(request, event)
        job = get_object_or_404(RoomingJob, pk=pk, event=event)
        return Response(RoomingJobSerializer(rooming_job_data(job)).data)
