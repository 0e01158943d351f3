"""Query-string filters for the attendance API and dashboard (django-filter).

They narrow rows the view has already scoped to one session or event the user may see.
The roster, the no-shows and the dashboard's participants are narrowed by
participants.filters.ApplicationFilter (country, gender, name or email)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import django_filters
from django.utils.translation import gettext_lazy as _

from participants.filters import person_matches

from .enums import CheckInMethod
from .models import CheckIn
from .selectors import AttendanceReport

YES_NO = [("true", "true"), ("false", "false")]


class CheckInFilter(django_filters.FilterSet):
    method = django_filters.ChoiceFilter(
        choices=CheckInMethod.choices, label=_("How the person was checked in.")
    )
    # Choices, not BooleanFilters: those ignore a value they can't read ("yes").
    late = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_flag", label=_("true: only late arrivals.")
    )
    left_early = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_flag", label=_("true: only those who left early.")
    )
    checked_out = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_checked_out",
        label=_("true: only those checked out; false: those still in."),
    )
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Part of the participant's name or email address."),
        max_length=100,
    )

    class Meta:
        model = CheckIn
        fields = ["method", "late", "left_early", "checked_out", "q"]

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: value == "true"})

    def filter_checked_out(self, queryset, name, value):
        return queryset.filter(checked_out_at__isnull=value != "true")

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(person_matches("application__applicant", value))


def report_of(report: AttendanceReport, application_ids: Iterable[int]) -> AttendanceReport:
    """The report with only these participants (and their no-shows); the per-session
    figures stay the whole event's."""
    shown = set(application_ids)
    return dataclasses.replace(
        report, participants=[p for p in report.participants if p.application.pk in shown]
    )
