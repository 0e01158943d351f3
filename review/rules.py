"""Who may do what in review, as named rules (roles from ``programmes.rules``).

Owners and organisers of the event's organisation run the review: settings, rubric,
assignments, ranking, proposal, decisions, waiting list. A reviewer scores only the
applications assigned to them, and reads other reviewers' reviews of one only after
submitting their own. Applicants never see reviews.
"""

from __future__ import annotations

import rules

from programmes.rules import is_organiser, is_reviewer

from .models import Review


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    return bool(user and user.is_authenticated and assignment.reviewer_id == user.pk)


@rules.predicate
def has_submitted_review(user, application) -> bool:
    return Review.objects.filter(
        application=application, reviewer_id=user.pk, submitted_at__isnull=False
    ).exists()


# On an event.
rules.add_perm("review.manage_review", is_organiser)
# Read the rubric, score, declare conflicts (on the event or one of its applications).
rules.add_perm("review.review_applications", is_reviewer)
# On an assignment: its detail, the score form, the submission.
rules.add_perm("review.change_assignment", is_assigned_reviewer)
# On an application.
rules.add_perm("review.view_reviews", is_organiser | (is_reviewer & has_submitted_review))
