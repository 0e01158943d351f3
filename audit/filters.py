"""Filters for an event's log page (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import LogEntry
from .registry import ACTION_TYPES


class EventLogFilter(django_filters.FilterSet):
    action_type = django_filters.ChoiceFilter(
        label=_("Action"), choices=lambda: sorted(ACTION_TYPES.items(), key=lambda c: str(c[1]))
    )
    actor = django_filters.CharFilter(
        label=_("By (email)"), field_name="actor__email", lookup_expr="iexact"
    )

    class Meta:
        model = LogEntry
        fields = ["action_type", "actor"]
