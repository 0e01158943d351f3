"""The one stats selector against counts made here independently, its constant query
count, and the dashboard page and stats API that show it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.models import CheckIn
from participants.enums import ApplicationStatus as S
from participants.models import Application, StatusChange
from participants.services import application_transition
from programmes.enums import MemberRole
from reports.selectors import (
    EVENT_STATS_QUERIES,
    cached_event_stats,
    event_stats,
    programme_stats,
)
from review.models import Review
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory
from tests.pages import browser

pytestmark = pytest.mark.django_db


def _independent_funnel(event) -> dict[str, int]:
    """The funnel counted row by row in Python, from the applications and their history."""
    apps = list(Application.objects.filter(event=event))
    history = {(c.application_id, c.to_status) for c in StatusChange.objects.all()}
    reviewed = set(
        Review.objects.filter(submitted_at__isnull=False).values_list("application_id", flat=True)
    )
    attended = set(CheckIn.objects.values_list("application_id", flat=True))

    def reached(a, status, current):
        return (a.pk, status) in history or a.status in current

    return {
        "started": len(apps),
        "submitted": sum(a.submitted_at is not None for a in apps),
        "eligible": sum(
            a.submitted_at is not None
            and a.status not in (S.AWAITING_GUARDIAN_CONSENT, S.CONSENT_LAPSED)
            for a in apps
        ),
        "reviewed": sum(a.pk in reviewed for a in apps),
        "accepted": sum(
            reached(a, S.ACCEPTED, {S.ACCEPTED, S.CONFIRMED, S.DECLINED}) for a in apps
        ),
        "confirmed": sum(reached(a, S.CONFIRMED, {S.CONFIRMED}) for a in apps),
        "attended": sum(a.pk in attended for a in apps),
    }


def test_event_stats_equal_independent_counts(fixture_event):
    event = fixture_event["event"]
    stats = event_stats(event)
    expected = _independent_funnel(event)
    assert {s.code: s.count for s in stats.funnel} == expected
    # The fixture's own numbers, so that a wrong fixture cannot hide a wrong selector.
    assert expected == {
        "started": 11,
        "submitted": 10,
        "eligible": 9,
        "reviewed": 2,
        "accepted": 6,
        "confirmed": 4,
        "attended": 3,
    }
    conversions = [s.conversion for s in stats.funnel]
    assert conversions[0] is None and conversions[1] == round(100 * 10 / 11, 1)

    per_day = {d.day: d.count for d in stats.applications_per_day}
    submitted = [a for a in Application.objects.filter(event=event) if a.submitted_at]
    by_day: dict = {}
    for a in submitted:
        day = a.submitted_at.astimezone(event.zone).date()
        by_day[day] = by_day.get(day, 0) + 1
    assert {d: n for d, n in per_day.items() if n} == by_day
    assert sum(per_day.values()) == len(submitted)
    assert stats.deadline == event.applications_close_at.astimezone(event.zone).date()

    fill = {c.country: c for c in stats.quota_fill}
    seats = [
        a for a in Application.objects.filter(event=event) if a.status in (S.ACCEPTED, S.CONFIRMED)
    ]
    for code in ("VN", "TH"):
        assert fill[code].filled == sum(a.country == code for a in seats)
    assert fill["VN"].filled == 3 and not fill["VN"].under_minimum
    assert fill["TH"].filled == 1 and fill["TH"].under_minimum
    assert fill["VN"].by_gender == {"female": 1, "male": 1, "non_binary": 1}
    genders = {g.gender: g for g in stats.gender_fill}
    assert genders["male"].filled == 2 and genders["male"].share == 50.0
    assert genders["male"].target_share == 60.0

    progress = {r.assigned: r.done for r in stats.reviewers}
    assert progress == {3: 2, 1: 0}

    sessions = {s.title: (s.attended, s.expected) for s in stats.sessions}
    assert sessions == {"Opening": (3, 3), "Workshop": (0, 3), "Site visit": (1, 3)}
    days = [(d.attended, d.expected, d.no_shows) for d in stats.attendance_days]
    assert days == [(3, 3, 0), (1, 3, 2)]

    assert stats.messages == {"queued": 1, "sending": 0, "sent": 3, "failed": 1, "cancelled": 0}


def test_survey_rates_and_delegation_status_equal_independent_counts(fixture_event):
    from delegations.models import EventPartner, Nominee
    from surveys.models import Invitation, Response, Wave

    event = fixture_event["event"]
    stats = event_stats(event)
    expected = []
    for wave in Wave.objects.filter(survey__event=event).order_by("survey_id", "number"):
        invited = sum(1 for i in Invitation.objects.all() if i.survey_id == wave.survey_id)
        responded = sum(
            1 for r in Response.objects.all() if r.wave_id == wave.pk and r.submitted_at
        )
        expected.append((wave.survey.title, wave.number, invited, responded))
    assert [(w.title, w.wave, w.invited, w.responded) for w in stats.surveys] == expected
    assert expected == [("Perceptions", 1, 4, 3), ("Perceptions", 2, 4, 1), ("Evaluation", 1, 0, 0)]
    assert [w.rate for w in stats.surveys] == [75.0, 25.0, None]

    partners: dict = {}
    for p in EventPartner.objects.filter(event=event):
        partners[p.invitation_status] = partners.get(p.invitation_status, 0) + 1
    assert {k: n for k, n in stats.delegations.partners.items() if n} == partners
    assert partners == {"not_sent": 1, "invited": 1, "acknowledged": 1, "declined": 1}
    nominees: dict = {}
    for n in Nominee.objects.filter(event=event):
        nominees[n.status] = nominees.get(n.status, 0) + 1
    assert {k: n for k, n in stats.delegations.nominees.items() if n} == nominees
    assert stats.delegations.accredited == nominees["accredited"] == 2
    # Another event's survey and delegation are not counted.
    assert event_stats(fixture_event["earlier"]).surveys == []
    assert event_stats(fixture_event["earlier"]).delegations.partners_total == 0


def test_programme_stats_side_by_side_and_returning(fixture_event):
    stats = programme_stats(fixture_event["programme"])
    assert [e.event_id for e in stats.events] == [
        fixture_event["earlier"].pk,
        fixture_event["event"].pk,
    ]
    assert [(e.confirmed, e.attended) for e in stats.events] == [(3, 0), (3, 3)]
    assert stats.participants == 4  # distinct people confirmed in either event
    assert stats.returning == 2
    years = {(r.year, r.country): r.count for r in stats.participants_by_year}
    earlier, event = (
        fixture_event["earlier"].start_date.year,
        fixture_event["event"].start_date.year,
    )
    assert years == {(earlier, "VN"): 2, (earlier, "KH"): 1, (event, "VN"): 2, (event, "TH"): 1}
    balance = {b.event_id: b.by_gender for b in stats.gender_balance}
    assert balance[fixture_event["event"].pk] == {"female": 1, "non_binary": 1, "male": 1}


def _queries(event) -> int:
    with CaptureQueriesContext(connection) as captured:
        event_stats(event)
    return len(captured)


def test_event_stats_constant_queries_10_and_1000_applications(organisation):
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk{n}", email=f"bulk{n}@example.org") for n in range(1010)
    )
    small, large = EventFactory(organisation=organisation), EventFactory(organisation=organisation)
    template = ApplicationFactory.build(event=small, applicant=users[0])

    def many(event, people):
        Application.objects.bulk_create(
            Application(
                event=event,
                applicant=user,
                status=[S.SUBMITTED, S.CONFIRMED, S.REJECTED][n % 3],
                country=["VN", "TH", "KR"][n % 3],
                gender=template.gender,
                submitted_at=template.submitted_at,
            )
            for n, user in enumerate(people)
        )

    many(small, users[:10])
    many(large, users[10:])
    surveys_and_partners(small, 1)
    surveys_and_partners(large, 6)
    assert _queries(small) == _queries(large) == EVENT_STATS_QUERIES


def surveys_and_partners(event, n: int) -> None:
    """``n`` surveys of two waves, each with every application invited and half of them
    answering; ``n`` partners with three nominees each."""
    import datetime as dt

    from delegations.models import EventPartner, Nominee, Partner
    from surveys.models import Invitation, Response, Survey, Wave

    applications = list(Application.objects.filter(event=event))
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for k in range(n):
        survey = Survey.objects.create(event=event, kind="before_after", title=f"S{k}")
        Invitation.objects.bulk_create(
            Invitation(survey=survey, application=a, nonce=f"{event.pk}-{k}-{a.pk}")
            for a in applications
        )
        for number in (1, 2):
            wave = Wave.objects.create(
                survey=survey,
                number=number,
                opens_at=start,
                closes_at=start + dt.timedelta(days=1),
            )
            Response.objects.bulk_create(
                Response(wave=wave, pair_key=f"{a.pk}", submitted_at=start)
                for a in applications[::2]
            )
        partner = Partner.objects.create(
            organisation=event.organisation,
            key=f"{event.pk}-{k}",
            kind="country",
            official_name=f"P{k}",
        )
        delegation = EventPartner.objects.create(
            event=event, partner=partner, participation="member", invitation_status="invited"
        )
        Nominee.objects.bulk_create(
            Nominee(delegation=delegation, event=event, full_name="N", email=f"{k}-{m}@x.org")
            for m in range(3)
        )


def test_dashboard_page_and_stats_api(fixture_event, client):
    event, people = fixture_event["event"], fixture_event["people"]
    page = browser(people[MemberRole.ORGANISER]).get(f"/organise/events/{event.slug}/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    for chart in (
        "funnel",
        "per-day",
        "quota",
        "gender",
        "reviewers",
        "sessions",
        "attendance-days",
        "messages",
        "surveys",
        "delegations",
        "nominees",
    ):
        assert f'id="chart-{chart}"' in html
    assert html.count("<svg") == html.count("<table") == 11
    assert "Perceptions · " in html and "75 %" in html  # a survey's row in its table
    assert "<caption>" in html

    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        assert (
            browser(people[role]).get(f"/organise/events/{event.slug}/dashboard/").status_code
            == 404
        )

    api = browser(people[MemberRole.OWNER]).get(f"/api/v1/events/{event.slug}/stats/")
    assert api.status_code == 200
    body = api.json()
    assert [s["count"] for s in body["funnel"]] == [s.count for s in event_stats(event).funnel]
    assert body["messages"]["failed"] == 1
    assert [(w["invited"], w["responded"], w["rate"]) for w in body["surveys"]] == [
        (4, 3, 75.0),
        (4, 1, 25.0),
        (0, 0, None),
    ]
    assert body["delegations"]["accredited"] == 2
    assert body["delegations"]["partners"]["declined"] == 1
    assert (
        browser(people[MemberRole.STAFF]).get(f"/api/v1/events/{event.slug}/stats/").status_code
        == 403
    )

    programme = fixture_event["programme"]
    page = browser(people[MemberRole.ORGANISER]).get(
        f"/organise/programmes/{programme.pk}/dashboard/"
    )
    assert page.status_code == 200 and 'id="chart-gender-balance"' in page.content.decode()
    api = browser(people[MemberRole.ORGANISER]).get(f"/api/v1/programmes/{programme.pk}/stats/")
    assert api.json()["returning"] == 2


def test_cached_stats_fresh_after_a_status_change(
    fixture_event, django_capture_on_commit_callbacks
):
    event = fixture_event["event"]
    before = cached_event_stats(event, "en").step("accepted")
    with CaptureQueriesContext(connection) as captured:
        cached_event_stats(event, "en")
    assert len(captured) == 0  # from the cache
    waiting = next(a for a in fixture_event["applications"] if a.status == S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=waiting,
            to_status=S.ACCEPTED,
            by=fixture_event["people"][MemberRole.ORGANISER],
        )
    assert cached_event_stats(event, "en").step("accepted") == before + 1


def test_dashboard_page_stats_api_and_programme_stats_constant_queries(organisation):
    """Through the client: the event dashboard page, its stats API and the programme's
    stats (API and page) make as many queries for 6 applications as for 120."""
    from django.core.cache import cache

    from programmes.models import Session
    from tests.factories.programmes import MembershipFactory, ProgrammeFactory, SessionFactory

    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"q{n}", email=f"q{n}@example.org") for n in range(126)
    )
    template = ApplicationFactory.build(applicant=users[0])
    programmes = []
    for people, sessions in ((users[:6], 1), (users[6:], 4)):
        programme = ProgrammeFactory(organisation=organisation)
        event = EventFactory(organisation=organisation, programme=programme)
        Application.objects.bulk_create(
            Application(
                event=event,
                applicant=user,
                status=[S.SUBMITTED, S.CONFIRMED, S.REJECTED][n % 3],
                country=["VN", "TH", "KR"][n % 3],
                gender=template.gender,
                submitted_at=template.submitted_at,
            )
            for n, user in enumerate(people)
        )
        for _ in range(sessions):
            SessionFactory(event=event)
        confirmed = list(Application.objects.filter(event=event, status=S.CONFIRMED))
        CheckIn.objects.bulk_create(
            CheckIn(
                session=session,
                application=a,
                nonce=f"q-{session.pk}-{a.pk}",
                method="search",
                scanned_at=session.starts_at,
            )
            for session in Session.objects.filter(event=event)
            for a in confirmed
        )
        surveys_and_partners(event, sessions)
        programmes.append((programme, event))

    client = browser(organiser)

    def queries(path: str) -> int:
        cache.clear()  # each measure is a cold one
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        return len(captured)

    for template_path in (
        "/organise/events/{event.slug}/dashboard/",
        "/api/v1/events/{event.slug}/stats/",
        "/api/v1/programmes/{programme.pk}/stats/",
        "/organise/programmes/{programme.pk}/dashboard/",
    ):
        small, large = (
            queries(template_path.format(event=event, programme=programme))
            for programme, event in programmes
        )
        assert small == large, (template_path, small, large)
