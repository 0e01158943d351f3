"""The organisers' logistics API beyond visas and rooms: the logistics role (owners give
and take it), airfare caps, per-diem rates and approved grants (the logistics role), room
edits and single rooms, and companions (organisers, and the participant for themselves).
Each endpoint runs the service the pages run; the services write the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from backend.permissions import HasRule
from programmes.enums import MemberRole
from programmes.models import Membership

from .. import services
from ..enums import CompanionRole
from ..models import AirfareCap, Companion, Grant, LogisticsAccess, PerDiemRate, RoomBlock
from ..services.removals import airfare_cap_delete, companion_remove, per_diem_delete
from .views import ERRORS, _event, _leg, _own_application


class TeamMemberSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    logistics = serializers.BooleanField()


class AccessInputSerializer(serializers.Serializer):
    user = serializers.IntegerField()


class AirfareCapSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    region = serializers.CharField(max_length=100)
    countries = serializers.ListField(
        child=serializers.RegexField(r"^[A-Za-z]{2}$"), allow_empty=False, max_length=250
    )
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$")


class PerDiemRateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    city = serializers.CharField(max_length=120)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$")


class GrantPerDiemSerializer(serializers.Serializer):
    rate = serializers.IntegerField(source="rate_id")
    city = serializers.CharField(source="rate.city", read_only=True)
    per_day = serializers.DecimalField(
        source="rate.amount", max_digits=10, decimal_places=2, read_only=True
    )
    currency = serializers.CharField(source="rate.currency", read_only=True)
    days = serializers.IntegerField(min_value=0, max_value=366)


class GrantSerializer(serializers.Serializer):
    """A person's grant: the airfare approved (in its region's cap currency) and the per
    diem as ``per_diem_lines``, one per city, each at its city's rate and currency
    (``[{"rate": 3, "days": 5}]``; read back with ``city``, ``per_day`` and ``currency``).
    Posting lines replaces the grant's lines; no lines, no per diem."""

    id = serializers.IntegerField(read_only=True)
    application = serializers.IntegerField(source="application_id")
    budget_line = serializers.CharField(max_length=100)
    airfare = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    airfare_currency = serializers.CharField(read_only=True)
    per_diem_lines = GrantPerDiemSerializer(many=True, default=list, max_length=50)

    def validate(self, attrs):
        # The single rate of older clients is gone; refusing it beats dropping it silently.
        retired = [name for name in ("per_diem", "per_diem_days") if name in self.initial_data]
        if retired:
            raise serializers.ValidationError(
                {name: [_("Send per_diem_lines (a rate and days per city).")] for name in retired}
            )
        return attrs


class RoomAssignInputSerializer(serializers.Serializer):
    leg = serializers.IntegerField(required=False, allow_null=True)
    application = serializers.IntegerField(required=False, allow_null=True)
    companion = serializers.IntegerField(required=False, allow_null=True)
    block = serializers.IntegerField()
    room = serializers.IntegerField(min_value=1, max_value=32767)

    def validate(self, attrs):
        if bool(attrs.get("application")) == bool(attrs.get("companion")):
            raise serializers.ValidationError(
                {"application": [_("Give either a participant or a companion.")]}
            )
        return attrs


class RoomAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    block = serializers.IntegerField(source="block_id")
    room = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id", allow_null=True)
    companion = serializers.IntegerField(source="companion_id", allow_null=True)
    kept = serializers.BooleanField()


class SingleRoomSerializer(serializers.Serializer):
    single = serializers.BooleanField()


class CompanionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    application = serializers.IntegerField(source="application_id")
    name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=CompanionRole.choices)
    gender = serializers.ChoiceField(
        choices=Companion._meta.get_field("gender").choices, allow_blank=True, default=""
    )
    is_minor = serializers.BooleanField(default=False)


class MyCompanionSerializer(CompanionSerializer):
    application = serializers.IntegerField(source="application_id", read_only=True)


def _attending(event, pk):
    application = services.attending(event).filter(pk=pk).first()
    if application is None:
        raise BridgesError(_("Choose a confirmed participant."), field="application")
    return application


class TeamView(APIView):
    """The organisation's owners and organisers, and who holds the logistics role.
    POST ``{"user": id}`` gives the role (owners only)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel", "POST": "logistics.manage_travel"}

    @extend_schema(responses={200: TeamMemberSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        holders = set(
            LogisticsAccess.objects.filter(organisation=event.organisation_id).values_list(
                "user_id", flat=True
            )
        )
        members = (
            Membership.objects.filter(
                organisation=event.organisation_id,
                role__in=[MemberRole.OWNER, MemberRole.ORGANISER],
            )
            .select_related("user")
            .order_by("pk")
        )
        rows = [
            {
                "user": m.user_id,
                "name": m.user.get_full_name() or m.user.email,
                "role": m.role,
                "logistics": m.user_id in holders,
            }
            for m in members
        ]
        return Response(TeamMemberSerializer(rows, many=True).data)

    @extend_schema(request=AccessInputSerializer, responses={201: TeamMemberSerializer, **ERRORS})
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = AccessInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = (
            Membership.objects.filter(
                organisation=event.organisation_id, user_id=data.validated_data["user"]
            )
            .select_related("user")
            .first()
        )
        if member is None:
            raise BridgesError(
                _("Only the organisation's organisers can hold the logistics role."), field="user"
            )
        services.access_grant(organisation=event.organisation, user=member.user, by=request.user)
        row = {
            "user": member.user_id,
            "name": member.user.get_full_name() or member.user.email,
            "role": member.role,
            "logistics": True,
        }
        return Response(TeamMemberSerializer(row).data, status=status.HTTP_201_CREATED)


class TeamMemberView(APIView):
    """DELETE takes the logistics role back from one user (owners only)."""

    permission_classes = [HasRule]
    object_rules = {"DELETE": "logistics.manage_travel"}

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request, slug: str, user: int):
        event = _event(slug)
        self.check_object_permissions(request, event)
        member = get_object_or_404(
            Membership.objects.select_related("user"),
            organisation=event.organisation_id,
            user_id=user,
        )
        services.access_revoke(organisation=event.organisation, user=member.user, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ListAndSaveThroughService(APIView):
    """GET lists an event's rows, POST adds one or changes it: a subclass names its rule
    (``object_rules``), its serializer (``serializer_class``, in and out), the rows
    (``rows``, in order) and the service that saves one (``save(event=, by=, **data)``;
    the service holds the rule and writes the audit log). The schema is named per
    subclass."""

    permission_classes = [HasRule]
    serializer_class: type[serializers.Serializer]
    rows: Callable[[Any], QuerySet]
    save: Callable[..., Any]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        serializer = cls.serializer_class
        extend_schema_view(
            get=extend_schema(responses={200: serializer(many=True), **ERRORS}),
            post=extend_schema(request=serializer, responses={200: serializer, **ERRORS}),
        )(cls)

    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        return Response(self.serializer_class(self.rows(event), many=True).data)

    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = self.serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        row = self.save(event=event, by=request.user, **data.validated_data)
        return Response(self.serializer_class(row).data)


class AirfareCapsView(ListAndSaveThroughService):
    """Airfare caps by region of departure; POST adds one or changes the region's cap."""

    object_rules = {"GET": "logistics.manage_grants", "POST": "logistics.manage_grants"}
    serializer_class = AirfareCapSerializer
    rows = staticmethod(lambda event: AirfareCap.objects.filter(event=event).order_by("region"))
    save = staticmethod(services.airfare_cap_set)


class PerDiemRatesView(ListAndSaveThroughService):
    """Per-diem rates per city and currency; POST adds one or changes the city's rate."""

    object_rules = {"GET": "logistics.manage_grants", "POST": "logistics.manage_grants"}
    serializer_class = PerDiemRateSerializer
    rows = staticmethod(lambda event: PerDiemRate.objects.filter(event=event).order_by("city"))
    save = staticmethod(services.per_diem_set)


class GrantsView(APIView):
    """The grants approved; POST approves one person's amounts (again: changes them)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_grants", "POST": "logistics.manage_grants"}

    @extend_schema(responses={200: GrantSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        rows = (
            Grant.objects.filter(application__event=event)
            .prefetch_related("per_diem_lines__rate")
            .order_by("pk")
        )
        return Response(GrantSerializer(rows, many=True).data)

    @extend_schema(request=GrantSerializer, responses={200: GrantSerializer, **ERRORS})
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = GrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        application = _attending(event, values.pop("application_id"))
        pairs = [(line["rate_id"], line["days"]) for line in values.pop("per_diem_lines")]
        grant = services.grant_approve(
            application=application,
            per_diem_lines=services.per_diem_lines_for(event=event, lines=pairs),
            by=request.user,
            **values,
        )
        return Response(GrantSerializer(grant).data)


class RoomAssignView(APIView):
    """Put a participant or companion in a room of a leg's hotel; the next solve keeps it."""

    permission_classes = [HasRule]
    object_rules = {"POST": "logistics.manage_travel"}

    @extend_schema(
        request=RoomAssignInputSerializer, responses={201: RoomAssignmentSerializer, **ERRORS}
    )
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = RoomAssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        block = RoomBlock.objects.filter(pk=values["block"], hotel__event=event).first()
        if block is None:
            raise BridgesError(_("This room block is not part of this stay."), field="block")
        who = {}
        if values.get("application"):
            who["application"] = _attending(event, values["application"])
        else:
            who["companion"] = Companion.objects.filter(
                pk=values["companion"], application__in=services.attending(event)
            ).first()
            if who["companion"] is None:
                raise BridgesError(_("No such companion at this event."), field="companion")
        assignment = services.room_assign(
            event=event,
            leg=_leg(event, values.get("leg")),
            block=block,
            room=values["room"],
            by=request.user,
            **who,
        )
        return Response(RoomAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class SingleRoomView(APIView):
    """PUT ``{"single": true}``: this person gets a room of their own at the next solve."""

    permission_classes = [HasRule]
    object_rules = {"PUT": "logistics.manage_travel"}

    @extend_schema(request=SingleRoomSerializer, responses={200: SingleRoomSerializer, **ERRORS})
    def put(self, request, slug: str, pk: int):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = SingleRoomSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.attending(event).filter(pk=pk).first()
        if application is None:
            raise BridgesError(
                _("Choose a confirmed participant."), field="application", status=404
            )
        profile = services.single_room_set(
            application=application, single=data.validated_data["single"], by=request.user
        )
        return Response({"single": profile.single_room})


class CompanionsView(APIView):
    """Accompanying persons and chaperones of an event's participants; POST registers one.
    They count for rooms, meals, badges and transfers, not for seats or quotas."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.manage_travel", "POST": "logistics.manage_travel"}

    @extend_schema(responses={200: CompanionSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        rows = Companion.objects.filter(application__in=services.attending(event)).order_by("pk")
        return Response(CompanionSerializer(rows, many=True).data)

    @extend_schema(request=CompanionSerializer, responses={201: CompanionSerializer, **ERRORS})
    def post(self, request, slug: str):
        event = _event(slug)
        self.check_object_permissions(request, event)
        data = CompanionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        application = _attending(event, values.pop("application_id"))
        companion = services.companion_add(application=application, by=request.user, **values)
        return Response(CompanionSerializer(companion).data, status=status.HTTP_201_CREATED)


class MyCompanionsView(APIView):
    """The participant's own companions; POST registers one (no seat, no quota place)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "logistics.view_own_travel", "POST": "logistics.view_own_travel"}

    @extend_schema(responses={200: MyCompanionSerializer(many=True), **ERRORS})
    def get(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        rows = application.companions.order_by("pk")
        return Response(MyCompanionSerializer(rows, many=True).data)

    @extend_schema(request=MyCompanionSerializer, responses={201: MyCompanionSerializer, **ERRORS})
    def post(self, request, slug: str):
        application = _own_application(request, slug)
        self.check_object_permissions(request, application)
        data = MyCompanionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        companion = services.companion_add(
            application=application, by=request.user, **data.validated_data
        )
        return Response(MyCompanionSerializer(companion).data, status=status.HTTP_201_CREATED)


class RemoveThroughService(APIView):
    """DELETE one row: a subclass names its rule (``object_rules``), the rows the caller
    may reach within the scope (``rows``; any other id is a 404) and the service that
    removes one (``remove``; the service holds the rule and writes the audit log)."""

    permission_classes = [HasRule]
    rows: Callable[[Any], QuerySet]
    remove: Callable[..., None]  # remove(row, by=user)

    def scope(self, request, slug: str):
        """What the rule is checked on: the event (for a participant, their application)."""
        return _event(slug)

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request, slug: str, pk: int):
        scope = self.scope(request, slug)
        self.check_object_permissions(request, scope)
        self.remove(get_object_or_404(self.rows(scope), pk=pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AirfareCapView(RemoveThroughService):
    """DELETE removes a cap; grants already approved keep their amounts."""

    object_rules = {"DELETE": "logistics.manage_grants"}
    rows = staticmethod(lambda event: AirfareCap.objects.filter(event=event))
    remove = staticmethod(lambda cap, by: airfare_cap_delete(cap=cap, by=by))


class PerDiemRateView(RemoveThroughService):
    """DELETE removes a rate no grant uses (409 ``rate_in_use`` otherwise)."""

    object_rules = {"DELETE": "logistics.manage_grants"}
    rows = staticmethod(lambda event: PerDiemRate.objects.filter(event=event))
    remove = staticmethod(lambda rate, by: per_diem_delete(rate=rate, by=by))


class CompanionView(RemoveThroughService):
    """DELETE unregisters one companion of the event's participants."""

    object_rules = {"DELETE": "logistics.manage_travel"}
    rows = staticmethod(
        lambda event: Companion.objects.filter(application__in=services.attending(event))
    )
    remove = staticmethod(lambda companion, by: companion_remove(companion=companion, by=by))


class MyCompanionView(CompanionView):
    """DELETE unregisters one of the participant's own companions."""

    object_rules = {"DELETE": "logistics.view_own_travel"}
    rows = staticmethod(lambda application: application.companions.all())

    def scope(self, request, slug: str):
        return _own_application(request, slug)
