import datetime as dt

import pytest

from programmes.enums import ConflictKind, EventStatus, SessionStatus
from programmes.models import Session
from programmes.signals import session_schedule_changed
from tests.factories.programmes import (
    EventFactory,
    LegFactory,
    PersonFactory,
    SessionFactory,
    VenueFactory,
    seoul_hanoi_legs,
)

SEOUL = dt.timezone(dt.timedelta(hours=9))
HANOI = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def hall(event):
    return VenueFactory(
        organisation=event.organisation, name="KNUA Hall", city="Seoul", capacity=100
    )


@pytest.fixture
def speaker(event):
    return PersonFactory(organisation=event.organisation, name="Kim Min-ji")


def _body(event, **extra):
    return {
        "event": event.slug,
        "title": "Keynote",
        "kind": "lecture",
        "starts_at": "2027-07-06T09:00:00",
        "ends_at": "2027-07-06T10:30:00",
        **extra,
    }


def test_create_session_naive_times_at_venue_zone(organiser_client, event, hall, speaker):
    response = organiser_client.post(
        "/api/v1/sessions/", _body(event, venue=hall.pk, speakers=[speaker.pk], capacity=80)
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["starts_at"] == "2027-07-06T09:00:00+09:00"
    assert data["starts_at_utc"] == "2027-07-06T00:00:00Z"
    assert data["time_zone"] == "Asia/Seoul"
    assert [s["name"] for s in data["speakers"]] == ["Kim Min-ji"]
    session = Session.objects.get(pk=data["id"])
    assert session.starts_at == dt.datetime(2027, 7, 6, 0, 0, tzinfo=dt.UTC)
    assert list(session.speakers.all()) == [speaker]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_at": "2027-07-06T08:00:00"}, "ends_at"),
        ({"starts_at": "2027-07-04T23:00:00", "ends_at": "2027-07-04T23:30:00"}, "starts_at"),
        ({"starts_at": "2027-07-13T23:00:00", "ends_at": "2027-07-14T01:00:00"}, "ends_at"),
        ({"starts_at": "2027-07-14T09:00:00", "ends_at": "2027-07-14T10:00:00"}, "starts_at"),
        ({"capacity": 101}, "capacity"),
        ({"kind": "rave"}, "kind"),
        ({"starts_at": "not a time"}, "starts_at"),
    ],
)
def test_create_session_bad_input_names_field_and_saves_nothing(
    organiser_client, event, hall, extra, field
):
    before = Session.objects.count()

    response = organiser_client.post("/api/v1/sessions/", _body(event, venue=hall.pk, **extra))

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Session.objects.count() == before


def test_session_at_midnight_after_last_day_fits(organiser_client, event):
    response = organiser_client.post(
        "/api/v1/sessions/",
        _body(event, starts_at="2027-07-13T22:00:00", ends_at="2027-07-14T00:00:00"),
    )
    assert response.status_code == 201, response.content


def test_session_day_taken_in_venue_zone(organiser_client, event):
    # 2027-07-05 00:30 in Seoul is 2027-07-04 22:30 in Hanoi: before the first day there.
    hanoi = VenueFactory(
        organisation=event.organisation, city="Hanoi", country="VN", time_zone="Asia/Ho_Chi_Minh"
    )
    response = organiser_client.post(
        "/api/v1/sessions/",
        _body(
            event,
            venue=hanoi.pk,
            starts_at="2027-07-05T00:30:00+09:00",
            ends_at="2027-07-05T01:30:00+09:00",
        ),
    )
    assert response.status_code == 400
    assert "starts_at" in response.json()


def test_session_venue_and_speaker_of_other_organisation_rejected(organiser_client, event):
    before = Session.objects.count()
    foreign_venue = VenueFactory()
    foreign_person = PersonFactory()

    r1 = organiser_client.post("/api/v1/sessions/", _body(event, venue=foreign_venue.pk))
    r2 = organiser_client.post("/api/v1/sessions/", _body(event, speakers=[foreign_person.pk]))

    assert (r1.status_code, list(r1.json())) == (400, ["venue", "code"])
    assert (r2.status_code, list(r2.json())) == (400, ["speakers", "code"])
    assert Session.objects.count() == before


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    session_schedule_changed.connect(receiver)
    yield calls
    session_schedule_changed.disconnect(receiver)


def test_moving_a_session_announces_the_change(organiser_client, event, hall, received):
    session = SessionFactory(event=event, venue=hall)
    old_start = session.starts_at

    response = organiser_client.patch(
        f"/api/v1/sessions/{session.pk}/",
        {"starts_at": "2027-07-05T11:00:00", "ends_at": "2027-07-05T12:00:00"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["starts_at"] == "2027-07-05T11:00:00+09:00"
    assert len(received) == 1
    assert received[0]["session"].pk == session.pk
    assert received[0]["cancelled"] is False
    assert received[0]["changes"]["starts_at"] == (
        old_start,
        dt.datetime(2027, 7, 5, 11, 0, tzinfo=SEOUL),
    )
    assert set(received[0]["changes"]) == {"starts_at", "ends_at"}


def test_retitling_a_session_is_not_a_schedule_change(organiser_client, event, received):
    session = SessionFactory(event=event)
    response = organiser_client.patch(f"/api/v1/sessions/{session.pk}/", {"title": "Welcome"})
    assert response.status_code == 200
    assert response.json()["title"] == "Welcome"
    assert received == []


def test_bad_move_saves_nothing_and_announces_nothing(organiser_client, event, received):
    session = SessionFactory(event=event)
    response = organiser_client.patch(
        f"/api/v1/sessions/{session.pk}/", {"starts_at": "2027-08-01T09:00:00"}
    )
    assert response.status_code == 400
    assert "starts_at" in response.json() or "ends_at" in response.json()
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL)
    assert received == []


def test_cancel_session_action(organiser_client, event, received):
    session = SessionFactory(event=event)

    response = organiser_client.post(f"/api/v1/sessions/{session.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert [(r["session"].pk, r["cancelled"]) for r in received] == [(session.pk, True)]
    assert organiser_client.post(f"/api/v1/sessions/{session.pk}/cancel/").status_code == 409
    assert (
        organiser_client.patch(
            f"/api/v1/sessions/{session.pk}/", {"status": "confirmed"}
        ).status_code
        == 400
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_confirm_tentative_session(organiser_client, event):
    session = SessionFactory(event=event, status=SessionStatus.TENTATIVE)
    assert (
        organiser_client.post(f"/api/v1/sessions/{session.pk}/confirm/").json()["status"]
        == "confirmed"
    )
    assert organiser_client.post(f"/api/v1/sessions/{session.pk}/confirm/").status_code == 409


def test_delete_live_session_of_published_event_needs_cancel_first(organiser_client, event):
    session = SessionFactory(event=event)
    assert organiser_client.delete(f"/api/v1/sessions/{session.pk}/").status_code == 409
    organiser_client.post(f"/api/v1/sessions/{session.pk}/cancel/")
    assert organiser_client.delete(f"/api/v1/sessions/{session.pk}/").status_code == 204
    assert not Session.objects.filter(pk=session.pk).exists()


def test_sessions_filtered_by_event(anonymous_client, event):
    mine = SessionFactory(event=event)
    SessionFactory()
    SessionFactory(event=EventFactory(status=EventStatus.DRAFT))

    response = anonymous_client.get(f"/api/v1/sessions/?event={event.slug}")
    assert [s["id"] for s in response.json()["results"]] == [mine.pk]
    assert anonymous_client.get("/api/v1/sessions/").json()["count"] == 2  # draft's session hidden


def test_conflicts_endpoint_finds_each_kind(organiser_client, event, hall, speaker):
    other_event = EventFactory(organisation=event.organisation, slug="forum")
    hanoi = VenueFactory(
        organisation=event.organisation,
        name="Opera",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
    )
    seoul_hanoi_legs(event)

    def at(e, title, day, hour, venue=None, minutes=60, status=SessionStatus.CONFIRMED):
        start = dt.datetime(2027, 7, day, hour, 0, tzinfo=SEOUL)
        return SessionFactory(
            event=e,
            title=title,
            venue=venue,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            status=status,
        )

    lecture = at(event, "Lecture", 6, 9, venue=hall, minutes=90)
    lecture.speakers.add(speaker)
    panel = at(other_event, "Panel", 6, 10, minutes=60)  # same speaker, other event, overlapping
    panel.speakers.add(speaker)
    clash = at(event, "Film", 6, 10, venue=hall)  # same hall, overlapping the lecture
    at(event, "Dinner", 6, 11, venue=hall, status=SessionStatus.CANCELLED)  # cancelled: no conflict
    after = at(event, "Walk", 6, 11, venue=hall)  # touches the end of Film: not an overlap
    away = at(event, "Opera night", 7, 19, venue=hanoi)  # Hanoi venue on a Seoul day

    response = organiser_client.get(f"/api/v1/events/{event.slug}/conflicts/")

    assert response.status_code == 200
    ref = lambda s: {  # noqa: E731 - table helper
        "id": s.pk,
        "event": s.event.slug,
        "title": s.title,
        "starts_at": s.starts_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "ends_at": s.ends_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
    }
    assert response.json() == [
        {
            "kind": ConflictKind.SPEAKER_DOUBLE_BOOKED,
            "message": "Kim Min-ji is in “Lecture” and “Panel” at the same time.",
            "sessions": [ref(lecture), ref(panel)],
            "person": {"id": speaker.pk, "name": "Kim Min-ji"},
            "venue": None,
            "date": None,
        },
        {
            "kind": ConflictKind.VENUE_DOUBLE_BOOKED,
            "message": "KNUA Hall hosts “Lecture” and “Film” at the same time.",
            "sessions": [ref(lecture), ref(clash)],
            "person": None,
            "venue": {"id": hall.pk, "name": "KNUA Hall"},
            "date": None,
        },
        {
            "kind": ConflictKind.VENUE_OUTSIDE_LEG,
            "message": "“Opera night” is at Opera in Hanoi, but on 2027-07-07 the event is in Seoul.",
            "sessions": [ref(away)],
            "person": None,
            "venue": {"id": hanoi.pk, "name": "Opera"},
            "date": "2027-07-07",
        },
    ]
    assert after.pk not in {s["id"] for c in response.json() for s in c["sessions"]}


def test_conflicts_empty_for_clean_agenda(organiser_client, event, hall):
    SessionFactory(event=event, venue=hall)
    assert organiser_client.get(f"/api/v1/events/{event.slug}/conflicts/").json() == []


def test_conflicts_constant_queries(organiser_client, event, hall, speaker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    LegFactory(event=event, city="Seoul", country="KR")

    def add(n):
        for i in range(n):
            start = dt.datetime(2027, 7, 5 + i % 9, 9, 0, tzinfo=SEOUL)
            s = SessionFactory(
                event=event, venue=hall, starts_at=start, ends_at=start + dt.timedelta(hours=1)
            )
            s.speakers.add(speaker)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = organiser_client.get(f"/api/v1/events/{event.slug}/conflicts/")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json())

    add(1)
    count()  # the client's user caches its roles after the first request
    one, _ = count()
    add(30)
    many, found = count()
    assert found > 0  # the same hall and speaker at the same hour on each day
    assert many == one
