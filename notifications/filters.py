"""Query-string filters for the notifications API and pages (django-filter).

They narrow a queryset the view has already scoped to the user or to an event they manage."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import MessageKind, MessageStatus, Segment
from .models import Broadcast, Message, TemplateOverride


class InboxFilter(django_filters.FilterSet):
    # Account mail never shows in the inbox, so it is no choice here either.
    kind = django_filters.ChoiceFilter(
        choices=[c for c in MessageKind.choices if c[0] != MessageKind.ACCOUNT],
        label=_("Only messages of this kind."),
    )
    # A choice, not a BooleanFilter: that one ignores a value it can't read ("yes"),
    # which would answer every message instead of a 400.
    unread = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_unread",
        label=_("true: only messages not yet read; false: only those read."),
    )

    class Meta:
        model = Message
        fields = ["kind", "unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true")


class BroadcastFilter(django_filters.FilterSet):
    segment = django_filters.ChoiceFilter(
        choices=Segment.choices, label=_("Recipients"), empty_label=_("Any")
    )
    sent_after = django_filters.DateFilter(
        field_name="sent_at",
        lookup_expr="date__gte",
        label=_("Sent on or after"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sent_before = django_filters.DateFilter(
        field_name="sent_at",
        lookup_expr="date__lte",
        label=_("Sent on or before"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(
        field_name="subject", lookup_expr="icontains", label=_("Subject contains"), max_length=100
    )

    class Meta:
        model = Broadcast
        fields = ["segment", "sent_after", "sent_before", "q"]

    @property
    def form(self):
        form = super().form
        # The compose form on the same page has a "segment" too: ids stay unique.
        form.auto_id = "id_filter_%s"
        return form


class TemplateOverrideFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=MessageKind.choices, label=_("Kind"), empty_label=_("Any")
    )
    language = django_filters.CharFilter(
        label=_("Only the templates in this language (its code, e.g. ko)."),
        max_length=8,
    )

    class Meta:
        model = TemplateOverride
        fields = ["kind", "language"]


class OutboxFilter(django_filters.FilterSet):
    """The organiser's outbox of one event: by status, kind, recipient and failure reason."""

    status = django_filters.ChoiceFilter(
        choices=MessageStatus.choices, label=_("Status"), empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        choices=MessageKind.choices, label=_("Kind"), empty_label=_("Any")
    )
    to = django_filters.CharFilter(
        method="filter_to", label=_("Recipient (name or address)"), max_length=100
    )
    reason = django_filters.CharFilter(
        field_name="last_error", lookup_expr="icontains", label=_("Reason contains"), max_length=100
    )

    class Meta:
        model = Message
        fields = ["status", "kind", "to", "reason"]

    def filter_to(self, queryset, name, value):
        return queryset.filter(Q(to_email__icontains=value) | Q(to_name__icontains=value))
