"""Preferred days of a bilateral meeting: chosen among the meeting's days on the focal
point's form and through the API (a day outside the meeting is a 400 naming
preferred_days, nothing saved), and honoured by the scheduler: each meeting lands on one
of its days when one is free, else on another day with a note, and still no head of
delegation or room is booked twice and no plenary overlaps."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import zoneinfo

from django.test import Client

from delegations import services
from delegations.enums import BilateralStatus, Participation, PartnerKind
from delegations.models import Bilateral
from programmes.enums import SessionType
from scheduling.cpsat import solve
from scheduling.problem import ALL, BusyIn, LegIn, Problem, RequestIn, Rules, VenueIn
from tests.factories.programmes import LegFactory, SessionFactory, VenueFactory

from .conftest import client_for


def _two_days(meeting):
    event = meeting.event
    event.end_date = event.start_date + dt.timedelta(days=1)
    event.save()
    LegFactory(event=event, city="Seoul", start_date=event.start_date, end_date=event.end_date)
    return event


def _plenary(event, day: int, venue, hours=(9, 11)):
    start = dt.datetime.combine(
        event.start_date + dt.timedelta(days=day), dt.time(hours[0]), tzinfo=event.zone
    )
    return SessionFactory(
        event=event,
        kind=SessionType.PLENARY,
        venue=venue,
        starts_at=start,
        ends_at=start.replace(hour=hours[1]),
    )


def _delegations(meeting, n: int):
    event, organiser = meeting.event, meeting.organiser
    rows = [meeting.first, meeting.second]
    for i in range(n - 2):
        partner = services.partner_save(
            organisation=event.organisation,
            key=f"p{i}",
            data={"kind": PartnerKind.COUNTRY, "official_name": f"Partner {i:02d}"},
        )
        rows.append(
            services.delegation_invite(
                event=event, partner=partner, participation=Participation.MEMBER, by=organiser
            )
        )
    return rows


def _check_no_clash(placed, plenaries):
    for a, b in itertools.combinations(placed, 2):
        if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
            assert a.venue_id != b.venue_id, (a.pk, b.pk)
            assert not {a.requester_id, a.counterpart_id} & {b.requester_id, b.counterpart_id}
    for b in placed:
        for plenary in plenaries:
            assert not (b.starts_at < plenary.ends_at and plenary.starts_at < b.ends_at)


def test_api_takes_days_of_the_meeting_and_refuses_others_naming_the_field(meeting):
    event = _two_days(meeting)
    client = client_for(meeting.first_focal)
    url = f"/api/v1/delegations/{meeting.first.pk}/bilaterals/"
    second_day = (event.start_date + dt.timedelta(days=1)).isoformat()
    for bad in ([(event.end_date + dt.timedelta(days=1)).isoformat()], ["2-3 March"]):
        refused = client.post(
            url, {"counterpart": meeting.second.pk, "preferred_days": bad}, format="json"
        )
        assert refused.status_code == 400 and "preferred_days" in refused.json(), bad
    assert not Bilateral.objects.exists()
    asked = client.post(
        url,
        {"counterpart": meeting.second.pk, "preferred_days": [second_day, second_day]},
        format="json",
    )
    assert asked.status_code == 201
    body = asked.json()
    assert (body["preferred_days"], body["on_preferred_day"]) == ([second_day], None)
    listed = client.get(url).json()
    assert [b["preferred_days"] for b in listed] == [[second_day]]


def test_focal_point_form_offers_the_meeting_days(meeting):
    event = _two_days(meeting)
    browser = Client()
    browser.force_login(meeting.first_focal)
    page = browser.get(f"/delegations/{meeting.first.pk}/").content.decode()
    first_day = event.start_date.isoformat()
    assert f'value="{first_day}"' in page and "Preferred days" in page
    url = f"/delegations/{meeting.first.pk}/bilaterals/"
    outside = browser.post(
        url,
        {
            "bilateral-counterpart": meeting.second.pk,
            "bilateral-duration_minutes": 30,
            "bilateral-preferred_days": "2001-01-01",
        },
    )
    assert outside.status_code == 400 and "Preferred days" in outside.content.decode()
    assert not Bilateral.objects.exists()
    done = browser.post(
        url,
        {
            "bilateral-counterpart": meeting.second.pk,
            "bilateral-duration_minutes": 30,
            "bilateral-preferred_days": first_day,
            "bilateral-note": "Heritage",
        },
    )
    assert done.status_code == 302
    row = Bilateral.objects.get()
    assert (row.preferred_days, row.note) == ([first_day], "Heritage")


def test_scheduler_honours_preferred_days_without_clashes(meeting):
    event = _two_days(meeting)
    rooms = [VenueFactory(organisation=event.organisation, capacity=10) for _ in range(4)]
    plenaries = [_plenary(event, day, rooms[0]) for day in (0, 1)]
    delegations = _delegations(meeting, 12)
    days = [event.start_date.isoformat(), event.end_date.isoformat()]
    pairs = random.Random(7).sample(list(itertools.combinations(delegations, 2)), 40)
    wishes = [[days[0]], [days[1]], [], days]
    Bilateral.objects.bulk_create(
        Bilateral(
            event=event,
            requester=a,
            counterpart=b,
            status=BilateralStatus.ACCEPTED,
            preferred_days=wishes[i % 4],
        )
        for i, (a, b) in enumerate(pairs)
    )
    response = client_for(meeting.organiser).post(
        f"/api/v1/events/{event.slug}/bilaterals/schedule/"
    )
    assert response.status_code == 200
    assert (response.json()["placed"], response.json()["off_preference"]) == (40, [])
    placed = list(Bilateral.objects.filter(event=event))
    for b in placed:
        local_day = b.starts_at.astimezone(event.zone).date().isoformat()
        assert local_day in (b.preferred_days or days), (b.pk, local_day, b.preferred_days)
    # Without the wish the solver puts nearly everything on the first day: the wish moved them.
    assert sum(b.starts_at.astimezone(event.zone).date() == event.end_date for b in placed) >= 10
    _check_no_clash(placed, plenaries)


def test_a_meeting_whose_preferred_day_is_full_falls_back_with_a_note(meeting):
    event = _two_days(meeting)
    room = VenueFactory(organisation=event.organisation, capacity=10)
    # The first day is one long plenary: no bilateral fits on it.
    plenary = _plenary(event, 0, room, hours=(8, 20))
    bilateral = services.bilateral_request(
        requester=meeting.first,
        counterpart=meeting.second,
        by=meeting.first_focal,
        preferred_days=[event.start_date],
    )
    services.bilateral_answer(bilateral=bilateral, accept=True, by=meeting.second_focal)
    response = client_for(meeting.organiser).post(
        f"/api/v1/events/{event.slug}/bilaterals/schedule/"
    )
    assert response.json()["placed"] == 1, response.json()
    assert response.json()["off_preference"] == [bilateral.pk]
    bilateral.refresh_from_db()
    assert bilateral.starts_at.astimezone(event.zone).date() == event.end_date
    _check_no_clash([bilateral], [plenary])
    api = client_for(meeting.first_focal).get(f"/api/v1/delegations/{meeting.first.pk}/bilaterals/")
    assert api.json()[0]["on_preferred_day"] is False
    organiser = Client()
    organiser.force_login(meeting.organiser)
    page = organiser.get(f"/organise/events/{event.slug}/delegations/bilaterals/")
    assert "not on a preferred day" in page.content.decode()
    focal = Client()
    focal.force_login(meeting.first_focal)
    assert (
        "not on a preferred day" in focal.get(f"/delegations/{meeting.first.pk}/").content.decode()
    )


def test_solver_places_60_wishing_bilaterals_on_their_days_without_clashes():
    """The solver alone (the benchmark's meeting, 53 delegations, 2 days, 6 rooms, two
    plenaries a day, with 60 of its 100 requests so that a loaded machine still finds a
    timetable in the time limit), each request wishing day 1, day 2 or either."""
    zone, first = "Europe/Sofia", dt.date(2018, 3, 1)
    tz = zoneinfo.ZoneInfo(zone)
    venues = [VenueIn(100 + i, f"Room {i}", "Sofia", zone, 12) for i in range(6)]
    venues.append(VenueIn(99, "Plenary hall", "Sofia", zone, 400))
    busy = [
        BusyIn(
            dt.datetime.combine(first + dt.timedelta(days=d), a, tz),
            dt.datetime.combine(first + dt.timedelta(days=d), b, tz),
            99,
            groups=(ALL,),
        )
        for d in range(2)
        for a, b in ((dt.time(9, 30), dt.time(11)), (dt.time(14), dt.time(15, 30)))
    ]
    pairs = random.Random(18).sample(list(itertools.combinations(range(1, 54), 2)), 60)
    wishes = [(1,), (2,), ()]
    requests = [
        RequestIn(
            n,
            f"{a}-{b}",
            30,
            speaker_ids=(a, b),
            min_capacity=8,
            group=f"bilateral:{n}",
            preferred_days=wishes[n % 3],
        )
        for n, (a, b) in enumerate(pairs, start=1)
    ]
    result = solve(
        Problem(
            start_date=first,
            end_date=first + dt.timedelta(days=1),
            time_zone=zone,
            legs=[LegIn("Sofia", first, first + dt.timedelta(days=1))],
            venues=venues,
            requests=requests,
            rules=Rules(meal_breaks=()),
            group_sizes={r.group: 8 for r in requests},
            busy=busy,
        ),
        time_limit=30,
    )
    assert len(result.placements) == 60
    by_id = {r.id: r for r in requests}
    on_day = [
        p
        for p in result.placements
        if not by_id[p.request_id].preferred_days
        or (p.starts_at.astimezone(tz).date() - first).days + 1
        in by_id[p.request_id].preferred_days
    ]
    assert len(on_day) >= 57, len(on_day)
    for a, b in itertools.combinations(result.placements, 2):
        if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
            assert a.venue_id != b.venue_id
            assert not set(by_id[a.request_id].speaker_ids) & set(by_id[b.request_id].speaker_ids)
    for p in result.placements:
        for s in busy:
            assert not (p.starts_at < s.ends_at and s.starts_at < p.ends_at)
