"""A reviewer's review: scores for each criterion and a comment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from participants.enums import ApplicationStatus as S
from participants.models import Application
from participants.services import application_transition

from ..enums import (
    REVIEWABLE_STATUSES,
)
from ..models import (
    Criterion,
    Review,
    ReviewAssignment,
    Score,
)
from ..scoring import CriterionSpec, weighted_score
from .rubric import _int


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
    before = None if _created else str(review.weighted_score)
    review.submitted_at = review.submitted_at or timezone.now()
    review.save()
    Score.objects.filter(review=review).delete()
    Score.objects.bulk_create(
        [Score(review=review, criterion_id=cid, value=v) for cid, v in values.items()]
    )
    score = {"before": before, "after": str(review.weighted_score)}
    data = {"reviewer": by.pk, "reviewer_email": by.email, "changes": {"weighted_score": score}}
    log_action(application, "review.review.submitted", user=by, data=data)
    if application.status == S.SUBMITTED:
        # The first review moves the application into review, for the applicant to see.
        application_transition(
            application=application, to_status=S.UNDER_REVIEW, by=by, note="Review started."
        )
    return review
