"""The follow-up form after confirmation, on the one form engine (participants'
Questionnaire, Question and Answer): deadline, reminders through the outbox only to
those who have not answered, a lock, and a note to the logistics team when someone
changes their answers after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError
from notifications.enums import MessageKind
from notifications.rendering import time_entry
from notifications.services.queueing import MessageSpec, messages_queue_many
from participants import selectors as participant_selectors
from participants.enums import ApplicationStatus, QuestionnairePurpose
from participants.models import Application, Questionnaire
from participants.services import application_answers_save, questionnaire_create
from programmes.models import Event

from ..enums import VisaStatus
from ..models import FollowUp, FollowUpResponse, LogisticsAccess, VisaCase, VisaRule
from .attendees import attending
from .visas import visa_needs

# Reminders this many days before the deadline (each sent once per person).
REMINDER_DAYS = (7, 2)
# What a visa support letter needs from the passport (entered on the travel page).
PASSPORT_NEEDED = ("passport_name", "passport_number", "nationality", "passport_expiry")
FORM, PASSPORT = "form", "passport"


def follow_up_outstanding(*, event: Event) -> list[tuple[Application, list[str]]]:
    """Every confirmed person of ``event`` with what they still owe: ``FORM`` (the
    follow-up form not answered) and ``PASSPORT`` (passport details missing while a
    visa letter waits for them: a leg's visa case is 'needed', or, without a case, the
    organisers' table says their nationality needs one; once the letter is sent or the
    visa applied for, the passport is no longer chased). [] for someone done. By name;
    five queries."""
    legs = list(event.legs.all())
    rules = set(VisaRule.objects.filter(event=event).values_list("country", "nationality"))
    cases = {
        (case.application_id, case.leg_id): case.status
        for case in VisaCase.objects.filter(leg__event=event).only(
            "application_id", "leg_id", "status"
        )
    }
    applications = (
        attending(event)
        .select_related("event", "applicant__profile", "travel_profile", "follow_up_response")
        .order_by("applicant__last_name", "applicant__first_name", "pk")
    )
    rows = []
    for application in applications:
        owed = [] if hasattr(application, "follow_up_response") else [FORM]
        table = visa_needs(application=application, legs=legs, rules=rules)
        needs_letter = any(
            cases.get((application.pk, leg.pk), VisaStatus.NEEDED if table[leg.pk] else None)
            == VisaStatus.NEEDED
            for leg in legs
        )
        profile = getattr(application, "travel_profile", None)
        if needs_letter and (
            profile is None or not all(getattr(profile, name) for name in PASSPORT_NEEDED)
        ):
            owed.append(PASSPORT)
        rows.append((application, owed))
    return rows


def follow_up_setup(*, event: Event, deadline: dt.datetime, title: str = "", by) -> FollowUp:
    """Create (or move the deadline of) the event's follow-up form."""
    if deadline is None:
        raise BridgesError(_("Give the deadline."), field="deadline")
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        follow_up = FollowUp.objects.filter(event=event).first()
        if follow_up is None:
            questionnaire = Questionnaire.objects.filter(
                event=event, purpose=QuestionnairePurpose.FOLLOW_UP
            ).first() or questionnaire_create(
                event=event,
                purpose=QuestionnairePurpose.FOLLOW_UP,
                title=title or _("Travel details"),
            )
            follow_up = FollowUp.objects.create(
                event=event, questionnaire=questionnaire, deadline=deadline
            )
        elif follow_up.deadline != deadline:
            follow_up.deadline = deadline
            follow_up.save(update_fields=["deadline"])
        log_action(
            follow_up,
            "logistics.follow_up.changed",
            user=by,
            event=event,
            data={"deadline": deadline.isoformat()},
        )
    return follow_up


def follow_up_lock(*, follow_up: FollowUp, locked: bool, by) -> FollowUp:
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        follow_up.locked_at = timezone.now() if locked else None
        follow_up.save(update_fields=["locked_at"])
        log_action(
            follow_up,
            "logistics.follow_up.locked" if locked else "logistics.follow_up.unlocked",
            user=by,
            event=follow_up.event,
        )
    return follow_up


def follow_up_questions(follow_up: FollowUp):
    return participant_selectors.questionnaire_questions(follow_up.questionnaire_id)


def follow_up_answer(
    *, application: Application, follow_up: FollowUp, answers: dict[Any, Any], by
) -> FollowUpResponse:
    """Save the person's answers (the whole form must be complete). After the lock the
    change is still saved and the organisation's logistics team is told."""
    if (
        application.status != ApplicationStatus.CONFIRMED
        or application.event_id != follow_up.event_id
    ):
        raise BridgesError(
            _("The follow-up form is for confirmed participants."), code="not_confirmed", status=409
        )
    now = timezone.now()
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)
        application_answers_save(
            application=application,
            questions=follow_up_questions(follow_up),
            answers=answers,
            complete=True,
        )
        response, created = FollowUpResponse.objects.get_or_create(
            application=application, defaults={"submitted_at": now, "changed_at": now}
        )
        if not created:
            response.changed_at = now
            if follow_up.locked_at is not None:
                response.changes_after_lock += 1
            response.save(update_fields=["changed_at", "changes_after_lock"])
            if follow_up.locked_at is not None:
                _tell_logistics_team(application, response)
        log_action(response, "logistics.follow_up.answered", user=by, event=application.event)
    return response


def travel_changed(*, application: Application, by, what: str) -> None:
    """The person changed travel data the follow-up form covers (passport, flights)
    outside the form: after the lock the logistics team is told, as for the form's own
    answers. An organiser's edit tells no one. Call inside the saving transaction."""
    if by is None or by.pk != application.applicant_id:
        return
    if not FollowUp.objects.filter(event_id=application.event_id, locked_at__isnull=False).exists():
        return
    response = FollowUpResponse.objects.select_for_update().filter(application=application).first()
    if response is not None:
        response.changes_after_lock += 1
        response.changed_at = timezone.now()
        response.save(update_fields=["changed_at", "changes_after_lock"])
        _tell_logistics_team(application, response)
    else:  # never answered the form: one note per change all the same
        _tell_logistics_team(
            application, None, change=f"a{application.pk}:{what}:{timezone.now().isoformat()}"
        )


def _tell_logistics_team(
    application: Application, response: FollowUpResponse | None, change: str = ""
) -> None:
    change = change or f"{response.pk}:{response.changes_after_lock}"
    event = application.event
    team = [
        a.user
        for a in LogisticsAccess.objects.filter(
            organisation_id=event.organisation_id
        ).select_related("user")
    ]
    link = settings.SITE_URL + reverse("logistics:follow-up-admin", args=[event.slug])
    name = application.applicant.get_full_name() or application.applicant.email
    specs = [
        MessageSpec(
            kind=MessageKind.FOLLOW_UP_CHANGED,
            template="follow_up_changed",
            idempotency_key=f"logistics:follow-up-changed:{change}:{user.pk}",
            recipient=user,
            context={"event_title": event.title, "applicant_name": name, "link": link},
            event_id=event.pk,
        )
        for user in team
    ]
    messages_queue_many(specs)


def follow_up_reminders_due(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders due now: REMINDER_DAYS before each open form's deadline, to
    the confirmed people who still owe something (``follow_up_outstanding``: the form,
    or passport details a visa needs). Keyed by person and occasion, so a second
    scan (or a second beat) sends nothing again. Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    open_forms = FollowUp.objects.filter(deadline__gt=now, locked_at__isnull=True).select_related(
        "event"
    )
    for follow_up in open_forms:
        days_left = (follow_up.deadline - now).total_seconds() / 86400
        due = [d for d in REMINDER_DAYS if days_left <= d]
        if not due:
            continue
        occasion = min(due)
        event = follow_up.event
        link = settings.SITE_URL + reverse("logistics:follow-up", args=[event.slug])
        travel_link = settings.SITE_URL + reverse("logistics:my-travel", args=[event.slug])
        deadline = {"deadline": time_entry(follow_up.deadline, event.time_zone)}
        specs = [
            MessageSpec(
                kind=MessageKind.FOLLOW_UP_REMINDER,
                template="follow_up_reminder",
                idempotency_key=f"logistics:follow-up-reminder:{application.pk}:{occasion}",
                recipient=application.applicant,
                context={
                    "event_title": event.title,
                    "link": link,
                    "times": deadline,
                    "form_missing": FORM in owed,
                    "passport_link": travel_link if PASSPORT in owed else "",
                },
                event_id=event.pk,
            )
            for application, owed in follow_up_outstanding(event=event)
            if owed
        ]
        queued += messages_queue_many(specs)
    return queued
