"""The organiser area (/organise/): my organisations' events by phase, with what needs attention."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.selectors import organiser_overview
from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.enums import EventStatus, MemberRole, SessionStatus
from programmes.models import Session
from tests.factories import clock
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.pages import browser

AREA = "/organise/"


def failed_message(event, key: str, status=MessageStatus.FAILED) -> Message:
    return Message.objects.create(
        to_email="someone@example.org",
        kind=MessageKind.DECISION_ACCEPTED,
        template="decision_accepted",
        idempotency_key=key,
        status=status,
        last_error="550 mailbox unavailable",
        event=event,
    )


def card(html: str, event) -> str:
    """The card of ``event`` on the organiser area."""
    found = re.search(rf'<li class="card" id="event-{event.pk}">(.*?)</ul>\s*</li>', html, re.S)
    assert found, f"no card for {event.slug}"
    return found.group(1)


def counts(html: str, event) -> dict[str, str]:
    """``{count name: the link's text}`` on the event's card."""
    return dict(re.findall(r'data-count="(\w+)"><a href="[^"]*">([^<]*)</a>', card(html, event)))


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user


@pytest.fixture
def events(organisation):
    """One event of each phase (the pinned clock is 4 January 2027, 09:00 in Seoul)."""
    return {
        "draft": EventFactory(organisation=organisation, status=EventStatus.DRAFT),
        "open": EventFactory(
            organisation=organisation,
            applications_open_at=clock.at(days=-1),
            # 17:00 on 14 January in Seoul.
            applications_close_at=clock.at(days=10, hour=8),
        ),
        "upcoming": EventFactory(organisation=organisation),
        "running": EventFactory(
            organisation=organisation,
            start_date=clock.days_from_today(-1),
            end_date=clock.days_from_today(2),
        ),
        "past": EventFactory(
            organisation=organisation,
            start_date=clock.days_from_today(-10),
            end_date=clock.days_from_today(-5),
        ),
        "cancelled": EventFactory(organisation=organisation, status=EventStatus.CANCELLED),
    }


def test_area_lists_my_events_by_phase_with_their_counts(owner, organisation, events):
    open_event, running = events["open"], events["running"]
    for status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.SHORTLISTED,
        # Decided, drafts and withdrawn ones need nothing.
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.DRAFT,
        ApplicationStatus.WITHDRAWN,
    ):
        ApplicationFactory(event=open_event, status=status)
    ApplicationFactory(event=open_event, awaiting_consent=True)
    ApplicationFactory(event=running, status=ApplicationStatus.SUBMITTED)
    failed_message(open_event, "f-1")
    failed_message(open_event, "f-2")
    failed_message(open_event, "q-1", status=MessageStatus.QUEUED)
    SessionFactory(event=running)
    SessionFactory(
        event=running, title="Later", starts_at=running.starts_at() + dt.timedelta(hours=14)
    )
    SessionFactory(event=running, status=SessionStatus.CANCELLED)
    SessionFactory(event=running, venue=VenueFactory(organisation=organisation))
    elsewhere = EventFactory(title="Somebody else's forum")
    ApplicationFactory(event=elsewhere)

    # Counted independently of the selector.
    to_decide = Application.objects.filter(
        event=open_event, status__in=["submitted", "under_review", "shortlisted"]
    ).count()
    no_venue = Session.objects.filter(event=running, venue=None).exclude(status="cancelled")
    assert (to_decide, no_venue.count()) == (4, 2)

    response = browser(owner).get(AREA)
    assert response.status_code == 200
    html = response.content.decode()
    assert elsewhere.title not in html
    assert counts(html, open_event) == {
        "to_decide": "4 applications to decide",
        "consent_missing": "1 awaiting guardian consent",
        "failed_messages": "2 messages failed",
    }
    assert counts(html, running) == {
        "to_decide": "1 application to decide",
        "sessions_without_venue": "2 sessions without a venue",
    }
    for quiet in ("draft", "upcoming", "past", "cancelled"):
        assert counts(html, events[quiet]) == {}
        assert "Nothing needs attention." in card(html, events[quiet])
    # Each count links to the page where the work is done.
    open_card, running_card = card(html, open_event), card(html, running)
    desk = reverse("applications-desk", args=[open_event.slug])
    assert f'href="{desk}?status=submitted,under_review,shortlisted"' in open_card
    assert f'href="{desk}?consent=awaiting"' in open_card
    outbox = reverse("notifications:outbox", args=[open_event.pk])
    assert f'href="{outbox}?status=failed"' in open_card
    editor = reverse("scheduling:agenda-editor", args=[running.slug])
    assert f'href="{editor}"' in running_card
    # The call closes at 17:00 in Seoul, said in the event's zone.
    assert "Jan. 14, 2027, 5 p.m. (Asia/Seoul)" in open_card

    # Groups in order, each event under its heading.
    headings = ["Drafts", "Open for applications", "Coming up", "Running now", "Past and cancelled"]
    at = [html.index(f"<h3>{heading}</h3>") for heading in headings]
    assert at == sorted(at)
    where = {name: html.index(f'id="event-{event.pk}"') for name, event in events.items()}
    assert at[0] < where["draft"] < at[1] < where["open"] < at[2] < where["upcoming"] < at[3]
    assert at[3] < where["running"] < at[4] < where["past"] and at[4] < where["cancelled"]


def _page_queries(user) -> int:
    client = browser(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(AREA).status_code == 200
    return len(queries)


def test_area_costs_the_same_queries_for_1_and_20_events(
    owner, organisation, django_assert_num_queries
):
    first = EventFactory(organisation=organisation)
    ApplicationFactory(event=first)
    SessionFactory(event=first)
    one = _page_queries(owner)
    for n in range(19):
        event = EventFactory(
            organisation=organisation, status=EventStatus.DRAFT if n % 2 else EventStatus.PUBLISHED
        )
        ApplicationFactory(event=event)
        SessionFactory(event=event)
        failed_message(event, f"f-{n}")
    assert _page_queries(owner) == one
    # The selector itself: the organisations, then the events with their counts.
    with django_assert_num_queries(2):
        overview = organiser_overview(owner)
    assert sum(len(events) for _code, _title, events in overview[0].groups) == 20


def test_area_lists_only_organisations_i_manage(organisation, events):
    """Another organisation's organiser sees their own area, without our events."""
    other = MembershipFactory(role=MemberRole.ORGANISER).user
    theirs = EventFactory(organisation=other.memberships.get().organisation, title="Their forum")
    html = browser(other).get(AREA).content.decode()
    assert "Their forum" in html
    assert all(f'id="event-{event.pk}"' not in html for event in events.values())
    assert theirs.organisation.name in html and organisation.name not in html


@pytest.mark.parametrize("role", [MemberRole.REVIEWER, MemberRole.STAFF, None])
def test_area_refuses_people_who_organise_nothing(organisation, role):
    user = MembershipFactory(organisation=organisation, role=role).user if role else UserFactory()
    response = browser(user).get(AREA)
    assert response.status_code == 403
    # Nor does their navigation offer it.
    home = browser(user).get("/events/").content.decode()
    assert f'href="{AREA}"' not in home


def test_area_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(AREA)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_navigation_links_organisers_to_the_area(owner):
    html = browser(owner).get("/events/").content.decode()
    assert f'<a href="{AREA}">Organise</a>' in html
    html = browser(owner).get(AREA).content.decode()
    assert f'<a href="{AREA}" aria-current="page">Organise</a>' in html


def test_area_in_korean(owner, events):
    html = browser(owner).get("/ko/organise/").content.decode()
    assert "<h1>주최자 공간</h1>" in html
    assert '<a href="/ko/organise/" aria-current="page">행사 운영</a>' in html
    assert "<h3>지원 접수 중</h3>" in html
