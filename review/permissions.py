"""Who may do what in review: small predicates shared by the API, pages and admin.

Organisers (owners, organisers of the event's organisation) run the review: rubric,
assignments, ranking, proposal, decisions. A reviewer sees only the applications
assigned to them, and other reviewers' reviews of one only after submitting their own.
Applicants never see reviews.
"""

from __future__ import annotations

from programmes.models import Event
from programmes.permissions import can_manage_event, can_review

from .models import Review, ReviewAssignment


def can_manage_review(user, event: Event) -> bool:
    return can_manage_event(user, event)


def is_event_reviewer(user, event: Event) -> bool:
    return can_review(user, event)


def owns_assignment(user, assignment: ReviewAssignment) -> bool:
    return bool(user and user.is_authenticated and assignment.reviewer_id == user.pk)


def can_read_reviews_of(user, application) -> bool:
    """Organisers always; an assigned reviewer once their own review is submitted."""
    if not user or not user.is_authenticated:
        return False
    if can_manage_event(user, application.event):
        return True
    return Review.objects.filter(
        application=application, reviewer=user, submitted_at__isnull=False
    ).exists() and can_review(user, application.event)
