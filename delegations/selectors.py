"""Reads for delegations, with their joins: one query per list."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.appointments import Appointment
from participants.models import Application
from programmes.models import Event

from .enums import ACTIVE_NOMINEE_STATUSES, BilateralStatus, DocumentKind, NomineeStatus, Visibility
from .models import Bilateral, DocumentVersion, EventPartner, MeetingDocument, Nominee


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
            Prefetch(
                "nominees",
                queryset=Nominee.objects.select_related("user__profile").order_by(
                    "-is_head", "rank", "pk"
                ),
            ),
            "seat_requests",
        )
        .filter(pk=pk)
        .first()
    )


def nominee_has_photo(nominee: Nominee) -> bool:
    """Whether the nominee has a photo: the nomination's, else the profile's (read from
    ``user__profile`` when selected)."""
    if nominee.photo_storage_name:
        return True
    try:
        return bool(nominee.user_id and nominee.user.profile.photo_storage_name)
    except ObjectDoesNotExist:
        return False


def bilaterals_of(delegation: EventPartner) -> QuerySet[Bilateral]:
    return (
        Bilateral.objects.filter(Q(requester=delegation) | Q(counterpart=delegation))
        .select_related("requester__partner", "counterpart__partner", "venue", "event")
        .order_by("starts_at", "pk")
    )


def scheduled_bilaterals_of_delegates(
    *, delegation_ids, event_id: int | None = None
) -> QuerySet[Bilateral]:
    """Accepted, placed bilaterals of the given delegations (one query with its joins)."""
    rows = Bilateral.objects.filter(
        Q(requester_id__in=delegation_ids) | Q(counterpart_id__in=delegation_ids),
        status=BilateralStatus.ACCEPTED,
        starts_at__isnull=False,
        ends_at__isnull=False,
    )
    if event_id is not None:
        rows = rows.filter(event_id=event_id)
    return rows.select_related(
        "requester__partner", "counterpart__partner", "venue", "event"
    ).order_by("starts_at", "pk")


def bilateral_appointments(application: Application) -> list[Appointment]:
    """An accredited delegate's bilaterals (their delegation's, either side) as entries of
    their own agenda page and calendar feed (attendance's ``personal_appointments``), in
    the event's time zone. Two queries."""
    mine = set(
        Nominee.objects.filter(
            application_id=application.pk, status=NomineeStatus.ACCREDITED
        ).values_list("delegation_id", flat=True)
    )
    if not mine:
        return []
    out = []
    for b in scheduled_bilaterals_of_delegates(delegation_ids=mine, event_id=application.event_id):
        other = b.counterpart if b.requester_id in mine else b.requester
        out.append(
            Appointment(
                uid=f"bilateral-{b.pk}@bridges",
                title=_("Bilateral meeting with %(other_name)s")
                % {"other_name": other.partner.official_name},
                starts_at=b.starts_at,
                ends_at=b.ends_at,
                time_zone=str(b.event.time_zone),
                location=b.venue.name if b.venue_id else "",
                category=str(_("Bilateral meetings")),
            )
        )
    return out


def outcome_published(event: Event, now=None) -> bool:
    """Outcome documents go public once the meeting is over: the day after its last day
    in its own zone (when its public page, kept whole for visitors, expires too)."""
    return timezone.localdate(now or timezone.now(), event.zone) > event.end_date


def public_outcome_documents(event: Event, now=None) -> list[MeetingDocument]:
    """The event's public outcome documents (chair's statement, conclusions) for its
    public page, once the meeting is over; each with ``latest``, its newest version's
    files (one per language). None before the end, and never a restricted one. Two
    queries after the end, none before."""
    if not outcome_published(event, now):
        return []
    documents = list(
        MeetingDocument.objects.filter(
            event=event, kind=DocumentKind.OUTCOME, visibility=Visibility.PUBLIC
        )
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number", "language"))
        )
        .order_by("symbol")
    )
    for document in documents:
        versions = list(document.versions.all())
        newest = versions[0].number if versions else None
        document.latest = [v for v in versions if v.number == newest]
    return [d for d in documents if d.latest]
