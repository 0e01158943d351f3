"""Everything that changes review state: rubric, assignments, reviews, decisions, offers.

Status changes go through ``participants.services.application_transition`` only, which
takes the Event row lock for seat-holding transitions. Promotions take that same Event
row lock *first* and decide who gets the freed seat while holding it, so two promotions
(or a promotion and an organiser's acceptance) can never both fill the last seat.
Lock order everywhere: Event row, then Application rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError, ConflictError
from participants.enums import SEAT_HOLDING_STATUSES, ApplicationStatus
from participants.models import Application
from participants.services import application_transition
from participants.services import status as participant_status
from programmes.models import Event, Membership
from programmes.permissions import can_review

from . import selectors
from .assignment import AssignmentPlan, plan_assignments
from .enums import (
    OUTCOME_STATUS,
    REVIEWABLE_STATUSES,
    REVIEWER_ROLES,
    AssignmentSource,
    DecisionOutcome,
)
from .models import (
    ConflictDeclaration,
    Criterion,
    Review,
    ReviewAssignment,
    ReviewSettings,
    Score,
    SelectionDecision,
)
from .scoring import CriterionSpec, weighted_score
from .selection import next_to_promote

S = ApplicationStatus

# --- settings and rubric -----------------------------------------------------------


def review_settings_for(event: Event) -> ReviewSettings:
    """The event's review settings, created with defaults on first use."""
    settings_row, _created = ReviewSettings.objects.get_or_create(event=event)
    return settings_row


def _decimal(
    data: Mapping[str, Any], key: str, *, low: Decimal, high: Decimal, allow_null: bool = False
):
    value = data[key]
    if value is None or value == "":
        if allow_null:
            return None
        raise BridgesError(_("This field is required."), code="required", field=key)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise BridgesError(_("Enter a number."), code="invalid", field=key) from None
    if not (low <= number <= high):
        raise BridgesError(
            _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high},
            code="out_of_range",
            field=key,
        )
    return number.quantize(Decimal("0.01"))


def _int(data: Mapping[str, Any], key: str, *, low: int, high: int) -> int:
    value = data[key]
    if isinstance(value, bool):
        raise BridgesError(_("Enter a whole number."), code="invalid", field=key)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise BridgesError(_("Enter a whole number."), code="invalid", field=key) from None
    if not (low <= number <= high):
        raise BridgesError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            code="out_of_range",
            field=key,
        )
    return number


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if isinstance(value, bool):
        return value
    if str(value).lower() in {"true", "1", "on", "yes"}:
        return True
    if str(value).lower() in {"false", "0", "off", "no", ""}:
        return False
    raise BridgesError(_("Enter true or false."), code="invalid", field=key)


@transaction.atomic
def review_settings_update(*, event: Event, data: Mapping[str, Any]) -> ReviewSettings:
    """Change the fields present in ``data``; unknown keys are ignored."""
    row = ReviewSettings.objects.select_for_update().get(pk=review_settings_for(event).pk)
    fields = []
    if "reviews_needed" in data:
        row.reviews_needed = _int(data, "reviews_needed", low=1, high=20)
        fields.append("reviews_needed")
    for key in ("blind", "avoid_same_nationality"):
        if key in data:
            setattr(row, key, _bool(data, key))
            fields.append(key)
    if "disagreement_threshold" in data:
        row.disagreement_threshold = _decimal(
            data, "disagreement_threshold", low=Decimal("0.1"), high=Decimal("10")
        )
        fields.append("disagreement_threshold")
    if "gender_max_share" in data:
        row.gender_max_share = _decimal(
            data, "gender_max_share", low=Decimal("0.1"), high=Decimal("1"), allow_null=True
        )
        fields.append("gender_max_share")
    if fields:
        row.save(update_fields=fields)
    return row


def _criterion_apply(criterion: Criterion, data: Mapping[str, Any], *, creating: bool) -> None:
    if creating or "name" in data:
        name = str(data.get("name") or "").strip()
        if not name:
            raise BridgesError(_("Give the criterion a name."), code="required", field="name")
        if len(name) > 120:
            raise BridgesError(_("Use at most 120 characters."), code="too_long", field="name")
        criterion.name = name
    if "guidance" in data:
        criterion.guidance = str(data["guidance"] or "")[:5000]
    if "weight" in data:
        criterion.weight = _int(data, "weight", low=1, high=100)
    if "scale_min" in data:
        criterion.scale_min = _int(data, "scale_min", low=-100, high=100)
    if "scale_max" in data:
        criterion.scale_max = _int(data, "scale_max", low=-100, high=100)
    if "order" in data:
        criterion.order = _int(data, "order", low=0, high=10_000)
    if criterion.scale_max <= criterion.scale_min:
        raise BridgesError(
            _("The highest score must be above the lowest."), code="invalid", field="scale_max"
        )


def _criteria_locked_by_reviews(criterion: Criterion) -> bool:
    return Score.objects.filter(criterion=criterion).exists()


@transaction.atomic
def criterion_create(*, event: Event, data: Mapping[str, Any]) -> Criterion:
    criterion = Criterion(event=event)
    _criterion_apply(criterion, data, creating=True)
    if Criterion.objects.filter(event=event, name=criterion.name).exists():
        raise BridgesError(
            _("This event already has a criterion with that name."), code="duplicate", field="name"
        )
    if Review.objects.filter(application__event=event, submitted_at__isnull=False).exists():
        raise ConflictError(
            _("Reviews have been submitted; a new criterion would leave them incomplete."),
            code="rubric_in_use",
        )
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, data: Mapping[str, Any]) -> Criterion:
    scale_before = (criterion.scale_min, criterion.scale_max)
    _criterion_apply(criterion, data, creating=False)
    if (criterion.scale_min, criterion.scale_max) != scale_before and _criteria_locked_by_reviews(
        criterion
    ):
        raise ConflictError(
            _("Scores were given on this scale; it can no longer change."), code="rubric_in_use"
        )
    if (
        Criterion.objects.filter(event_id=criterion.event_id, name=criterion.name)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise BridgesError(
            _("This event already has a criterion with that name."), code="duplicate", field="name"
        )
    criterion.save()
    if "weight" in data:
        _recompute_weighted_scores(criterion.event_id)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    if _criteria_locked_by_reviews(criterion):
        raise ConflictError(
            _("Scores were given on this criterion; it can no longer be deleted."),
            code="rubric_in_use",
        )
    criterion.delete()


def _criterion_specs(event_id: int) -> list[CriterionSpec]:
    return [
        CriterionSpec(id=c.pk, weight=c.weight, scale_min=c.scale_min, scale_max=c.scale_max)
        for c in Criterion.objects.filter(event_id=event_id)
    ]


def _recompute_weighted_scores(event_id: int) -> None:
    specs = _criterion_specs(event_id)
    reviews = list(
        Review.objects.filter(
            application__event_id=event_id, submitted_at__isnull=False
        ).prefetch_related("scores")
    )
    for review in reviews:
        review.weighted_score = weighted_score(
            {s.criterion_id: s.value for s in review.scores.all()}, specs
        )
    Review.objects.bulk_update(reviews, ["weighted_score"])


# --- reviewers and assignments ----------------------------------------------------


def _check_assignable(*, application: Application, reviewer) -> None:
    event = application.event
    if not Membership.objects.filter(
        organisation_id=event.organisation_id, user=reviewer, role__in=REVIEWER_ROLES
    ).exists():
        raise BridgesError(
            _("This person is not a reviewer of the organisation."),
            code="not_reviewer",
            field="reviewer",
        )
    if application.status not in REVIEWABLE_STATUSES:
        raise ConflictError(_("This application is not open for review."), code="not_reviewable")
    if application.applicant_id == reviewer.pk:
        raise BridgesError(
            _("Nobody reviews their own application."), code="own_application", field="reviewer"
        )
    if ConflictDeclaration.objects.filter(application=application, reviewer=reviewer).exists():
        raise BridgesError(
            _("This reviewer declared a conflict of interest with this applicant."),
            code="conflict",
            field="reviewer",
        )
    applicant = selectors.applicant_info(application)
    reviewer_info = selectors.reviewer_infos(event, user_ids=[reviewer.pk])[0]
    if (
        applicant.organisation_id is not None
        and applicant.organisation_id in reviewer_info.organisation_ids
    ):
        raise BridgesError(
            _("This reviewer belongs to the applicant's organisation."),
            code="same_organisation",
            field="reviewer",
        )
    settings_row = review_settings_for(event)
    if (
        settings_row.avoid_same_nationality
        and applicant.nationalities & reviewer_info.nationalities
    ):
        raise BridgesError(
            _("This reviewer shares a nationality with the applicant."),
            code="same_nationality",
            field="reviewer",
        )


@transaction.atomic
def assignment_create(*, application: Application, reviewer, by) -> ReviewAssignment:
    """Assign one reviewer by hand, with the same exclusions as the automatic assignment."""
    _check_assignable(application=application, reviewer=reviewer)
    try:
        with transaction.atomic():
            return ReviewAssignment.objects.create(
                application=application,
                reviewer=reviewer,
                source=AssignmentSource.MANUAL,
                assigned_by=by,
            )
    except IntegrityError:
        raise ConflictError(
            _("This reviewer is already assigned."), code="already_assigned"
        ) from None


@transaction.atomic
def assignment_delete(*, assignment: ReviewAssignment) -> None:
    if Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists():
        raise ConflictError(
            _("The review was submitted; the assignment stays."), code="review_submitted"
        )
    assignment.delete()


@transaction.atomic
def assignments_auto(*, event: Event, by) -> AssignmentPlan:
    """Give every reviewable application the missing reviewers; all or nothing.

    Raises ConflictError (code ``not_enough_reviewers``) naming the applications that
    can't get enough eligible reviewers; nothing is saved then.
    """
    # One auto-assignment per event at a time: two would both plan on the old loads.
    Event.objects.select_for_update().get(pk=event.pk)
    settings_row = review_settings_for(event)
    applications = selectors.reviewable_applications(event)
    applicants = selectors.applicant_infos(applications)
    reviewers = selectors.reviewer_infos(event)
    if not reviewers:
        raise ConflictError(_("The organisation has no reviewers."), code="no_reviewers")
    # The applicant must never review themselves: treat it as a declared conflict.
    conflicts = set(
        ConflictDeclaration.objects.filter(application__event=event).values_list(
            "reviewer_id", "application_id"
        )
    )
    conflicts |= {(a.applicant_id, a.pk) for a in applications}
    existing = list(
        ReviewAssignment.objects.filter(application__event=event).values_list(
            "application_id", "reviewer_id"
        )
    )
    plan = plan_assignments(
        applications=applicants,
        reviewers=reviewers,
        k=settings_row.reviews_needed,
        existing=existing,
        conflicts=conflicts,
        avoid_same_nationality=settings_row.avoid_same_nationality,
    )
    if plan.short:
        listed = ", ".join(
            _("#%(id)s (%(count)s eligible)") % {"id": app_id, "count": count}
            for app_id, count in sorted(plan.short.items())
        )
        raise ConflictError(
            _("Not enough eligible reviewers for %(k)s reviews each: %(applications)s.")
            % {"k": settings_row.reviews_needed, "applications": listed},
            code="not_enough_reviewers",
        )
    ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(
                application_id=app_id,
                reviewer_id=rid,
                source=AssignmentSource.AUTOMATIC,
                assigned_by=by,
            )
            for app_id, rid in plan.new
        ]
    )
    return plan


@transaction.atomic
def conflict_declare(
    *, application: Application, reviewer, reason: str = ""
) -> ConflictDeclaration:
    """The reviewer steps aside: records the conflict and drops an unsubmitted assignment."""
    if not can_review(reviewer, application.event):
        raise BridgesError(
            _("Only the event's reviewers can declare a conflict."), code="forbidden", status=403
        )
    if Review.objects.filter(
        application=application, reviewer=reviewer, submitted_at__isnull=False
    ).exists():
        raise ConflictError(
            _("You already submitted a review; ask an organiser to remove it."),
            code="review_submitted",
        )
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        reviewer=reviewer, application=application, defaults={"reason": reason[:300]}
    )
    ReviewAssignment.objects.filter(application=application, reviewer=reviewer).delete()
    return declaration


# --- reviews ----------------------------------------------------------------------


@transaction.atomic
def review_submit(
    *, assignment: ReviewAssignment, by, scores: Mapping[Any, Any], comment: str = ""
) -> Review:
    """Save the reviewer's scores (every criterion, inside its scale) and submit.

    A submitted review may be revised by its author; the weighted score is recomputed.
    """
    if by is None or assignment.reviewer_id != by.pk:
        raise BridgesError(
            _("Only the assigned reviewer can review this application."),
            code="forbidden",
            status=403,
        )
    # The status is read under the application's row lock: two reviewers submitting at
    # once must not both see "Submitted" and both try to move it into review.
    application = Application.objects.select_for_update().get(pk=assignment.application_id)
    if application.status not in REVIEWABLE_STATUSES:
        raise ConflictError(
            _("This application is no longer open for review."), code="not_reviewable"
        )
    criteria = list(Criterion.objects.filter(event_id=application.event_id))
    if not criteria:
        raise ConflictError(_("The event has no review criteria yet."), code="no_rubric")
    if not isinstance(scores, Mapping):
        raise BridgesError(_("Give a score for each criterion."), code="invalid", field="scores")
    values: dict[int, int] = {}
    for criterion in criteria:
        key = f"scores.{criterion.pk}"
        raw = scores.get(str(criterion.pk), scores.get(criterion.pk))
        if raw is None or raw == "":
            raise BridgesError(
                _("Score “%(name)s”.") % {"name": criterion.name}, code="required", field=key
            )
        values[criterion.pk] = _int(
            {key: raw}, key, low=criterion.scale_min, high=criterion.scale_max
        )
    unknown = {str(k) for k in scores} - {str(c.pk) for c in criteria}
    if unknown:
        raise BridgesError(
            _("Unknown criterion."), code="invalid", field=f"scores.{sorted(unknown)[0]}"
        )
    if len(comment) > 10_000:
        raise BridgesError(_("Use at most 10,000 characters."), code="too_long", field="comment")
    specs = [CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max) for c in criteria]
    review, _created = Review.objects.select_for_update().get_or_create(
        assignment=assignment,
        defaults={"application": application, "reviewer_id": assignment.reviewer_id},
    )
    review.comment = comment
    review.weighted_score = weighted_score(values, specs)
    review.submitted_at = review.submitted_at or timezone.now()
    review.save()
    Score.objects.filter(review=review).delete()
    Score.objects.bulk_create(
        [Score(review=review, criterion_id=cid, value=v) for cid, v in values.items()]
    )
    if application.status == S.SUBMITTED:
        # The first review moves the application into review, for the applicant to see.
        application_transition(
            application=application, to_status=S.UNDER_REVIEW, by=by, note="Review started."
        )
    return review


# --- decisions, waiting list and offers -----------------------------------------


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
