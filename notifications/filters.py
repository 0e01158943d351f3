"""Query-string filters for the notifications API (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .enums import MessageKind
from .models import Message


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
