import datetime as dt

import pytest
import time_machine

from programmes.enums import EventKind, EventStatus
from programmes.selectors import published_events
from tests.factories.programmes import EventFactory, LegFactory


@pytest.fixture
def events(db):
    workshop = EventFactory(
        title="ASEAN-Korea Youth Network Workshop",
        kind=EventKind.WORKSHOP,
        host_country="KR",
        start_date=dt.date(2027, 7, 5),
        end_date=dt.date(2027, 7, 13),
        applications_open_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        applications_close_at=dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
    )
    LegFactory(event=workshop, city="Hanoi", country="VN", start_date=dt.date(2027, 7, 10))
    forum = EventFactory(
        title="ASEAN-Korea EV Forum",
        kind=EventKind.FORUM,
        host_country="ID",
        start_date=dt.date(2027, 9, 1),
        end_date=dt.date(2027, 9, 2),
    )
    past = EventFactory(
        title="ASEM Culture Ministers' Meeting",
        kind=EventKind.MINISTERIAL_MEETING,
        host_country="BG",
        start_date=dt.date(2018, 3, 1),
        end_date=dt.date(2018, 3, 2),
    )
    EventFactory(title="Draft", status=EventStatus.DRAFT)
    EventFactory(title="Called off", status=EventStatus.CANCELLED)
    return workshop, forum, past


@time_machine.travel(dt.datetime(2027, 3, 15, tzinfo=dt.UTC), tick=False)
def test_published_events_filters(events):
    workshop, forum, past = events

    assert list(published_events()) == [workshop, forum]
    assert list(published_events(include_past=True)) == [past, workshop, forum]
    assert list(published_events(kind=EventKind.FORUM)) == [forum]
    assert list(published_events(country="vn")) == [workshop]
    assert list(published_events(country="KR")) == [workshop]
    assert list(published_events(open_now=True)) == [workshop]
    assert list(published_events(starts_after=dt.date(2027, 8, 1))) == [forum]
    assert list(published_events(starts_before=dt.date(2027, 8, 1))) == [workshop]
    assert list(published_events(q="youth network")) == [workshop]
    assert list(published_events(q="nothing-like-this")) == []


def test_published_events_constant_queries(db, django_assert_num_queries):
    def render():
        for event in published_events(include_past=True):
            (
                event.organisation.name,
                [leg.city for leg in event.legs.all()],
                list(event.quotas.all()),
            )

    EventFactory()
    with django_assert_num_queries(5) as one:
        render()
    for _ in range(20):
        LegFactory(event=EventFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        render()
