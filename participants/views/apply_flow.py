"""The apply steps' plan shared by every step: which steps there are, their URLs and
numbering, errors kept in the session between steps, and the draft save."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from programmes.models import Event

from .. import selectors, services
from ..enums import (
    EDITABLE_AFTER_SUBMIT_STATUSES,
    ApplicationStatus,
)
from ..models import Application

S = ApplicationStatus


STEP_PROFILE, STEP_QUESTIONS, STEP_GUARDIAN, STEP_DOCUMENTS, STEP_REVIEW = (
    "profile",
    "questions",
    "guardian",
    "documents",
    "review",
)
# Lazy: this dict is built once at import, in English; each page shows its own language.
STEP_TITLES = {
    STEP_PROFILE: gettext_lazy("About you"),
    STEP_QUESTIONS: gettext_lazy("Questions"),
    STEP_GUARDIAN: gettext_lazy("Parent or guardian"),
    STEP_DOCUMENTS: gettext_lazy("Documents"),
    STEP_REVIEW: gettext_lazy("Review and submit"),
}
ERRORS_SESSION_KEY = "apply_errors:{pk}"


GUARDIAN_PLAN_SESSION_KEY = "apply_guardian_step:{event}"


def _steps(request, event: Event, application: Application | None = None) -> list[str]:
    """The steps, decided once at the start so that "Step 2 of 4" never becomes "of 5":
    a guardian step when the profile says the person is under 18 on the first day, or,
    before the date of birth is known, whenever the call admits minors (an adult then
    skips it). Only a later change of the date of birth to a minor's adds the step."""
    key = GUARDIAN_PLAN_SESSION_KEY.format(event=event.pk)
    minor = services.minor_on_first_day(event=event, profile=services.profile_for(request.user))
    planned = request.session.get(key)
    if planned is None or (minor and not planned):
        planned = minor if minor is not None else services.call_admits_minors(event)
        # Only a planned step is kept: without one, the next request decides the same from
        # the same profile and call, and an adult's flow writes no session for it.
        if planned:
            request.session[key] = True
    steps = [STEP_PROFILE, STEP_QUESTIONS]
    if planned:
        steps.append(STEP_GUARDIAN)
    return [*steps, STEP_DOCUMENTS, STEP_REVIEW]


def _step_applies(step: str, application: Application | None) -> bool:
    # The guardian step only for a minor; an adult in a call that admits minors skips it.
    return step != STEP_GUARDIAN or bool(application and application.is_minor)


def _open_event(slug: str) -> Event:
    # With its call settings (every step asks them), from the cache by version; no legs.
    event = selectors.published_event(slug)
    if event is None:
        raise Http404
    return event


def _editable(application: Application | None) -> bool:
    if application is None or application.status == S.DRAFT:
        return True
    return (
        application.status in EDITABLE_AFTER_SUBMIT_STATUSES
        and services.call_settings_for(application.event).allow_edits_after_submit
    )


def _step_url(event: Event, step: str) -> str:
    return reverse("apply-step", kwargs={"slug": event.slug, "step": step})


def _next_step(request, event: Event, application: Application | None, step: str) -> str:
    steps = [s for s in _steps(request, event, application) if _step_applies(s, application)]
    index = steps.index(step) if step in steps else 0
    return steps[min(index + 1, len(steps) - 1)]


def _previous_step(request, event: Event, application: Application | None, step: str):
    steps = [s for s in _steps(request, event, application) if _step_applies(s, application)]
    index = steps.index(step) if step in steps else 0
    return steps[index - 1] if index > 0 else None


def _stored_errors(request, application: Application | None) -> dict[str, list[str]]:
    if application is None:
        return {}
    return request.session.get(ERRORS_SESSION_KEY.format(pk=application.pk), {})


def _set_stored_errors(
    request, application: Application, errors: dict[str, list[str]] | None
) -> None:
    key = ERRORS_SESSION_KEY.format(pk=application.pk)
    if errors:
        request.session[key] = errors
    else:
        request.session.pop(key, None)


def _save_draft(event: Event, user, application: Application | None, **kwargs) -> Application:
    """Save through the draft service, or the after-submit edit service for a sent
    application (``application``: the one this request read; both services lock and
    check its status again)."""
    if application is not None and application.status != S.DRAFT:
        return services.application_update_after_submit(application=application, by=user, **kwargs)
    return services.application_save_draft(event=event, applicant=user, **kwargs)


def _context(request, event: Event, application: Application | None, step: str, **extra) -> dict:
    steps = _steps(request, event, application)
    previous = _previous_step(request, event, application, step)
    return {
        "event": event,
        "application": application,
        "step": step,
        "step_title": STEP_TITLES[step],
        "steps": [
            {
                "key": s,
                "title": STEP_TITLES[s],
                "url": _step_url(event, s) if _step_applies(s, application) else None,
            }
            for s in steps
        ],
        "step_number": steps.index(step) + 1 if step in steps else 1,
        "step_count": len(steps),
        "previous_url": _step_url(event, previous) if previous else None,
        "window_open": event.applications_open(),
        "editable": _editable(application),
        **extra,
    }


def _problems(event: Event, user, application: Application | None) -> dict[str, list[str]]:
    """Why this person's application to ``event`` could not be submitted, known now.

    A sent application being edited is past these checks (the edit service has its own)."""
    if application is not None and application.status != S.DRAFT:
        return {}
    return services.application_draft_problems(event=event, profile=services.profile_for(user))
