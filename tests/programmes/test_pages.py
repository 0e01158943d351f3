"""The public pages: open calls, the event list, the event page with its agenda, the .ics feed."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from programmes import services
from programmes.caching import event_list_bump_version
from programmes.enums import EventKind, EventStatus, MemberRole
from tests.factories.programmes import (
    EventFactory,
    LegFactory,
    MembershipFactory,
    OrganisationFactory,
    SessionFactory,
    VenueFactory,
    seoul_hanoi_exchange,
    seoul_hanoi_legs,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def _open_window(event, *, days_left=30):
    now = timezone.now()
    # Through the service: it bumps the version that keys the cached pages.
    return services.event_update(
        event=event,
        data={
            "applications_open_at": now - dt.timedelta(days=3),
            "applications_close_at": now + dt.timedelta(days=days_left),
        },
    )


def _page_client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def two_zone_event(organisation):
    """A Seoul-then-Hanoi exchange with one session per leg and one cancelled session."""
    event = seoul_hanoi_exchange(organisation=organisation, cancelled_on_day=8)
    seoul_hanoi_legs(event)
    return event


# --- home and list -------------------------------------------------------------------------------


def test_home_shows_open_calls_and_upcoming_but_not_drafts_or_past(organisation):
    open_call = _open_window(EventFactory(organisation=organisation, title="Open youth workshop"))
    upcoming = EventFactory(
        organisation=organisation, title="Announced forum", kind=EventKind.FORUM
    )
    EventFactory(organisation=organisation, title="Secret draft", status=EventStatus.DRAFT)
    EventFactory(
        organisation=organisation,
        title="Long past meeting",
        start_date=dt.date(2018, 3, 1),
        end_date=dt.date(2018, 3, 2),
    )
    response = _page_client().get(reverse("home"))
    assert response.status_code == 200
    assert [e.pk for e in response.context["open_calls"]] == [open_call.pk]
    assert [e.pk for e in response.context["upcoming"]] == [upcoming.pk]
    html = response.content.decode()
    assert "Open youth workshop" in html and "Announced forum" in html
    assert "Secret draft" not in html and "Long past meeting" not in html
    assert reverse("event-page", args=[open_call.slug]) in html


def test_home_filters_by_kind_country_text_and_dates(organisation):
    forum = EventFactory(
        organisation=organisation, title="EV Forum", kind=EventKind.FORUM, host_country="KR"
    )
    workshop = EventFactory(
        organisation=organisation,
        title="Focal points workshop",
        kind=EventKind.WORKSHOP,
        host_country="TH",
        start_date=dt.date(2028, 3, 4),
        end_date=dt.date(2028, 3, 6),
    )
    client = _page_client()

    def upcoming(**params):
        return [e.pk for e in client.get(reverse("home"), params).context["upcoming"]]

    assert upcoming(kind="forum") == [forum.pk]
    assert upcoming(country="TH") == [workshop.pk]
    assert upcoming(q="focal") == [workshop.pk]
    assert upcoming(starts_after="2028-01-01") == [workshop.pk]
    assert upcoming(starts_before="2027-12-31") == [forum.pk]
    assert upcoming() == [forum.pk, workshop.pk]


def test_home_bad_filter_is_named_and_ignored(organisation):
    event = EventFactory(organisation=organisation)
    response = _page_client().get(
        reverse("home"),
        {"starts_after": "2030-01-01", "starts_before": "2020-01-01", "kind": "nonsense"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"starts_before", "kind"}
    html = response.content.decode()
    assert "must not be before" in html
    # The valid filter (starts_after) still applies; the invalid ones are ignored.
    assert event.pk not in [e.pk for e in response.context["upcoming"]]


def test_event_index_paginates_and_can_include_past(organisation):
    EventFactory.create_batch(21, organisation=organisation)
    EventFactory(
        organisation=organisation,
        title="Past meeting",
        start_date=dt.date(2018, 3, 1),
        end_date=dt.date(2018, 3, 2),
    )
    client = _page_client()
    first = client.get(reverse("event-index"))
    assert first.context["page"].count == 21
    assert len(first.context["cards"]) == 20
    second = client.get(reverse("event-index"), {"page": 2})
    assert len(second.context["cards"]) == 1
    with_past = client.get(reverse("event-index"), {"past": "1"})
    assert with_past.context["page"].count == 22
    # Ordered by first day: the 2018 meeting comes first.
    assert "Past meeting" in with_past.content.decode()
    assert "Past meeting" not in first.content.decode()


def test_event_index_open_only(organisation):
    open_call = _open_window(EventFactory(organisation=organisation))
    EventFactory(organisation=organisation)
    response = _page_client().get(reverse("event-index"), {"open": "1"})
    assert [card.pk for card in response.context["cards"]] == [open_call.pk]


# --- event page ----------------------------------------------------------------------------------


def test_event_page_shows_agenda_by_local_day_with_zone_abbreviations(two_zone_event):
    response = _page_client().get(reverse("event-page", args=[two_zone_event.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    # Days in each session's local date, times on the venue's wall clock with its zone.
    assert "Monday 5 July 2027" in html
    assert "Sunday 11 July 2027" in html
    assert ">14:00</time>–<time" in html and "KST" in html
    assert ">09:30</time>–<time" in html and "UTC+7" in html
    assert [date for date, _ in response.context["agenda"]] == [
        dt.date(2027, 7, 5),
        dt.date(2027, 7, 11),
        dt.date(2027, 7, 12),
    ]
    # The cancelled session stays visible, marked as cancelled.
    assert '<li class="session cancelled">' in html
    assert "Cancelled" in html and "Bat Trang ceramic village" in html


def test_event_page_key_facts(organisation, two_zone_event):
    partner = OrganisationFactory(name="Asia-Europe Foundation (ASEF)")
    co = OrganisationFactory(name="IFACCA")
    two_zone_event.partners.add(partner)
    two_zone_event.co_organisers.add(co)
    two_zone_event.theme = "Youth Shaping the Future"
    two_zone_event.min_age, two_zone_event.max_age = 19, 29
    two_zone_event.eligible_countries = ["VN", "KR"]
    two_zone_event.eligible_residence_countries = ["KR"]
    two_zone_event.working_languages = ["en", "ko"]
    two_zone_event.save()
    html = _page_client().get(reverse("event-page", args=[two_zone_event.slug])).content.decode()
    for text in [
        "Youth Shaping the Future",
        organisation.name,
        "Asia-Europe Foundation (ASEF)",
        "IFACCA",
        "Youth exchange" if two_zone_event.kind == EventKind.YOUTH_EXCHANGE else "Workshop",
        "Aged 19 to 29",
        "Nationals of: South Korea, Vietnam",
        "Living in: South Korea",
        "Korean",
        "48 participants",
        "Seoul, South Korea",
        "Hanoi, Vietnam",
    ]:
        assert text in html, text


def test_event_page_apply_link_only_while_applications_open(two_zone_event):
    url = reverse("event-page", args=[two_zone_event.slug])
    apply_href = f'href="/events/{two_zone_event.slug}/apply/"'
    assert apply_href not in _page_client().get(url).content.decode()
    _open_window(two_zone_event)
    html = _page_client().get(url).content.decode()
    assert apply_href in html
    assert reverse("event-agenda-ics", args=[two_zone_event.slug]) in html


def test_event_page_window_in_event_zone_and_visitor_zone(two_zone_event):
    two_zone_event.applications_open_at = dt.datetime(2027, 1, 10, 0, 0, tzinfo=SEOUL)
    two_zone_event.applications_close_at = dt.datetime(2027, 3, 1, 0, 0, tzinfo=SEOUL)
    two_zone_event.save()
    url = reverse("event-page", args=[two_zone_event.slug])
    visitor = _page_client()
    visitor.cookies["bridges_tz"] = "Europe/Paris"
    html = visitor.get(url).content.decode()
    assert "10 Jan 2027, 00:00 KST" in html
    assert "1 Mar 2027, 00:00 KST" in html
    # Paris is eight hours behind Seoul in winter.
    assert "9 Jan 2027, 16:00 CET" in html
    assert "28 Feb 2027, 16:00 CET" in html
    # A visitor in Seoul sees the event's zone once, not twice.
    local = _page_client()
    local.cookies["bridges_tz"] = "Asia/Seoul"
    html = local.get(url).content.decode()
    assert "Your time" not in html and "10 Jan 2027, 00:00 KST" in html


def test_draft_event_page_is_404_for_outsiders_and_visible_to_members(organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    url = reverse("event-page", args=[draft.slug])
    ics = reverse("event-agenda-ics", args=[draft.slug])
    outsider = MembershipFactory(role=MemberRole.ORGANISER).user
    member = MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user
    assert _page_client().get(url).status_code == 404
    assert _page_client().get(ics).status_code == 404
    assert _page_client(outsider).get(url).status_code == 404
    assert _page_client(member).get(url).status_code == 200
    assert _page_client(member).get(ics).status_code == 200
    assert _page_client().get(reverse("event-page", args=["no-such-event"])).status_code == 404


def test_agenda_ics_is_a_calendar_of_the_sessions(two_zone_event):
    response = _page_client().get(reverse("event-agenda-ics", args=[two_zone_event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(c["summary"]): c for c in calendar.walk("VEVENT")}
    assert set(events) == {
        "Opening ceremony",
        "Site visit: Temple of Literature",
        "Bat Trang ceramic village",
    }
    assert events["Opening ceremony"].decoded("dtstart") == dt.datetime(
        2027, 7, 5, 14, 0, tzinfo=SEOUL
    )
    assert events["Site visit: Temple of Literature"].decoded("dtstart") == dt.datetime(
        2027, 7, 11, 9, 30, tzinfo=HANOI
    )


def test_pages_are_translated_to_korean_and_vietnamese(two_zone_event):
    url = reverse("event-page", args=[two_zone_event.slug])
    # The browser's language redirects to that language's address (/ko/events/...).
    korean = _page_client().get(url, HTTP_ACCEPT_LANGUAGE="ko", follow=True).content.decode()
    assert '<html lang="ko">' in korean
    assert "일정" in korean  # "Agenda"
    assert "캘린더에 추가" in korean  # "Add to calendar"
    assert "2027년 7월 5일 월요일" in korean  # dates in Korean order
    vietnamese = _page_client().get(url, HTTP_ACCEPT_LANGUAGE="vi", follow=True).content.decode()
    assert '<html lang="vi">' in vietnamese
    assert "Lịch trình" in vietnamese  # "Agenda"
    assert "5/7/2027" in vietnamese


def test_base_layout_has_navigation_language_switcher_and_zone_script(two_zone_event):
    html = _page_client().get(reverse("home")).content.decode()
    assert 'href="/events/"' in html
    assert "/me/applications/" not in html  # only for signed-in people
    assert 'name="language"' in html and 'action="/i18n/setlang/"' in html
    assert "bridges.js" in html
    signed_in = _page_client(MembershipFactory().user).get(reverse("home")).content.decode()
    assert "My applications" in signed_in and "Sign out" in signed_in


# --- constant number of queries --------------------------------------------------------------------


def test_event_page_queries_do_not_grow_with_sessions(organisation, django_assert_num_queries):
    def count_for(n_sessions):
        event = EventFactory(organisation=organisation)
        venue = VenueFactory(organisation=organisation)
        for i in range(n_sessions):
            start = dt.datetime.combine(
                event.start_date, dt.time(8, 0), tzinfo=SEOUL
            ) + dt.timedelta(hours=i * 2)
            SessionFactory(
                event=event, venue=venue, starts_at=start, ends_at=start + dt.timedelta(hours=1)
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = _page_client()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("event-page", args=[event.slug])).status_code == 200
        with CaptureQueriesContext(connection) as ics_ctx:
            assert client.get(reverse("event-agenda-ics", args=[event.slug])).status_code == 200
        return len(ctx.captured_queries), len(ics_ctx.captured_queries)

    assert count_for(1) == count_for(50)


def test_home_and_index_queries_do_not_grow_with_events(organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert _page_client().get(url).status_code == 200
        return len(ctx.captured_queries)

    _open_window(EventFactory(organisation=organisation))
    EventFactory(organisation=organisation)
    few = (count(reverse("home")), count(reverse("event-index")))
    for _ in range(10):
        event = _open_window(EventFactory(organisation=organisation))
        LegFactory(event=event)
        EventFactory(organisation=organisation).partners.add(OrganisationFactory())
    event_list_bump_version()  # factories write without a service: bump as the services do
    assert (count(reverse("home")), count(reverse("event-index"))) == few


def test_event_page_agenda_is_cached_and_follows_changes(two_zone_event, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.programmes import PersonFactory

    url = reverse("event-page", args=[two_zone_event.slug])
    # Signed in: the page is built for them (anonymous pages are kept whole, see
    # test_page_cache.py), but its agenda rows come from the cache.
    client = _page_client(MembershipFactory().user)
    with CaptureQueriesContext(connection) as cold:
        assert "Opening ceremony" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert "Opening ceremony" in client.get(url).content.decode()
    # The warm page skips the sessions and speakers queries.
    assert len(warm.captured_queries) == len(cold.captured_queries) - 2

    # Each change through a service bumps the agenda's version, which keys the page's rows.
    session = two_zone_event.sessions.get(title="Opening ceremony")
    services.session_update(session=session, data={"title": "Opening ceremony and welcome"})
    html = client.get(url).content.decode()
    assert "Opening ceremony and welcome" in html

    speaker = PersonFactory(organisation=organisation, name="Kim Hae-yong")
    services.session_update(session=session, data={}, speakers=[speaker])
    assert "Kim Hae-yong" in client.get(url).content.decode()
    services.venue_update(venue=session.venue, data={"name": "ASEAN Hall (8F)"})
    assert "ASEAN Hall (8F), Seoul" in client.get(url).content.decode()
    # Each language has its own rows (session types are translated).
    assert "강연" in client.get(url, HTTP_ACCEPT_LANGUAGE="ko", follow=True).content.decode()


@pytest.mark.parametrize(
    "role, expected_links",
    [
        (None, set()),
        (
            MemberRole.ORGANISER,
            {
                "review-selection",
                "schedule",
                "teams",
                "broadcasts",
                "message-templates",
                "check-in",
                "dashboard",
            },
        ),
        (MemberRole.REVIEWER, {"my-reviews"}),
        (MemberRole.STAFF, {"check-in", "dashboard"}),
    ],
)
def test_event_page_shows_each_role_its_tools(event, role, expected_links):
    user = MembershipFactory(organisation=event.organisation, role=role).user if role else None
    html = _page_client(user).get(reverse("event-page", args=[event.slug])).content.decode()
    # The tools box only: the main navigation has role links of its own (base.html).
    html = html.partition('class="organiser-tools"')[2]
    urls = {
        "review-selection": reverse("review-selection", args=[event.slug]),
        "schedule": reverse("scheduling:schedule", args=[event.slug]),
        "teams": reverse("scheduling:teams", args=[event.slug]),
        "broadcasts": reverse("notifications:broadcasts", args=[event.pk]),
        "message-templates": reverse("notifications:message-templates", args=[event.pk]),
        "my-reviews": reverse("review-my-assignments-page"),
        "check-in": reverse("attendance:check-in", args=[event.slug]),
        "dashboard": reverse("attendance:dashboard", args=[event.slug]),
    }
    shown = {name for name, url in urls.items() if f'href="{url}"' in html}
    assert shown == expected_links
    assert ("Organiser tools" in html) == bool(expected_links)
