"""Query-string filters for the scheduling API (django-filter)."""

from __future__ import annotations

import django_filters

from .enums import RunStatus
from .models import ScheduleRun


class RunFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = ScheduleRun
        fields = ["status"]
