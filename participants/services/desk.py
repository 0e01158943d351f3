"""The applications desk's bulk actions and notes.

Each bulk action goes through the existing services (review's assignment and selection
services, notifications' outbox), so a bulk decision is the same decision as one made on
the selection page. Its preview runs the very same services in a transaction that is
rolled back, and reports what they did: each application's status before and after and
every message that would have been queued (recipient, kind, subject); a refusal names
the application. Nothing of a preview is kept, and its queued mail is discarded with
the transaction (the outbox enqueues delivery only on commit).

This module sits above review and notifications, like a page: participants.services
does not export it, and nothing in review or notifications imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import log_action
from backend.errors import BridgesError
from notifications.enums import Segment
from notifications.models import Message
from notifications.rendering import render
from notifications.services import broadcast_send
from programmes.models import Event
from programmes.selectors import event_reviewer_ids
from review.services import assignment_create, selection_apply

from ..accounts import display_name
from ..enums import SENT_STATUSES, ApplicationStatus
from ..models import Application, ApplicationNote

ACTIONS = {
    "assign": gettext_lazy("Assign a reviewer"),
    "accept": gettext_lazy("Accept"),
    "waitlist": gettext_lazy("Add to the waiting list"),
    "reject": gettext_lazy("Reject"),
    "message": gettext_lazy("Send a message"),
}
MAX_BULK = 500


@dataclass
class Outcome:
    application: Application
    name: str
    status_before: str
    status_after: str = ""
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # to, kind, subject

    @property
    def status_before_label(self) -> str:
        return ApplicationStatus(self.status_before).label

    @property
    def status_after_label(self) -> str:
        return ApplicationStatus(self.status_after).label if self.status_after else ""


@dataclass
class BulkResult:
    outcomes: list[Outcome]
    applied: bool
    # A repeat of a confirmed submit (same one-time token): nothing was done again.
    repeated: bool = False


class _Rollback(Exception):
    pass


def _applications(event: Event, ids: list[int]) -> list[Application]:
    if not ids:
        raise BridgesError(_("Choose at least one application."), field="applications")
    if len(ids) > MAX_BULK:
        raise BridgesError(
            _("Choose at most %(n)s applications at once.") % {"n": MAX_BULK},
            field="applications",
        )
    found = list(
        Application.objects.filter(event=event, pk__in=ids, status__in=SENT_STATUSES)
        .select_related("applicant__profile", "event")
        .order_by("pk")
    )
    if len(found) != len(set(ids)):
        raise BridgesError(
            _("Some of these applications are not this event's."), field="applications"
        )
    return found


def _run(*, event, applications, action, by, reviewer, subject, body, submit_token) -> bool:
    """Run the action; True when it was a repeat of a submit already done (a no-op)."""
    if action == "assign":
        if reviewer is None:
            raise BridgesError(_("Choose a reviewer."), field="reviewer")
        for application in applications:
            try:
                assignment_create(application=application, reviewer=reviewer, by=by)
            except BridgesError as exc:
                raise BridgesError(
                    f"{display_name(application.applicant)}: {exc.message}",
                    code=exc.code,
                    field="applications",
                    status=exc.status,
                ) from None
    elif action in ("accept", "waitlist", "reject"):
        selection_apply(
            event=event,
            decisions=[{"application": a.pk, "outcome": action} for a in applications],
            by=by,
        )
    elif action == "message":
        # One broadcast of the messages desk, to the chosen applicants: in its history
        # and the outbox like any other.
        broadcast = broadcast_send(
            event=event,
            segment=Segment.CHOSEN_APPLICANTS,
            country="",
            subject=subject,
            body=body,
            by=by,
            recipients=list({a.applicant_id: a.applicant for a in applications}.values()),
            submit_token=submit_token,
        )
        if broadcast.repeated:
            return True
        for application in applications:
            log_action(
                application,
                "participants.application.messaged",
                user=by,
                data={"subject": subject},
            )
    else:
        raise BridgesError(_("Choose an action."), field="action")
    return False


def desk_reviewers(event: Event) -> list[tuple[int, str]]:
    """(user id, name) of the people who may review the event's applications."""
    reviewers = (
        get_user_model()
        .objects.filter(pk__in=event_reviewer_ids(event))
        .select_related("profile")
        .order_by("pk")
    )
    return [(user.pk, display_name(user)) for user in reviewers]


def message_subject(message: Message) -> str:
    """The subject as the recipient will read it (the outbox renders it on delivery)."""
    if message.subject:
        return message.subject
    subject, _text, _html = render(
        kind=message.kind,
        template=message.template or message.kind,
        context=message.context,
        language=message.language,
        recipient_id=message.recipient_id,
        site_url=settings.SITE_URL,
    )
    return subject


def applications_bulk(
    *,
    event: Event,
    application_ids: list[int],
    action: str,
    by,
    reviewer=None,
    subject: str = "",
    body: str = "",
    preview: bool,
    submit_token=None,
) -> BulkResult:
    """Run ``action`` on the chosen applications of ``event``: for real, or as a
    preview rolled back at the end. All or nothing; raises BridgesError naming the
    application a service refused. ``submit_token`` (the confirm form's one-time token)
    makes a second confirm of the same message a no-op (``repeated``)."""
    outcomes: list[Outcome] = []
    try:
        with transaction.atomic():
            applications = _applications(event, application_ids)
            before_message = Message.objects.aggregate(last=Max("pk"))["last"] or 0
            outcomes = [
                Outcome(application=a, name=display_name(a.applicant), status_before=a.status)
                for a in applications
            ]
            repeated = _run(
                submit_token=None if preview else submit_token,
                event=event,
                applications=applications,
                action=action,
                by=by,
                reviewer=reviewer,
                subject=subject,
                body=body,
            )
            after = dict(
                Application.objects.filter(pk__in=[a.pk for a in applications]).values_list(
                    "pk", "status"
                )
            )
            by_user = {a.applicant_id: o for a, o in zip(applications, outcomes, strict=True)}
            queued = Message.objects.filter(pk__gt=before_message, event=event).order_by("pk")
            for message in queued:
                outcome = by_user.get(message.recipient_id)
                if outcome is not None:
                    outcome.messages.append(
                        (message.to_email, message.get_kind_display(), message_subject(message))
                    )
            for outcome in outcomes:
                outcome.status_after = after[outcome.application.pk]
            if preview:
                raise _Rollback
    except _Rollback:
        return BulkResult(outcomes=outcomes, applied=False)
    return BulkResult(outcomes=outcomes, applied=True, repeated=repeated)


@transaction.atomic
def application_note_add(*, application: Application, text: str, by) -> ApplicationNote:
    """An organiser's internal note (never shown to the applicant)."""
    text = (text or "").strip()
    if not text:
        raise BridgesError(_("Write the note."), field="text")
    if len(text) > 5000:
        raise BridgesError(_("Keep the note under 5,000 characters."), field="text")
    note = ApplicationNote.objects.create(application=application, author=by, text=text)
    log_action(application, "participants.application.note_added", user=by)
    return note
