"""The dashboards' charts, built from the one selector's figures (``reports.selectors``)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from delegations.enums import InvitationStatus, NomineeStatus
from notifications.enums import MessageStatus
from participants.enums import Gender

from .charts import Chart, bar_chart, column_chart
from .selectors import EventStats, ProgrammeStats


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g} %"


def event_charts(stats: EventStats) -> list[Chart]:
    charts = []
    charts.append(
        bar_chart(
            "funnel",
            _("Applications funnel"),
            [(s.label, s.count, f"{s.count} {_pct(s.conversion)}".strip()) for s in stats.funnel],
            columns=[_("Step"), _("Applications"), _("Of the step before")],
            rows=[[s.label, s.count, _pct(s.conversion)] for s in stats.funnel],
        )
    )
    deadline = date_format(stats.deadline) if stats.deadline else ""
    charts.append(
        column_chart(
            "per-day",
            _("Applications submitted per day"),
            [(d.day, d.count) for d in stats.applications_per_day],
            columns=[_("Day"), _("Applications")],
            rows=[[date_format(d.day), d.count] for d in stats.applications_per_day],
            mark_day=stats.deadline,
            marker_label=_("Deadline: %(day)s") % {"day": deadline} if deadline else "",
        )
    )
    fill = stats.quota_fill
    charts.append(
        bar_chart(
            "quota",
            _("Seats held by country against the quotas"),
            [
                (
                    c.name,
                    c.filled,
                    _("%(filled)s (min. %(minimum)s)") % {"filled": c.filled, "minimum": c.minimum},
                )
                for c in fill
            ],
            markers=[c.minimum or None for c in fill],
            warn=[c.under_minimum for c in fill],
            marker_label=_("The line marks the country's minimum; a red bar is under it."),
            columns=[_("Country"), _("Seats held"), _("Minimum"), _("Maximum"), _("By gender")],
            rows=[
                [
                    c.name,
                    c.filled,
                    c.minimum,
                    "" if c.maximum is None else c.maximum,
                    ", ".join(
                        f"{dict(Gender.choices).get(g, _('Not given'))}: {n}"
                        for g, n in sorted(c.by_gender.items())
                    ),
                ]
                for c in fill
            ],
        )
    )
    genders = stats.gender_fill
    target = genders[0].target_share if genders else None
    charts.append(
        bar_chart(
            "gender",
            _("Seats held by gender"),
            [(g.label, g.filled, f"{g.filled} ({_pct(g.share)})") for g in genders],
            markers=[g.minimum or None for g in genders],
            warn=[
                bool(target and g.share and g.share > target) or g.under_minimum or g.over_maximum
                for g in genders
            ],
            marker_label=" ".join(
                text
                for text in (
                    _("Target: at most %(share)s of the seats for one gender.")
                    % {"share": _pct(target)}
                    if target
                    else "",
                    _("The line marks the gender's minimum; a red bar is under it.")
                    if any(g.minimum for g in genders)
                    else "",
                )
                if text
            ),
            columns=[_("Gender"), _("Seats held"), _("Share"), _("Minimum"), _("Maximum")],
            rows=[
                [
                    g.label,
                    g.filled,
                    _pct(g.share),
                    g.minimum,
                    "" if g.maximum is None else g.maximum,
                ]
                for g in genders
            ],
        )
    )
    charts.append(
        bar_chart(
            "reviewers",
            _("Review progress per reviewer"),
            [(r.name, r.done, f"{r.done} / {r.assigned}") for r in stats.reviewers],
            markers=[r.assigned for r in stats.reviewers],
            marker_label=_("The line marks the reviews assigned."),
            columns=[_("Reviewer"), _("Reviews done"), _("Assigned")],
            rows=[[r.name, r.done, r.assigned] for r in stats.reviewers],
        )
    )
    charts.append(
        bar_chart(
            "sessions",
            _("Attendance per session"),
            [(s.title, s.attended, f"{s.attended} / {s.expected}") for s in stats.sessions],
            markers=[s.expected or None for s in stats.sessions],
            marker_label=_("The line marks the confirmed participants."),
            columns=[_("Session"), _("Checked in"), _("Confirmed participants")],
            rows=[[s.title, s.attended, s.expected] for s in stats.sessions],
        )
    )
    charts.append(
        bar_chart(
            "attendance-days",
            _("Attendance per day"),
            [
                (date_format(d.day), d.attended, f"{d.attended} / {d.expected}")
                for d in stats.attendance_days
            ],
            markers=[d.expected or None for d in stats.attendance_days],
            warn=[d.no_shows > 0 for d in stats.attendance_days],
            marker_label=_("The line marks the confirmed participants; a red bar had no-shows."),
            columns=[_("Day"), _("Present"), _("Confirmed participants"), _("No-shows")],
            rows=[
                [date_format(d.day), d.attended, d.expected, d.no_shows]
                for d in stats.attendance_days
            ],
        )
    )
    labels = dict(MessageStatus.choices)
    messages = [(str(labels[code]), n) for code, n in stats.messages.items()]
    charts.append(
        bar_chart(
            "messages",
            _("Messages"),
            [(label, n, str(n)) for label, n in messages],
            warn=[code == MessageStatus.FAILED and n > 0 for code, n in stats.messages.items()],
            columns=[_("Status"), _("Messages")],
            rows=[[label, n] for label, n in messages] if any(n for _l, n in messages) else [],
        )
    )
    charts.extend(_survey_and_delegation_charts(stats))
    return charts


def _survey_and_delegation_charts(stats: EventStats) -> list[Chart]:
    waves = stats.surveys
    charts = [
        bar_chart(
            "surveys",
            _("Survey response rates"),
            [
                (f"{w.title} · {w.wave_label}", w.responded, f"{w.responded} / {w.invited}")
                for w in waves
            ],
            markers=[w.invited or None for w in waves],
            marker_label=_("The line marks the people invited."),
            columns=[_("Survey"), _("Wave"), _("Invited"), _("Responded"), _("Response rate")],
            rows=[[w.title, w.wave_label, w.invited, w.responded, _pct(w.rate)] for w in waves],
        )
    ]
    status = stats.delegations
    if status is None:
        return charts
    invitations = [(str(label), status.partners[code]) for code, label in InvitationStatus.choices]
    charts.append(
        bar_chart(
            "delegations",
            _("Delegations by invitation status"),
            [(label, n, str(n)) for label, n in invitations],
            columns=[_("Invitation"), _("Partners")],
            rows=[[label, n] for label, n in invitations] if status.partners_total else [],
        )
    )
    nominees = [(code, str(label), status.nominees[code]) for code, label in NomineeStatus.choices]
    charts.append(
        bar_chart(
            "nominees",
            _("Nominees by status"),
            [(label, n, str(n)) for _c, label, n in nominees],
            warn=[code == NomineeStatus.REFUSED and n > 0 for code, _l, n in nominees],
            marker_label=_("Accredited delegates: %(n)s") % {"n": status.accredited},
            columns=[_("Status"), _("Nominees")],
            rows=[[label, n] for _c, label, n in nominees] if any(status.nominees.values()) else [],
        )
    )
    return charts


def programme_charts(stats: ProgrammeStats) -> list[Chart]:
    charts = [
        bar_chart(
            "events",
            _("Events side by side: confirmed participants"),
            [(e.title, e.confirmed, str(e.confirmed)) for e in stats.events],
            markers=[e.submitted or None for e in stats.events],
            marker_label=_("The line marks the applications submitted."),
            columns=[
                _("Event"),
                _("First day"),
                _("Submitted"),
                _("Accepted"),
                _("Confirmed"),
                _("Attended"),
            ],
            rows=[
                [
                    e.title,
                    date_format(e.start_date),
                    e.submitted,
                    e.accepted,
                    e.confirmed,
                    e.attended,
                ]
                for e in stats.events
            ],
        )
    ]
    by_country: dict[str, int] = defaultdict(int)
    for row in stats.participants_by_year:
        by_country[row.country] += row.count
    charts.append(
        bar_chart(
            "countries",
            _("Participants by country, all years"),
            [(c or _("Not given"), n, str(n)) for c, n in sorted(by_country.items())],
            columns=[_("Year"), _("Country"), _("Participants")],
            rows=[
                [r.year, r.country or _("Not given"), r.count] for r in stats.participants_by_year
            ],
        )
    )
    labels = dict(Gender.choices)
    charts.append(
        bar_chart(
            "gender-balance",
            _("Gender balance per event: women's share"),
            [
                (
                    b.title,
                    _share(b.by_gender, Gender.FEMALE),
                    _pct(_share(b.by_gender, Gender.FEMALE)),
                )
                for b in stats.gender_balance
            ],
            columns=[_("Event"), _("Participants by gender")],
            rows=[
                [
                    b.title,
                    ", ".join(
                        f"{labels.get(g, _('Not given'))}: {n}"
                        for g, n in sorted(b.by_gender.items())
                    ),
                ]
                for b in stats.gender_balance
            ],
        )
    )
    return charts


def _share(by_gender: dict[str, int], gender: str) -> float:
    total = sum(by_gender.values())
    return round(100 * by_gender.get(gender, 0) / total, 1) if total else 0.0
