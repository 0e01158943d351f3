"""Query-string filters for the review API (django-filter). The ranking and the selection
page are narrowed by participants.filters.ApplicationFilter."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ReviewAssignment

YES_NO = [("true", "true"), ("false", "false")]


class AssignmentFilter(django_filters.FilterSet):
    """Narrows an event's assignments (organisers) or the reviewer's own (all events)."""

    event = django_filters.CharFilter(
        field_name="application__event__slug", label=_("Only this event's (its slug).")
    )
    reviewer = django_filters.NumberFilter(field_name="reviewer_id", label=_("Reviewer's user id."))
    # A choice, not a BooleanFilter: that one ignores a value it can't read ("yes"),
    # which would answer every row instead of a 400.
    submitted = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_submitted",
        label=_("true: only assignments whose review is submitted; false: the others."),
    )

    class Meta:
        model = ReviewAssignment
        fields = ["event", "reviewer", "submitted"]

    def filter_submitted(self, queryset, name, value):
        return queryset.filter(review__submitted_at__isnull=value != "true")
