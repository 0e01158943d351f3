"""Every figure the dashboards, the stats API and the exports show, read in one place.

``event_stats(event)`` and ``programme_stats(programme)`` return plain dataclasses;
the pages draw them (``reports/charts.py``), the API renders them
(``reports/api/serializers.py``). Each part is one grouped query (``event_stats`` makes
``EVENT_STATS_QUERIES`` queries whatever the event's size) and the definitions below are
the only ones: a step of the funnel counts an application once it has *reached* that step,
whatever happened to it afterwards (a confirmed participant who withdrew still counts as
confirmed).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils.translation import gettext_lazy as _

from attendance.models import CheckIn
from delegations.enums import InvitationStatus, NomineeStatus
from delegations.models import EventPartner, Nominee
from notifications.enums import MessageStatus
from notifications.models import Message
from participants.enums import SEAT_HOLDING_STATUSES, ApplicationStatus, Gender
from participants.models import Application, StatusChange
from programmes.enums import ACTIVE_SESSION_STATUSES
from programmes.models import Event, Programme, Session
from review.models import Review, ReviewAssignment, ReviewSettings
from surveys.models import Invitation as SurveyInvitation
from surveys.models import Wave

from .models import ApiToken, ExportRun, ScheduledExport, WebhookDelivery, WebhookSubscription

S = ApplicationStatus

# Waiting for, or lapsed without, a guardian's consent: sent but not (yet) eligible.
NOT_ELIGIBLE_STATUSES = frozenset({S.AWAITING_GUARDIAN_CONSENT, S.CONSENT_LAPSED})
# A current status that proves the application was offered a place / confirmed it; an
# application that left those statuses since (withdrew) is found in its history.
OFFERED_STATUSES = frozenset({S.ACCEPTED, S.CONFIRMED, S.DECLINED})

FUNNEL_STEPS = (
    ("started", _("Started")),
    ("submitted", _("Submitted")),
    ("eligible", _("Eligible")),
    ("reviewed", _("Reviewed")),
    ("accepted", _("Accepted")),
    ("confirmed", _("Confirmed")),
    ("attended", _("Attended")),
)

# Figures change with every application and scan: a dashboard may be this old.
STATS_CACHE_SECONDS = 60
EVENT_STATS_QUERIES = 13


@dataclass
class Step:
    code: str
    label: str
    count: int
    # Percent of the step before (None for the first, or when the step before is empty).
    conversion: float | None


@dataclass
class DayCount:
    day: dt.date
    count: int


@dataclass
class CountryFill:
    country: str
    name: str
    filled: int
    minimum: int
    maximum: int | None
    by_gender: dict[str, int]

    @property
    def under_minimum(self) -> bool:
        return self.filled < self.minimum


@dataclass
class GenderFill:
    gender: str
    label: str
    filled: int
    share: float | None
    target_share: float | None
    # The gender's own quota (programmes.GenderQuota), if it has one.
    minimum: int = 0
    maximum: int | None = None

    @property
    def under_minimum(self) -> bool:
        return self.filled < self.minimum

    @property
    def over_maximum(self) -> bool:
        return self.maximum is not None and self.filled > self.maximum


@dataclass
class ReviewerProgress:
    reviewer_id: int
    name: str
    assigned: int
    done: int


@dataclass
class SessionAttendance:
    session_id: int
    title: str
    starts_at: dt.datetime
    attended: int
    expected: int


@dataclass
class DayAttendance:
    day: dt.date
    attended: int
    expected: int

    @property
    def no_shows(self) -> int:
        return max(self.expected - self.attended, 0)


@dataclass
class SurveyWaveRate:
    survey_id: int
    title: str
    wave: int
    wave_label: str
    # Everyone the survey invited (one link serves all its waves; surveys.results counts
    # the same), and the responses sent to this wave.
    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        return _percent(self.responded, self.invited)


@dataclass
class DelegationStatus:
    # Partners invited to the event per invitation status; nominees per status (every
    # status, so a chart shows the refused and replaced too); accredited: the delegates.
    partners: dict[str, int]
    nominees: dict[str, int]

    @property
    def partners_total(self) -> int:
        return sum(self.partners.values())

    @property
    def accredited(self) -> int:
        return self.nominees.get(NomineeStatus.ACCREDITED, 0)


@dataclass
class EventStats:
    event_id: int
    funnel: list[Step]
    applications_per_day: list[DayCount]
    deadline: dt.date | None
    quota_fill: list[CountryFill]
    gender_fill: list[GenderFill]
    reviewers: list[ReviewerProgress]
    sessions: list[SessionAttendance]
    attendance_days: list[DayAttendance]
    messages: dict[str, int] = field(default_factory=dict)
    surveys: list[SurveyWaveRate] = field(default_factory=list)
    delegations: DelegationStatus | None = None

    def step(self, code: str) -> int:
        return next(s.count for s in self.funnel if s.code == code)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _funnel(event: Event) -> tuple[list[Step], int]:
    """The funnel's steps and how many hold a confirmed place now (one query)."""
    history = StatusChange.objects.filter(application=OuterRef("pk"))
    counts = (
        Application.objects.filter(event=event)
        .annotate(
            was_reviewed=Exists(
                Review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
            ),
            was_accepted=Exists(history.filter(to_status=S.ACCEPTED)),
            was_confirmed=Exists(history.filter(to_status=S.CONFIRMED)),
            has_attended=Exists(CheckIn.objects.filter(application=OuterRef("pk"))),
        )
        .aggregate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            eligible=Count(
                "pk",
                filter=Q(submitted_at__isnull=False) & ~Q(status__in=NOT_ELIGIBLE_STATUSES),
            ),
            reviewed=Count("pk", filter=Q(was_reviewed=True)),
            accepted=Count("pk", filter=Q(was_accepted=True) | Q(status__in=OFFERED_STATUSES)),
            confirmed=Count("pk", filter=Q(was_confirmed=True) | Q(status=S.CONFIRMED)),
            attended=Count("pk", filter=Q(has_attended=True)),
            confirmed_now=Count("pk", filter=Q(status=S.CONFIRMED)),
        )
    )
    steps, previous = [], None
    for code, label in FUNNEL_STEPS:
        count = counts[code]
        conversion = None if previous is None else _percent(count, previous)
        steps.append(Step(code, str(label), count, conversion))
        previous = count
    return steps, counts["confirmed_now"]


def _applications_per_day(event: Event) -> list[DayCount]:
    """Submissions per day in the event's zone, every day from the first to the last."""
    rows = (
        Application.objects.filter(event=event, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=event.zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    counts = {row["day"]: row["n"] for row in rows}
    if not counts:
        return []
    days, day = [], min(counts)
    while day <= max(counts):
        days.append(DayCount(day, counts.get(day, 0)))
        day += dt.timedelta(days=1)
    return days


def _quota_fill(event: Event) -> tuple[list[CountryFill], list[GenderFill]]:
    """Seats held (accepted or confirmed) per country and gender against the quotas and
    the gender target and quotas (four queries)."""
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_gender: dict[str, int] = defaultdict(int)
    held = (
        Application.objects.filter(event=event, status__in=SEAT_HOLDING_STATUSES)
        .values("country", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in held:
        by_country[str(row["country"] or "")][row["gender"] or ""] += row["n"]
        by_gender[row["gender"] or ""] += row["n"]
    quotas = {str(q.country): q for q in event.quotas.all()}
    countries = []
    for code in sorted(set(quotas) | {c for c in by_country if c}):
        quota = quotas.get(code)
        genders = dict(by_country.get(code, {}))
        countries.append(
            CountryFill(
                country=code,
                name=str(quota.country.name) if quota else code,
                filled=sum(genders.values()),
                minimum=quota.minimum if quota else 0,
                maximum=quota.maximum if quota else None,
                by_gender=genders,
            )
        )
    target = (
        ReviewSettings.objects.filter(event=event)
        .values_list("gender_max_share", flat=True)
        .first()
    )
    total = sum(by_gender.values())
    labels = dict(Gender.choices)
    gender_quotas = {q.gender: q for q in event.gender_quotas.all()}
    genders = [
        GenderFill(
            gender=code,
            label=str(labels.get(code, _("Not given"))),
            filled=by_gender.get(code, 0),
            share=_percent(by_gender.get(code, 0), total),
            target_share=float(target) * 100 if target is not None else None,
            minimum=gender_quotas[code].minimum if code in gender_quotas else 0,
            maximum=gender_quotas[code].maximum if code in gender_quotas else None,
        )
        for code in sorted(
            set(by_gender) | set(gender_quotas), key=lambda c: (-by_gender.get(c, 0), c)
        )
    ]
    return countries, genders


def _reviewers(event: Event) -> list[ReviewerProgress]:
    rows = (
        ReviewAssignment.objects.filter(application__event=event)
        .values("reviewer_id", "reviewer__email", "reviewer__profile__full_name")
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(review__submitted_at__isnull=False)),
        )
        .order_by("reviewer__email")
    )
    return [
        ReviewerProgress(
            reviewer_id=row["reviewer_id"],
            name=row["reviewer__profile__full_name"] or row["reviewer__email"],
            assigned=row["assigned"],
            done=row["done"],
        )
        for row in rows
    ]


def _attendance(
    event: Event, confirmed_now: int
) -> tuple[list[SessionAttendance], list[DayAttendance]]:
    """People checked in per session and per day (in the event's zone) against the
    confirmed participants (two queries)."""
    # Objects, not .values(): a session's title is translated (modeltranslation), and its
    # descriptor picks the reader's language on an instance.
    sessions = (
        Session.objects.filter(event=event, status__in=ACTIVE_SESSION_STATUSES)
        .annotate(attended=Count("check_ins__application", distinct=True))
        .order_by("starts_at", "pk")
    )
    per_session = [
        SessionAttendance(s.pk, s.title, s.starts_at, s.attended, confirmed_now) for s in sessions
    ]
    people = (
        CheckIn.objects.filter(session__event=event)
        .annotate(day=TruncDate("session__starts_at", tzinfo=event.zone))
        .values("day")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    attended = {row["day"]: row["n"] for row in people}
    days = sorted({s.starts_at.astimezone(event.zone).date() for s in per_session} | set(attended))
    per_day = [DayAttendance(day, attended.get(day, 0), confirmed_now) for day in days]
    return per_session, per_day


def _messages(event: Event) -> dict[str, int]:
    counts = dict.fromkeys(MessageStatus.values, 0)
    rows = Message.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by()
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def _surveys(event: Event) -> list[SurveyWaveRate]:
    """Invited and responded per survey and wave (one query)."""
    invited = (
        SurveyInvitation.objects.filter(survey=OuterRef("survey"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waves = (
        Wave.objects.filter(survey__event=event)
        .select_related("survey")
        .annotate(
            invited=Coalesce(Subquery(invited, output_field=IntegerField()), 0),
            responded=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
        )
        .order_by("survey_id", "number")
    )
    return [
        SurveyWaveRate(
            w.survey_id,
            w.survey.title,
            w.number,
            str(w.get_number_display()),
            w.invited,
            w.responded,
        )
        for w in waves
    ]


def _delegations(event: Event) -> DelegationStatus:
    """Invited partners per invitation status and nominees per status (two queries)."""
    partners = dict.fromkeys(InvitationStatus.values, 0)
    rows = EventPartner.objects.filter(event=event).values("invitation_status")
    partners.update(
        {r["invitation_status"]: r["n"] for r in rows.annotate(n=Count("pk")).order_by()}
    )
    nominees = dict.fromkeys(NomineeStatus.values, 0)
    rows = Nominee.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by()
    nominees.update({r["status"]: r["n"] for r in rows})
    return DelegationStatus(partners, nominees)


def event_stats(event: Event) -> EventStats:
    """Every figure of one event's dashboard (``EVENT_STATS_QUERIES`` queries)."""
    funnel, confirmed_now = _funnel(event)
    countries, genders = _quota_fill(event)
    sessions, days = _attendance(event, confirmed_now)
    close = event.applications_close_at
    return EventStats(
        event_id=event.pk,
        funnel=funnel,
        applications_per_day=_applications_per_day(event),
        deadline=close.astimezone(event.zone).date() if close else None,
        quota_fill=countries,
        gender_fill=genders,
        reviewers=_reviewers(event),
        sessions=sessions,
        attendance_days=days,
        messages=_messages(event),
        surveys=_surveys(event),
        delegations=_delegations(event),
    )


def _version_key(kind: str, pk: int) -> str:
    return f"reports:stats-version:{kind}:{pk}"


def stats_version(kind: str, pk: int) -> int:
    return cache.get_or_set(_version_key(kind, pk), 1, timeout=None)


def stats_version_bump(kind: str, pk: int) -> None:
    key = _version_key(kind, pk)
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): any new value is a new version
        cache.set(key, 2, timeout=None)


def cached_event_stats(event: Event, language: str) -> EventStats:
    """``event_stats`` from the cache: at most ``STATS_CACHE_SECONDS`` old, and fresh after
    a status change (``reports.receivers`` bumps the event's version)."""
    # v2: EventStats gained surveys and delegations (an entry pickled before lacks them).
    key = f"reports:event-stats:v2:{event.pk}:{stats_version('event', event.pk)}:{language}"
    stats = cache.get(key)
    if stats is None:
        stats = event_stats(event)
        cache.set(key, stats, STATS_CACHE_SECONDS)
    return stats


# --- programmes -------------------------------------------------------------------------


@dataclass
class ProgrammeEvent:
    event_id: int
    title: str
    slug: str
    start_date: dt.date
    submitted: int
    accepted: int
    confirmed: int
    attended: int


@dataclass
class YearCountry:
    year: int
    country: str
    count: int


@dataclass
class GenderBalance:
    event_id: int
    title: str
    by_gender: dict[str, int]


@dataclass
class ProgrammeStats:
    programme_id: int
    events: list[ProgrammeEvent]
    participants_by_year: list[YearCountry]
    participants: int
    returning: int
    gender_balance: list[GenderBalance]


def programme_stats(programme: Programme) -> ProgrammeStats:
    """A programme's events side by side, its participants (confirmed applications) by
    country over the years, returning participants and gender balance (five queries)."""
    events = list(Event.objects.filter(programme=programme).order_by("start_date", "pk"))
    counts = {
        row["event_id"]: row
        for row in Application.objects.filter(event__programme=programme)
        .annotate(has_attended=Exists(CheckIn.objects.filter(application=OuterRef("pk"))))
        .values("event_id")
        .annotate(
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            accepted=Count("pk", filter=Q(status__in=SEAT_HOLDING_STATUSES)),
            confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
            attended=Count("pk", filter=Q(has_attended=True)),
        )
        .order_by()
    }
    empty = {"submitted": 0, "accepted": 0, "confirmed": 0, "attended": 0}
    participants = Application.objects.filter(event__programme=programme, status=S.CONFIRMED)
    by_year = (
        participants.annotate(year=ExtractYear("event__start_date"))
        .values("year", "country")
        .annotate(n=Count("pk"))
        .order_by("year", "country")
    )
    people = participants.values("applicant_id").annotate(events=Count("event_id", distinct=True))
    totals = people.order_by().aggregate(
        participants=Count("applicant_id"),
        returning=Count("applicant_id", filter=Q(events__gt=1)),
    )
    balance: dict[int, dict[str, int]] = defaultdict(dict)
    for row in participants.values("event_id", "gender").annotate(n=Count("pk")).order_by():
        balance[row["event_id"]][row["gender"] or ""] = row["n"]
    return ProgrammeStats(
        programme_id=programme.pk,
        events=[
            ProgrammeEvent(
                e.pk,
                e.title,
                e.slug,
                e.start_date,
                **{k: counts.get(e.pk, empty)[k] for k in empty},
            )
            for e in events
        ],
        participants_by_year=[
            YearCountry(row["year"], str(row["country"] or ""), row["n"]) for row in by_year
        ],
        participants=totals["participants"],
        returning=totals["returning"],
        gender_balance=[GenderBalance(e.pk, e.title, balance.get(e.pk, {})) for e in events],
    )


# --- exports ----------------------------------------------------------------------------


def recent_runs(event: Event, limit: int = 20):
    return list(ExportRun.objects.filter(event=event).select_related("requested_by")[:limit])


def scheduled_exports(event: Event):
    return list(
        ScheduledExport.objects.filter(event=event)
        .prefetch_related("recipients")
        .order_by("hour", "minute")
    )


# --- webhooks ---------------------------------------------------------------------------


def organisation_webhooks(organisation) -> list[WebhookSubscription]:
    return list(WebhookSubscription.objects.filter(organisation=organisation))


def recent_deliveries(organisation, limit: int = 50) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(subscription__organisation=organisation)
        .select_related("subscription")
        .order_by("-created_at", "-pk")[:limit]
    )


def organisation_tokens(organisation) -> list[ApiToken]:
    return list(ApiToken.objects.filter(organisation=organisation).select_related("user", "event"))


def personal_tokens(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user, organisation=None))
