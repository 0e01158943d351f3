"""What an event still lacks before (or after) it is published: the wizard's checklist.

Advisory: the hard rules of publishing are ``programmes.services.event_publish``'s (the
page shows its refusals). Each item names the wizard step where it is fixed. Reads the
other apps (questions, rubric) so it lives here, on the top floor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from participants.models import Question
from programmes.enums import AttendanceMode, SessionStatus
from programmes.models import Event
from review.models import Criterion


@dataclass(frozen=True)
class Missing:
    step: str  # the wizard step's url name (backoffice:event-<step>)
    message: str
    # Where it is fixed when that is a page of its own, not the step (a url name taking
    # the event's slug): the agenda editor, the form builder.
    url_name: str = ""


def event_missing(event: Event) -> list[Missing]:
    items: list[Missing] = []
    legs = list(event.legs.all())
    if event.attendance_mode != AttendanceMode.ONLINE:
        if not legs:
            items.append(Missing("dates", _("Say where the event takes place: add a leg.")))
        else:
            covered = {
                leg.start_date + dt.timedelta(days=i)
                for leg in legs
                for i in range((leg.end_date - leg.start_date).days + 1)
            }
            if any(day not in covered for day in event.days()):
                items.append(Missing("dates", _("Some days of the event belong to no leg.")))
    if not event.working_languages:
        items.append(Missing("basics", _("Choose the working languages.")))
    sessions = event.sessions.exclude(status=SessionStatus.CANCELLED)
    if not sessions.exists():
        items.append(
            Missing("venues", _("The agenda has no sessions yet."), "scheduling:agenda-editor")
        )
    elif sessions.filter(venue__isnull=True).exists():
        items.append(Missing("venues", _("Some sessions have no venue.")))
    if not (event.applications_open_at and event.applications_close_at):
        items.append(Missing("call", _("Set when applications open and close.")))
    if event.capacity is None:
        items.append(Missing("call", _("Say how many places there are.")))
    minimums = event.quotas.aggregate(total=Sum("minimum"))["total"] or 0
    if event.capacity is not None and minimums > event.capacity:
        items.append(
            Missing(
                "quotas",
                _("The country minimums add up to %(total)s, more than the %(capacity)s places.")
                % {"total": minimums, "capacity": event.capacity},
            )
        )
    if not Question.objects.filter(event=event).exists():
        items.append(
            Missing("call", _("The application form has no questions."), "application-form-builder")
        )
    if not Criterion.objects.filter(event=event).exists():
        items.append(Missing("review", _("The review has no criteria.")))
    return items
