"""Everything that changes review state, one module per job:

- ``rubric``: an event's review settings and criteria; the weighted scores they give
- ``assignments``: who reviews which application (by hand or automatically); conflicts
  of interest
- ``reviews``: a reviewer's scores and comment
- ``decisions``: the organisers' selection, the waiting list's promotions into freed
  seats, offers that expire

Status changes go through ``participants.services.application_transition`` only, which
takes the Event row lock for seat-holding transitions. Promotions take that same Event
row lock *first* and decide who gets the freed seat while holding it, so two promotions
(or a promotion and an organiser's acceptance) can never both fill the last seat.
Lock order everywhere: Event row, then Application rows.

Callers import from ``review.services``; the names below are the public ones.
"""

from .assignments import assignment_create, assignment_delete, assignments_auto, conflict_declare
from .decisions import events_with_free_seats, offers_expire, selection_apply, waitlist_promote
from .reviews import review_submit
from .rubric import (
    criterion_create,
    criterion_delete,
    criterion_update,
    review_settings_for,
    review_settings_update,
)

__all__ = [
    "assignment_create",
    "assignment_delete",
    "assignments_auto",
    "conflict_declare",
    "criterion_create",
    "criterion_delete",
    "criterion_update",
    "events_with_free_seats",
    "offers_expire",
    "review_settings_for",
    "review_settings_update",
    "review_submit",
    "selection_apply",
    "waitlist_promote",
]
