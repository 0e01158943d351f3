"""Who reviews what: assigning by hand or automatically, and reviewers' conflicts of
interest.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from participants.models import Application
from programmes.models import Event
from programmes.rules import is_reviewer
from programmes.selectors import event_reviewer_ids

from .. import selectors
from ..assignment import AssignmentPlan, plan_assignments
from ..enums import (
    REVIEWABLE_STATUSES,
    AssignmentSource,
)
from ..models import (
    ConflictDeclaration,
    Review,
    ReviewAssignment,
)
from .rubric import review_settings_for


def _check_assignable(*, application: Application, reviewer) -> None:
    event = application.event
    if not event_reviewer_ids(event).filter(pk=reviewer.pk).exists():
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
            assignment = ReviewAssignment.objects.create(
                application=application,
                reviewer=reviewer,
                source=AssignmentSource.MANUAL,
                assigned_by=by,
            )
    except IntegrityError:
        raise ConflictError(
            _("This reviewer is already assigned."), code="already_assigned"
        ) from None
    log_action(application, "review.assignment.created", user=by, data=_reviewer(reviewer))
    return assignment


def _reviewer(reviewer) -> dict:
    """Audit data naming a reviewer (entries about reviews sit on the application)."""
    return {"reviewer": reviewer.pk, "reviewer_email": reviewer.email}


@transaction.atomic
def assignment_delete(*, assignment: ReviewAssignment) -> None:
    if Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists():
        raise ConflictError(
            _("The review was submitted; the assignment stays."), code="review_submitted"
        )
    data = _reviewer(assignment.reviewer)
    log_action(assignment.application, "review.assignment.deleted", data=data)
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
    log_action(event, "review.assignments.auto", user=by, data={"assigned": len(plan.new)})
    return plan


@transaction.atomic
def conflict_declare(
    *, application: Application, reviewer, reason: str = ""
) -> ConflictDeclaration:
    """The reviewer steps aside: records the conflict and drops an unsubmitted assignment."""
    if not is_reviewer(reviewer, application.event):
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
    data = {**_reviewer(reviewer), "reason": declaration.reason}
    log_action(application, "review.conflict.declared", user=reviewer, data=data)
    return declaration
