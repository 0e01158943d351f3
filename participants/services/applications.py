"""An applicant's application: the draft, the submit, and edits after submitting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from programmes.enums import EventStatus
from programmes.models import Event

from .. import selectors
from ..enums import (
    ACTIVE_STATUSES,
    EDITABLE_AFTER_SUBMIT_STATUSES,
)
from ..enums import ApplicationStatus as S
from ..models import (
    Application,
)
from .answers import _save_answers, _validate_complete
from .calls import call_settings_for, event_default_questions_ensure
from .consent import guardian_consent_request
from .eligibility import _check_window, _eligibility_errors, application_draft_problems
from .errors import ApplicationInvalid
from .guardians import GUARDIAN_FIELDS, _apply_guardian, _refuse_guardian_change
from .profiles import SNAPSHOT_FIELDS, _snapshot_profile, profile_for
from .status import _copy_state, _transition_locked


def application_save_draft(
    *,
    event: Event,
    applicant,
    answers: Mapping[Any, Any] | None = None,
    guardian: Mapping[str, Any] | None = None,
) -> Application:
    """Create the applicant's draft for ``event`` or update it; answers are checked for type only.

    Refused (ApplicationInvalid, code not_eligible) when the call has closed or the
    profile already shows the person cannot apply (``application_draft_problems``).
    Safe against double submission of the first save: the partial unique constraint
    decides, and the loser updates the winner's draft.
    """
    if event.status != EventStatus.PUBLISHED:
        raise BridgesError(
            _("This event is not accepting applications."), code="not_open", field=None
        )
    # Say what is wrong before the applicant does the work: an application that could
    # never be submitted is not started (a draft may be prepared before the call opens).
    problems = application_draft_problems(event=event, profile=profile_for(applicant))
    if problems:
        raise ApplicationInvalid(problems, code="not_eligible")
    event_default_questions_ensure(event)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                application = (
                    Application.objects.select_for_update()
                    .filter(event=event, applicant=applicant, status__in=ACTIVE_STATUSES)
                    .first()
                )
                if application is None:
                    application = Application.objects.create(event=event, applicant=applicant)
                    log_action(application, "participants.application.created", event=event)
                elif application.status != S.DRAFT:
                    raise ConflictError(
                        _("You have already submitted an application to this event."),
                        code="already_submitted",
                    )
                # The caller's objects, so that nothing below reads them again.
                application.event = event
                application.applicant = applicant
                _apply_guardian(application, guardian)
                _snapshot_profile(application, profile_for(applicant))
                application.save(update_fields=[*SNAPSHOT_FIELDS, *GUARDIAN_FIELDS, "updated_at"])
                if answers:
                    _save_answers(application=application, answers=answers, strict=False)
                return application
        except IntegrityError:
            # Another request created the draft at the same moment; update that one.
            continue
    raise ConflictError(_("Please retry."), code="conflict")


def application_submit(*, application: Application | int, by) -> Application:
    """Validate everything and submit; a minor's application waits for guardian consent.

    ``application`` is the row or its id: the service reads and locks the row itself, so
    a caller that only has the id (the API) needs no read of its own. Someone else's
    application, or none, is a 404 (BridgesError), as for a read.

    Raises ApplicationInvalid (400, every failing field), BridgesError (window closed,
    with the closing time in the event's and the applicant's zones) or ConflictError
    (already submitted). Side effects: history row, status signal, and for minors a
    GuardianConsent row plus the guardian_consent_requested signal.
    """
    pk = application.pk if isinstance(application, Application) else application
    with transaction.atomic():
        # One read gives everything the checks and the response need.
        locked = selectors.application_locked_for_submit(pk)
        if locked is None or by is None or locked.applicant_id != by.pk:
            raise BridgesError(_("Not found."), code="not_found", status=404)
        if locked.status != S.DRAFT:
            raise ConflictError(
                _("This application has already been submitted."), code="already_submitted"
            )
        profile = profile_for(locked.applicant)
        _check_window(locked.event, profile, timezone.now())
        _snapshot_profile(locked, profile)
        # No event_default_questions() here: the draft that is being submitted created them.
        errors = _eligibility_errors(locked, profile)
        errors.update(_validate_complete(locked))
        if errors:
            raise ApplicationInvalid(errors)
        locked.submitted_at = timezone.now()
        # The row is already locked and known to be a draft: the status change is saved in
        # the same UPDATE as the snapshot, without application_transition's second lock.
        if locked.is_minor:
            _transition_locked(
                locked,
                to_status=S.AWAITING_GUARDIAN_CONSENT,
                by=by,
                note="Submitted; guardian asked.",
                extra_fields=[*SNAPSHOT_FIELDS, "submitted_at"],
            )
            guardian_consent_request(application=locked)
        else:
            _transition_locked(
                locked,
                to_status=S.SUBMITTED,
                by=by,
                note="Submitted.",
                extra_fields=[*SNAPSHOT_FIELDS, "submitted_at"],
            )
    if isinstance(application, Application):
        _copy_state(locked, application)
    return locked


def application_update_after_submit(
    *,
    application: Application,
    by,
    answers: Mapping[Any, Any] | None = None,
    guardian: Mapping[str, Any] | None = None,
) -> Application:
    """Edit a sent application while the call is open, if the event allows it; validated in full."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("event").get(pk=application.pk)
        )
        if by is None or locked.applicant_id != by.pk:
            raise BridgesError(
                _("Only the applicant can edit the application."), code="forbidden", status=403
            )
        if locked.status == S.DRAFT:
            raise ConflictError(
                _("This application is still a draft; save the draft instead."), code="is_draft"
            )
        if (
            locked.status not in EDITABLE_AFTER_SUBMIT_STATUSES
            or not call_settings_for(locked.event).allow_edits_after_submit
        ):
            raise ConflictError(
                _("This application can no longer be changed."), code="not_editable"
            )
        _check_window(locked.event, profile_for(locked.applicant), timezone.now())
        # A sent application has asked for consent (or needs none): the guardian stays.
        _refuse_guardian_change(locked, guardian)
        locked.save(update_fields=["updated_at"])
        if answers:
            _save_answers(application=locked, answers=answers, strict=True)
            questions = sorted(str(key) for key in answers)
            data = {"questions": questions}
            log_action(locked, "participants.application.changed", user=by, data=data)
        errors = _validate_complete(locked)
        if errors:
            raise ApplicationInvalid(errors)
    _copy_state(locked, application)
    return locked
