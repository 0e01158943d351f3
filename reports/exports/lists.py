"""The built-in exports: applications with answers, participants, attendance, messages,
review scores and the selection. Registered by ``reports.apps`` at start-up."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.models import CheckIn
from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from participants import exports as application_exports
from participants.accounts import display_name
from participants.enums import ApplicationStatus
from participants.models import Application, GuardianConsent
from participants.selectors import event_applications
from programmes.enums import ACTIVE_SESSION_STATUSES
from programmes.models import Event, Session
from review.models import Criterion, Review, SelectionDecision

from . import Column, Export, ExportContext, Row, register

CHUNK = 500


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _local(moment, event: Event) -> str:
    return moment.astimezone(event.zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _protected(application) -> bool:
    """A minor whose guardian has not (yet) consented: their sensitive fields stay out."""
    return bool(application.is_minor and not getattr(application, "guardian_consented", False))


def _consented(queryset):
    return queryset.annotate(
        guardian_consented=Exists(
            GuardianConsent.objects.filter(application=OuterRef("pk"), consented_at__isnull=False)
        )
    )


# --- applications with answers ----------------------------------------------------------


def applications_table(event: Event, context: ExportContext):
    header, rows = application_exports.application_rows(event)
    columns = [
        Column(
            title,
            kind=application_exports.COLUMN_KINDS.get(index, "text"),
            sensitive=index in application_exports.SENSITIVE_COLUMNS,
        )
        for index, title in enumerate(header)
    ]
    return columns, (Row(values, _protected(a)) for a, values in rows)


# --- participants -----------------------------------------------------------------------


def _participants(event: Event):
    return _consented(
        Application.objects.filter(event=event, status=ApplicationStatus.CONFIRMED)
        .select_related("applicant__profile")
        .order_by("country", "pk")
    )


def participants_table(event: Event, context: ExportContext):
    columns = [
        Column(_("ID"), "int", width=8),
        Column(_("Full name"), width=28),
        Column(_("Email"), width=28),
        Column(_("Country (quota)"), width=10),
        Column(_("Gender"), width=12),
        Column(_("Organisation"), width=24),
        Column(_("Under 18"), "bool", width=8),
        Column(_("Date of birth"), "date", sensitive=True, width=12),
        Column(_("Phone"), sensitive=True),
        Column(_("Dietary needs"), sensitive=True, width=24),
        Column(_("Accessibility needs"), sensitive=True, width=24),
    ]

    def rows() -> Iterator[Row]:
        for a in _participants(event).iterator(chunk_size=CHUNK):
            profile = getattr(a.applicant, "profile", None)
            yield Row(
                [
                    a.pk,
                    display_name(a.applicant, profile=profile),
                    a.applicant.email,
                    str(a.country or ""),
                    a.get_gender_display() if a.gender else "",
                    profile.affiliation if profile else "",
                    a.is_minor,
                    a.date_of_birth.isoformat() if a.date_of_birth else "",
                    profile.phone if profile else "",
                    profile.dietary_needs if profile else "",
                    profile.accessibility_needs if profile else "",
                ],
                _protected(a),
            )

    return columns, rows()


# --- attendance -------------------------------------------------------------------------


def _sessions(event: Event) -> list[Session]:
    return list(
        Session.objects.filter(event=event, status__in=ACTIVE_SESSION_STATUSES).order_by(
            "starts_at", "pk"
        )
    )


def attendance_count(event: Event, context: ExportContext) -> int:
    return _participants(event).count() * len(_sessions(event))


def attendance_table(event: Event, context: ExportContext):
    """One row per participant and session: present or absent, when, late, left early."""
    sessions = _sessions(event)
    columns = [
        Column(_("Full name"), width=28),
        Column(_("Country (quota)"), width=10),
        Column(_("Session"), width=28),
        Column(_("Starts (%(zone)s)") % {"zone": event.time_zone}, "datetime", width=16),
        Column(_("Present"), "bool", width=8),
        Column(_("Checked in (%(zone)s)") % {"zone": event.time_zone}, "datetime", width=16),
        Column(_("Late"), "bool", width=6),
        Column(_("Left early"), "bool", width=8),
    ]

    def rows() -> Iterator[Row]:
        people = _participants(event).prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.filter(session__event=event))
        )
        for a in people.iterator(chunk_size=CHUNK):
            name = display_name(a.applicant, profile=getattr(a.applicant, "profile", None))
            by_session = {c.session_id: c for c in a.check_ins.all()}
            for session in sessions:
                check_in = by_session.get(session.pk)
                yield Row(
                    [
                        name,
                        str(a.country or ""),
                        session.title,
                        _local(session.starts_at, event),
                        check_in is not None,
                        _local(check_in.scanned_at, event) if check_in else "",
                        bool(check_in and check_in.late),
                        bool(check_in and check_in.left_early),
                    ]
                )

    return columns, rows()


# --- messages ---------------------------------------------------------------------------


def _messages(event: Event):
    return Message.objects.filter(event=event).order_by("created_at", "pk")


def messages_table(event: Event, context: ExportContext):
    columns = [
        Column(_("ID"), "int", width=8),
        Column(_("To"), width=28),
        Column(_("Kind"), width=20),
        Column(_("Status"), width=10),
        Column(_("Attempts"), "int", width=8),
        Column(_("Queued (%(zone)s)") % {"zone": event.time_zone}, "datetime", width=16),
        Column(_("Sent (%(zone)s)") % {"zone": event.time_zone}, "datetime", width=16),
        Column(_("Last error"), width=30),
    ]
    fields = ["pk", "to_email", "kind", "status", "attempts", "created_at", "sent_at", "last_error"]

    # Labels looked up once: get_FOO_display() rebuilds its choices dict on every call.
    kinds, statuses = _labels(MessageKind), _labels(MessageStatus)

    def rows() -> Iterator[Row]:
        for m in _messages(event).only(*fields).iterator(chunk_size=CHUNK):
            yield Row(
                [
                    m.pk,
                    m.to_email,
                    kinds.get(m.kind, m.kind),
                    statuses.get(m.status, m.status),
                    m.attempts,
                    _local(m.created_at, event),
                    _local(m.sent_at, event),
                    m.last_error[:300],
                ]
            )

    return columns, rows()


# --- review scores ----------------------------------------------------------------------


def _reviews(event: Event):
    return (
        Review.objects.filter(application__event=event, submitted_at__isnull=False)
        .select_related("reviewer__profile", "application__applicant__profile")
        .prefetch_related("scores")
        .order_by("application_id", "reviewer_id")
    )


def review_scores_table(event: Event, context: ExportContext):
    criteria = list(Criterion.objects.filter(event=event).order_by("order", "pk"))
    columns = [
        Column(_("Application"), "int", width=10),
        Column(_("Applicant"), width=28),
        Column(_("Reviewer"), width=28),
        *[Column(c.name, "int", width=10) for c in criteria],
        Column(_("Weighted score"), "float", width=10),
        Column(_("Submitted (%(zone)s)") % {"zone": event.time_zone}, "datetime", width=16),
    ]

    def rows() -> Iterator[Row]:
        for r in _reviews(event).iterator(chunk_size=CHUNK):
            scores = {s.criterion_id: s.value for s in r.scores.all()}
            applicant = r.application.applicant
            yield Row(
                [
                    r.application_id,
                    display_name(applicant, profile=getattr(applicant, "profile", None)),
                    display_name(r.reviewer, profile=getattr(r.reviewer, "profile", None)),
                    *[scores.get(c.pk, "") for c in criteria],
                    r.weighted_score if r.weighted_score is not None else "",
                    _local(r.submitted_at, event),
                ]
            )

    return columns, rows()


# --- selection --------------------------------------------------------------------------


def _decisions(event: Event):
    return (
        SelectionDecision.objects.filter(event=event)
        .select_related("application__applicant__profile")
        .order_by("outcome", "rank", "waitlist_position", "pk")
    )


def selection_table(event: Event, context: ExportContext):
    columns = [
        Column(_("Application"), "int", width=10),
        Column(_("Applicant"), width=28),
        Column(_("Country (quota)"), width=10),
        Column(_("Gender"), width=12),
        Column(_("Decision"), width=12),
        Column(_("Rank"), "int", width=8),
        Column(_("Waiting list position"), "int", width=10),
        Column(_("Status"), width=14),
        Column(_("Explanation"), width=40),
    ]

    def rows() -> Iterator[Row]:
        for d in _decisions(event).iterator(chunk_size=CHUNK):
            a = d.application
            yield Row(
                [
                    a.pk,
                    display_name(a.applicant, profile=getattr(a.applicant, "profile", None)),
                    str(a.country or ""),
                    a.get_gender_display() if a.gender else "",
                    d.get_outcome_display(),
                    d.rank if d.rank is not None else "",
                    d.waitlist_position if d.waitlist_position is not None else "",
                    a.get_status_display(),
                    d.explanation,
                ]
            )

    return columns, rows()


def register_builtin() -> None:
    register(
        Export(
            name="applications",
            title=gettext_lazy("Applications with answers"),
            permission="reports.run_export",
            count=lambda event, context: event_applications(event).count(),
            table=applications_table,
        )
    )
    register(
        Export(
            name="participants",
            title=gettext_lazy("Participants"),
            permission="reports.run_export",
            count=lambda event, context: _participants(event).count(),
            table=participants_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
    register(
        Export(
            name="attendance",
            title=gettext_lazy("Attendance per session"),
            permission="reports.run_export",
            count=attendance_count,
            table=attendance_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
    register(
        Export(
            name="messages",
            title=gettext_lazy("Messages"),
            permission="reports.run_export",
            count=lambda event, context: _messages(event).count(),
            table=messages_table,
        )
    )
    register(
        Export(
            name="review-scores",
            title=gettext_lazy("Review scores"),
            permission="reports.run_export",
            count=lambda event, context: _reviews(event).count(),
            table=review_scores_table,
        )
    )
    register(
        Export(
            name="selection",
            title=gettext_lazy("Selection"),
            permission="reports.run_export",
            count=lambda event, context: _decisions(event).count(),
            table=selection_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
