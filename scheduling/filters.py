"""Query-string filters for the scheduling API and pages (django-filter).

They narrow a queryset the view has already scoped to one event the user may schedule."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from participants.filters import person_matches
from programmes.enums import SessionType

from .enums import RunStatus
from .models import ScheduleRun, SessionRequest, SpeakerAvailability, Team

YES_NO = [("true", "true"), ("false", "false")]


class RunFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = ScheduleRun
        fields = ["status"]


class RequestFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=SessionType.choices, label=_("Type"), empty_label=_("Any")
    )
    team = django_filters.NumberFilter(field_name="team_id", label=_("Only this team's sessions."))
    venue = django_filters.NumberFilter(
        field_name="venue_id", label=_("Only sessions tied to this venue.")
    )
    speaker = django_filters.NumberFilter(
        field_name="speakers", label=_("Only sessions with this speaker (person id).")
    )
    # A choice, not a BooleanFilter: that one ignores a value it can't read ("yes").
    placed = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_placed",
        label=_("true: only sessions already on the agenda; false: those still to place."),
    )
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=_("Title contains"), max_length=100
    )

    class Meta:
        model = SessionRequest
        fields = ["kind", "team", "venue", "speaker", "placed", "q"]

    def filter_placed(self, queryset, name, value):
        return queryset.filter(session__isnull=value != "true")


class AvailabilityFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="person_id", label=_("Speaker (person id)."))
    # Windows that overlap [ends_after, starts_before).
    ends_after = django_filters.IsoDateTimeFilter(
        field_name="ends_at", lookup_expr="gt", label=_("Only windows ending after this time.")
    )
    starts_before = django_filters.IsoDateTimeFilter(
        field_name="starts_at",
        lookup_expr="lt",
        label=_("Only windows starting before this time."),
    )

    class Meta:
        model = SpeakerAvailability
        fields = ["person", "ends_after", "starts_before"]


class TeamFilter(django_filters.FilterSet):
    member = django_filters.CharFilter(
        method="filter_member",
        label=_("Only teams with a member whose name or email contains this."),
        max_length=100,
    )

    class Meta:
        model = Team
        fields = ["member"]

    def filter_member(self, queryset, name, value):
        if not value.strip():
            return queryset
        teams = Team.objects.filter(person_matches("members__user", value)).values("pk")
        return queryset.filter(pk__in=teams)
