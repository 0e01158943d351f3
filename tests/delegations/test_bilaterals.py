import datetime as dt
import itertools
import random

from django.test import Client

from delegations import services
from delegations.enums import BilateralStatus, Participation, PartnerKind
from delegations.models import Bilateral
from notifications.models import Message
from programmes.enums import SessionType
from tests.factories.programmes import LegFactory, SessionFactory, VenueFactory

from .conftest import client_for


def test_request_accept_and_decline_through_the_api(meeting):
    first, second = client_for(meeting.first_focal), client_for(meeting.second_focal)
    asked = first.post(
        f"/api/v1/delegations/{meeting.first.pk}/bilaterals/",
        {"counterpart": meeting.second.pk},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    again = first.post(
        f"/api/v1/delegations/{meeting.first.pk}/bilaterals/",
        {"counterpart": meeting.second.pk},
        format="json",
    )
    assert (again.status_code, again.json()["code"]) == (409, "duplicate")
    bilateral = asked.json()["id"]
    # Only the other side answers.
    assert (
        first.post(
            f"/api/v1/bilaterals/{bilateral}/answer/", {"approve": True}, format="json"
        ).status_code
        == 403
    )
    answered = second.post(
        f"/api/v1/bilaterals/{bilateral}/answer/", {"approve": True}, format="json"
    )
    assert answered.json()["status"] == BilateralStatus.ACCEPTED
    assert set(
        Message.objects.filter(template="delegations/bilateral").values_list(
            "recipient_id", flat=True
        )
    ) == {meeting.first_focal.pk, meeting.second_focal.pk}


def test_scheduler_places_100_bilaterals_without_any_clash(meeting):
    event, organiser = meeting.event, meeting.organiser
    event.end_date = event.start_date + dt.timedelta(days=1)
    event.save()
    LegFactory(event=event, city="Seoul", start_date=event.start_date, end_date=event.end_date)
    rooms = [VenueFactory(organisation=event.organisation, capacity=10) for _ in range(6)]
    tiny = VenueFactory(organisation=event.organisation, capacity=3)
    plenaries = []
    for day in range(2):
        start = dt.datetime.combine(
            event.start_date + dt.timedelta(days=day), dt.time(9), tzinfo=event.zone
        )
        plenaries.append(
            SessionFactory(
                event=event,
                kind=SessionType.PLENARY,
                venue=rooms[0],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
            )
        )
    delegations = [meeting.first, meeting.second]
    for n in range(28):
        partner = services.partner_save(
            organisation=event.organisation,
            key=f"p{n}",
            data={"kind": PartnerKind.COUNTRY, "official_name": f"Partner {n:02d}"},
        )
        delegations.append(
            services.delegation_invite(
                event=event, partner=partner, participation=Participation.MEMBER, by=organiser
            )
        )
    pairs = random.Random(18).sample(list(itertools.combinations(delegations, 2)), 100)
    Bilateral.objects.bulk_create(
        Bilateral(event=event, requester=a, counterpart=b, status=BilateralStatus.ACCEPTED)
        for a, b in pairs
    )

    response = client_for(organiser).post(f"/api/v1/events/{event.slug}/bilaterals/schedule/")
    assert response.status_code == 200, response.json()
    assert response.json()["placed"] == 100

    placed = list(Bilateral.objects.filter(event=event))
    assert all(b.starts_at and b.venue_id for b in placed)
    for a, b in itertools.combinations(placed, 2):
        if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
            assert a.venue_id != b.venue_id, (a.pk, b.pk)
            assert not {a.requester_id, a.counterpart_id} & {b.requester_id, b.counterpart_id}
    for b in placed:
        assert b.venue_id != tiny.pk
        for plenary in plenaries:
            assert not (b.starts_at < plenary.ends_at and plenary.starts_at < b.ends_at)
        local = b.starts_at.astimezone(event.zone)
        assert event.start_date <= local.date() <= event.end_date
    # Both sides have it in their calendar feed and are told of their slot.
    one = placed[0]
    for side in (one.requester, one.counterpart):
        client = Client()
        client.force_login(side.partner.focal_points.first() or organiser)
        feed = client.get(f"/delegations/{side.pk}/bilaterals.ics").content.decode()
        assert f"UID:bilateral-{one.pk}@bridges" in feed
    assert (
        Message.objects.filter(template="delegations/bilateral", context__what="scheduled").count()
        >= 2
    )
