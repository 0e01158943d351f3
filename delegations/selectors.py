"""Reads for delegations, with their joins: one query per list."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from programmes.models import Event

from .enums import ACTIVE_NOMINEE_STATUSES
from .models import Bilateral, EventPartner, Nominee


def delegations_of_event(event: Event) -> QuerySet[EventPartner]:
    return (
        EventPartner.objects.filter(event=event)
        .select_related("partner", "event")
        .annotate(
            seats_taken=Count(
                "nominees",
                filter=Q(nominees__status__in=ACTIVE_NOMINEE_STATUSES, nominees__is_adviser=False),
            )
        )
        .order_by("partner__alphabetical_name", "partner__official_name")
    )


def delegations_of_focal_point(user) -> QuerySet[EventPartner]:
    return (
        EventPartner.objects.filter(partner__focal_points=user)
        .select_related("partner", "event")
        .annotate(
            seats_taken=Count(
                "nominees",
                filter=Q(nominees__status__in=ACTIVE_NOMINEE_STATUSES, nominees__is_adviser=False),
            )
        )
        .order_by("event__start_date", "pk")
    )


def delegation_detail(pk: int) -> EventPartner | None:
    return (
        EventPartner.objects.select_related("partner", "event__organisation")
        .prefetch_related(
            Prefetch("nominees", queryset=Nominee.objects.order_by("-is_head", "rank", "pk")),
            "seat_requests",
        )
        .filter(pk=pk)
        .first()
    )


def bilaterals_of(delegation: EventPartner) -> QuerySet[Bilateral]:
    return (
        Bilateral.objects.filter(Q(requester=delegation) | Q(counterpart=delegation))
        .select_related("requester__partner", "counterpart__partner", "venue")
        .order_by("starts_at", "pk")
    )
