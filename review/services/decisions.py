"""Decisions, the waiting list and offers: the organisers' selection, promotions into
freed seats, offers that expire.

Status changes go through ``participants.services.application_transition`` only, which
takes the Event row lock for seat-holding transitions. Promotions take that same Event
row lock *first* and decide who gets the freed seat while holding it, so two promotions
(or a promotion and an organiser's acceptance) can never both fill the last seat.
Lock order everywhere: Event row, then Application rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError, ConflictError
from participants.enums import SEAT_HOLDING_STATUSES
from participants.enums import ApplicationStatus as S
from participants.models import Application
from participants.services import application_transition
from participants.services import status as participant_status
from programmes.models import Event

from .. import selectors
from ..enums import (
    OUTCOME_STATUS,
    DecisionOutcome,
)
from ..models import (
    SelectionDecision,
)
from ..selection import next_to_promote
from .rubric import review_settings_for


@transaction.atomic
def selection_apply(
    *,
    event: Event,
    decisions: Sequence[Mapping[str, Any]],
    by,
    explanations: Mapping[int, str] | None = None,
) -> list[Application]:
    """Apply the organiser's decisions (accept / waitlist / reject) in one transaction.

    ``decisions`` holds ``{"application": id, "outcome": ...}`` items; anything that
    can't be applied (a full event, a country at its maximum, a wrong status) stops the
    whole batch with that application named, and nothing is changed. Accepting takes the
    Event row lock once for the batch (inside application_transition, same transaction).
    The waiting list keeps the order of the current ranking.
    """
    if not decisions:
        raise BridgesError(_("Choose at least one decision."), code="required", field="decisions")
    wanted: dict[int, str] = {}
    for index, item in enumerate(decisions):
        try:
            app_id = int(item["application"])
            if not 0 < app_id < 2**31:
                raise ValueError(app_id)
        except (KeyError, TypeError, ValueError):
            raise BridgesError(
                _("Name the application."), code="invalid", field=f"decisions.{index}.application"
            ) from None
        outcome = item.get("outcome")
        if outcome not in DecisionOutcome.values:
            raise BridgesError(
                _("Choose accept, waitlist or reject."),
                code="invalid",
                field=f"decisions.{index}.outcome",
            )
        if app_id in wanted:
            raise BridgesError(
                _("An application is listed twice."),
                code="duplicate",
                field=f"decisions.{index}.application",
            )
        wanted[app_id] = outcome
    # Ranks are for the record and the waiting-list order; read before the lock so the
    # serialised part stays short.
    proposal_view = selectors.event_proposal(event=event)
    rank_of = {row.application_id: row.rank for row in proposal_view.ranking.rows}
    if explanations is None:
        explanations = selectors.explanations_for(
            proposal=proposal_view.proposal,
            decisions=[{"application": a, "outcome": o} for a, o in wanted.items()],
        )
    # Lock order: Event first (application_transition would take it for the first
    # acceptance anyway; taking it now also serialises with promotions).
    _lock_event(event)
    applications = {
        a.pk: a for a in Application.objects.filter(event=event, pk__in=wanted).order_by("pk")
    }
    missing = sorted(set(wanted) - set(applications))
    if missing:
        raise BridgesError(
            _("Application #%(id)s is not part of this event.") % {"id": missing[0]},
            code="not_found",
            field="decisions",
        )
    changed = []
    # Waiting places continue after the current end of the list, in ranking order.
    last_place = (
        SelectionDecision.objects.filter(event=event, waitlist_position__isnull=False)
        .order_by("-waitlist_position")
        .values_list("waitlist_position", flat=True)
        .first()
        or 0
    )
    # Rejections and waitlistings first: an organiser swapping two people frees the seat
    # before the new acceptance is counted against capacity.
    order = {DecisionOutcome.REJECT: 0, DecisionOutcome.WAITLIST: 1, DecisionOutcome.ACCEPT: 2}
    for app_id in sorted(wanted, key=lambda a: (order[wanted[a]], rank_of.get(a) or 0, a)):
        outcome = wanted[app_id]
        application = applications[app_id]
        target = OUTCOME_STATUS[outcome]
        if application.status != target:
            try:
                application_transition(
                    application=application,
                    to_status=target,
                    by=by,
                    note=explanations.get(app_id, "")[:500],
                )
            except BridgesError as exc:
                raise ConflictError(
                    _("Application #%(id)s: %(reason)s") % {"id": app_id, "reason": exc.message},
                    code=exc.code,
                    field="decisions",
                ) from None
        decision, _created = SelectionDecision.objects.get_or_create(
            application=application, defaults={"event": event, "outcome": outcome}
        )
        decision.outcome = outcome
        decision.rank = rank_of.get(app_id)
        decision.explanation = explanations.get(app_id, "")[:300]
        decision.decided_by = by
        if outcome == DecisionOutcome.WAITLIST:
            if decision.waitlist_position is None:
                last_place += 1
                decision.waitlist_position = last_place
        else:
            decision.waitlist_position = None
        decision.save()
        changed.append(application)
    return changed


def _lock_event(event: Event) -> Event:
    """Take the Event row lock that serialises every seat decision of the event.

    Follows the participants switch ``status.SEAT_LOCKING_ENABLED`` so the concurrency tests'
    control run (locking off) shows the oversell this lock prevents.
    """
    if participant_status.SEAT_LOCKING_ENABLED:
        return Event.objects.select_for_update().get(pk=event.pk)
    return Event.objects.get(pk=event.pk)


def _waitlist_in_order(event: Event) -> list[Application]:
    """Waitlisted applications in waiting-list order (place, then rank, then id)."""
    applications = list(
        Application.objects.filter(event=event, status=S.WAITLISTED).select_related(
            "selection_decision"
        )
    )

    def key(application: Application):
        decision = getattr(application, "selection_decision", None)
        place = decision.waitlist_position if decision and decision.waitlist_position else 10**9
        rank = decision.rank if decision and decision.rank else 10**9
        return (place, rank, application.pk)

    return sorted(applications, key=key)


@transaction.atomic
def waitlist_promote(*, event: Event, by=None, limit: int | None = None) -> list[Application]:
    """Offer every free seat to the next waitlisted applicant who keeps the quotas.

    Idempotent and race-safe: decided under the Event row lock, counting seat holders
    after taking it, so running it twice (or in two workers at once) fills each seat
    once. Returns the applications promoted by this call.
    """
    event = _lock_event(event)
    if event.capacity is None:
        return []
    quotas = selectors.quota_specs(event)
    gender_maximums = selectors.gender_maximums(event)
    gender_minimums = selectors.gender_minimums(event)
    settings_row = review_settings_for(event)
    share = (
        float(settings_row.gender_max_share) if settings_row.gender_max_share is not None else None
    )
    holders = [
        selectors.candidate(a)
        for a in Application.objects.filter(event=event, status__in=SEAT_HOLDING_STATUSES).only(
            "pk", "country", "gender"
        )
    ]
    waiting = _waitlist_in_order(event)
    by_id = {a.pk: a for a in waiting}
    waiting_candidates = [selectors.candidate(a) for a in waiting]
    promoted: list[Application] = []
    while limit is None or len(promoted) < limit:
        chosen = next_to_promote(
            waitlist=waiting_candidates,
            seat_holders=holders,
            capacity=event.capacity,
            quotas=quotas,
            gender_max_share=share,
            gender_maximums=gender_maximums,
            gender_minimums=gender_minimums,
        )
        if chosen is None:
            break
        application = by_id[chosen.application_id]
        try:
            # A savepoint: a refusal (a minor without consent) skips this applicant only.
            with transaction.atomic():
                application_transition(
                    application=application,
                    to_status=S.ACCEPTED,
                    by=by,
                    note="Offered a freed seat.",
                )
        except BridgesError:
            waiting_candidates.remove(chosen)
            continue
        SelectionDecision.objects.filter(application=application).update(
            outcome=DecisionOutcome.ACCEPT, promoted_at=timezone.now()
        )
        waiting_candidates.remove(chosen)
        holders.append(chosen)
        promoted.append(application)
    return promoted


def offers_expire(*, now: dt.datetime | None = None) -> dict[int, int]:
    """Turn offers past their deadline into ``declined`` and refill the freed seats.

    Each expiry is its own transaction taking only the Application lock, and the
    promotion afterwards takes Event then Applications: never the other way round, so
    it can't deadlock with an applicant confirming at the same moment. Returns
    {event id: offers expired}. Safe to run twice: a second run finds nothing due.
    """
    now = now or timezone.now()
    due = list(
        Application.objects.filter(status=S.ACCEPTED, offer_expires_at__lte=now)
        .order_by("event_id", "pk")
        .values_list("pk", "event_id")
    )
    expired: dict[int, int] = {}
    for app_id, event_id in due:
        with transaction.atomic():
            application = Application.objects.select_for_update().filter(pk=app_id).first()
            # Re-checked under the lock: the applicant may have just confirmed.
            if (
                application is None
                or application.status != S.ACCEPTED
                or application.offer_expires_at is None
                or application.offer_expires_at > now
            ):
                continue
            application_transition(
                application=application,
                to_status=S.DECLINED,
                by=None,
                note="The offer expired unconfirmed.",
            )
        expired[event_id] = expired.get(event_id, 0) + 1
    for event_id in sorted(expired):
        event = Event.objects.filter(pk=event_id).first()
        if event is not None:
            waitlist_promote(event=event)
    return expired


def events_with_free_seats() -> list[int]:
    """Events with a waiting list and a free seat (the periodic task's safety net)."""
    waiting = set(
        Application.objects.filter(status=S.WAITLISTED)
        .values_list("event_id", flat=True)
        .distinct()
    )
    if not waiting:
        return []
    holding = dict(
        Application.objects.filter(event_id__in=waiting, status__in=SEAT_HOLDING_STATUSES)
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
    )
    events = Event.objects.filter(pk__in=waiting, capacity__isnull=False).values_list(
        "pk", "capacity"
    )
    return sorted(pk for pk, capacity in events if holding.get(pk, 0) < capacity)
