"""Query-string filters for the logistics API (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from participants.models import Application

from .enums import ClaimStatus
from .models import Claim

YES_NO = [("true", "true"), ("false", "false")]


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, label=_("Only this status."))
    budget_line = django_filters.CharFilter(
        field_name="grant__budget_line", label=_("Only this budget line.")
    )

    class Meta:
        model = Claim
        fields = ["status", "budget_line"]


class FollowUpResponseFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter, so that an unreadable value is a 400.
    answered = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_answered",
        label=_("true: only people who answered the follow-up form; false: the others."),
    )

    class Meta:
        model = Application
        fields = ["answered"]

    def filter_answered(self, queryset, name, value):
        return queryset.filter(follow_up_response__isnull=value != "true")
