"""The apply pages' entry points: resume where the applicant is, and one step by name."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import selectors, services
from ..accounts import verified_email_required
from ..enums import ApplicationStatus
from .apply_flow import (
    STEP_DOCUMENTS,
    STEP_GUARDIAN,
    STEP_PROFILE,
    STEP_QUESTIONS,
    STEP_REVIEW,
    STEP_TITLES,
    _editable,
    _open_event,
    _problems,
    _step_url,
)
from .apply_steps import (
    _step_documents,
    _step_guardian,
    _step_profile,
    _step_questions,
    _step_review,
)

S = ApplicationStatus


@verified_email_required
def apply(request, slug: str):
    """Resume where the applicant is: a new applicant starts with the profile step."""
    event = _open_event(slug)
    application = selectors.active_application(event=event, applicant=request.user, prefetch=False)
    if application is not None and not _editable(application):
        messages.info(request, _("You have already applied to this event."))
        return redirect("my-applications")
    profile = services.profile_for(request.user)
    if (
        application is None
        or services.profile_missing_fields(profile)
        or _problems(event, request.user, application)
    ):
        return redirect(_step_url(event, STEP_PROFILE))
    return redirect(
        _step_url(event, STEP_QUESTIONS if application.status == S.DRAFT else STEP_REVIEW)
    )


@verified_email_required
def apply_step(request, slug: str, step: str):
    event = _open_event(slug)
    # Answers and documents are read by the step that shows them (each once), not here:
    # a POST that only redirects, or a submit that locks and reads them itself, skips them.
    application = selectors.active_application(event=event, applicant=request.user, prefetch=False)
    if step not in STEP_TITLES or (
        step == STEP_GUARDIAN and not (application and application.is_minor)
    ):
        raise Http404
    if application is not None and not _editable(application):
        messages.info(request, _("This application can no longer be changed."))
        return redirect("my-applications")
    if step != STEP_PROFILE and (
        application is None or _problems(event, request.user, application)
    ):
        # The first step says why this person cannot apply; no later step is shown.
        return redirect(_step_url(event, STEP_PROFILE))
    handler = {
        STEP_PROFILE: _step_profile,
        STEP_QUESTIONS: _step_questions,
        STEP_GUARDIAN: _step_guardian,
        STEP_DOCUMENTS: _step_documents,
        STEP_REVIEW: _step_review,
    }[step]
    return handler(request, event, application)
