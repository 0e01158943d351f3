"""The event page's apply action, decided by the participants app.

Loaded by ``programmes/event_detail.html``: programmes must not import participants,
so the page asks this tag what a signed-in person can do, instead of computing it.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from .. import selectors, services
from ..enums import ApplicationStatus

register = template.Library()


@register.inclusion_tag("participants/_apply_action.html", takes_context=True)
def apply_action(context, event) -> dict:
    """Apply / Continue / "you have applied", or plainly why this person cannot apply
    (the eligibility service's reasons) instead of a button that leads to a refusal."""
    now = timezone.now()
    user = context["request"].user
    result = {"event": event, "window_open": event.applications_open(now)}
    if not user.is_authenticated:
        return result
    application = selectors.active_application(event=event, applicant=user, prefetch=False)
    if application is not None and application.status != ApplicationStatus.DRAFT:
        return {**result, "sent": application}
    if result["window_open"] or application is not None:
        problems = services.application_draft_problems(
            event=event, profile=services.profile_for(user), now=now
        )
        result["problems"] = [m for messages in problems.values() for m in messages]
    return {**result, "draft": application}
