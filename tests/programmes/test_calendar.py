import datetime as dt

import pytest
from icalendar import Calendar

from programmes.calendar import agenda_ical
from programmes.enums import SessionStatus
from programmes.selectors import event_agenda, event_sessions
from tests.factories.programmes import EventFactory, PersonFactory, SessionFactory, VenueFactory

SEOUL = dt.timezone(dt.timedelta(hours=9))
HANOI = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def exchange(db):
    """Days 1-5 in Seoul, days 6-9 in Hanoi, as in the ASEAN-Korea youth workshop."""
    event = EventFactory(
        time_zone="Asia/Seoul", start_date=dt.date(2027, 7, 5), end_date=dt.date(2027, 7, 13)
    )
    seoul = VenueFactory(
        organisation=event.organisation, name="KNUA Hall", city="Seoul", time_zone="Asia/Seoul"
    )
    hanoi = VenueFactory(
        organisation=event.organisation,
        name="Hanoi Opera House",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
    )
    lecture = SessionFactory(
        event=event,
        venue=seoul,
        title="Opening lecture",
        starts_at=dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 5, 10, 30, tzinfo=SEOUL),
        description="Why youth networks matter.",
    )
    lecture.speakers.add(
        PersonFactory(organisation=event.organisation, name="Kim Min-ji", affiliation="KNUA")
    )
    # 23:30 in Hanoi is already the next day in Seoul: it must be listed on the Hanoi date.
    night = SessionFactory(
        event=event,
        venue=hanoi,
        title="Night market walk",
        starts_at=dt.datetime(2027, 7, 10, 23, 0, tzinfo=HANOI),
        ends_at=dt.datetime(2027, 7, 10, 23, 45, tzinfo=HANOI),
    )
    cancelled = SessionFactory(
        event=event,
        venue=hanoi,
        title="Boat trip",
        status=SessionStatus.CANCELLED,
        starts_at=dt.datetime(2027, 7, 10, 9, 0, tzinfo=HANOI),
        ends_at=dt.datetime(2027, 7, 10, 12, 0, tzinfo=HANOI),
    )
    return event, lecture, night, cancelled


def test_agenda_ical_parses_back_with_zones_and_utc(exchange):
    event, lecture, night, cancelled = exchange

    body = agenda_ical(event, event_sessions(event))

    cal = Calendar.from_ical(body)
    vevents = {str(v["summary"]): v for v in cal.walk("VEVENT")}
    assert set(vevents) == {"Opening lecture", "Night market walk", "Boat trip"}
    opening = vevents["Opening lecture"]
    assert opening["dtstart"].params["TZID"] == "Asia/Seoul"
    assert opening.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(
        2027, 7, 5, 0, 0, tzinfo=dt.UTC
    )
    assert opening.decoded("dtend").astimezone(dt.UTC) == dt.datetime(
        2027, 7, 5, 1, 30, tzinfo=dt.UTC
    )
    assert opening.decoded("dtstart").replace(tzinfo=None) == dt.datetime(2027, 7, 5, 9, 0)
    assert str(opening["uid"]) == f"session-{lecture.pk}@bridges"
    assert str(opening["location"]) == "KNUA Hall, Seoul, South Korea"
    assert (
        str(opening["description"]) == "Speakers: Kim Min-ji (KNUA)\n\nWhy youth networks matter."
    )
    assert str(opening["status"]) == "CONFIRMED"
    walk = vevents["Night market walk"]
    assert walk["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert walk.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(
        2027, 7, 10, 16, 0, tzinfo=dt.UTC
    )
    assert str(vevents["Boat trip"]["status"]) == "CANCELLED"
    assert sorted(str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")) == [
        "Asia/Ho_Chi_Minh",
        "Asia/Seoul",
    ]


def test_agenda_ical_uid_stable_across_exports(exchange):
    event, *_ = exchange
    first = Calendar.from_ical(agenda_ical(event, event_sessions(event)))
    second = Calendar.from_ical(agenda_ical(event, event_sessions(event)))
    assert [str(v["uid"]) for v in first.walk("VEVENT")] == [
        str(v["uid"]) for v in second.walk("VEVENT")
    ]


def test_event_agenda_groups_by_local_day_of_each_venue(exchange, django_assert_num_queries):
    event, lecture, night, cancelled = exchange

    with django_assert_num_queries(2):
        days = event_agenda(event)
        titles = [
            (d.date, [(s.title, s.status, [p.name for p in s.speakers.all()]) for s in d.sessions])
            for d in days
        ]

    assert titles == [
        (dt.date(2027, 7, 5), [("Opening lecture", "confirmed", ["Kim Min-ji"])]),
        (
            dt.date(2027, 7, 10),
            [("Boat trip", "cancelled", []), ("Night market walk", "confirmed", [])],
        ),
    ]
    assert [d.date for d in event_agenda(event, include_cancelled=False)] == [
        dt.date(2027, 7, 5),
        dt.date(2027, 7, 10),
    ]
    assert [s.title for s in event_agenda(event, include_cancelled=False)[1].sessions] == [
        "Night market walk"
    ]
