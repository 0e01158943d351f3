"""Nights per person for billing: counted per leg and over every leg (a guest in Seoul
and Hanoi, one only in part of the Seoul stay, a companion only in Hanoi), on the rooms
page, in the rooming API and in the hotel's export."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from logistics import services
from logistics.enums import CompanionRole
from participants.enums import Gender
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _block(hotel, first, last, by, room_type="Twin"):
    return services.block_add(
        hotel=hotel, room_type=room_type, beds=2, rooms=3, first_night=first, last_night=last, by=by
    )


def _named(event, first, last):
    application = ParticipantFactory(event=event, gender=Gender.FEMALE, country="VN")
    application.applicant.first_name, application.applicant.last_name = first, last
    application.applicant.save()
    return application


@pytest.fixture
def stays(exchange, plain_organiser):
    """Mai: five nights in Seoul and three in Hanoi; Linh: the last two Seoul nights;
    Hoa (Mai's companion): Hanoi only."""
    event, seoul, hanoi = exchange
    by = plain_organiser
    lotte = services.hotel_add(event=event, leg=seoul, name="Lotte Mapo", by=by)
    seoul_all = _block(lotte, seoul.start_date, seoul.end_date, by)
    seoul_late = _block(
        lotte, seoul.end_date - dt.timedelta(days=1), seoul.end_date, by, room_type="Late"
    )
    hanoi_block = _block(
        services.hotel_add(event=event, leg=hanoi, name="Hanoi Daewoo", by=by),
        hanoi.start_date,
        hanoi.end_date - dt.timedelta(days=1),
        by,
    )
    mai, linh = _named(event, "Mai", "Tran"), _named(event, "Linh", "Pham")
    hoa = services.companion_add(
        application=mai,
        name="Hoa Tran",
        role=CompanionRole.ACCOMPANYING,
        gender=Gender.FEMALE,
        by=by,
    )
    for leg, block, who in (
        (seoul, seoul_all, {"application": mai}),
        (hanoi, hanoi_block, {"application": mai}),
        (seoul, seoul_late, {"application": linh}),
        (hanoi, hanoi_block, {"companion": hoa}),
    ):
        services.room_assign(event=event, leg=leg, block=block, room=1, by=by, **who)
    return event, seoul, hanoi, {"mai": mai, "linh": linh, "hoa": hoa}


def test_nights_per_person_count_each_leg_on_their_own(stays):
    event, _seoul, _hanoi, people = stays
    mai, linh, hoa = people["mai"], people["linh"], people["hoa"]
    assert services.nights_per_person(event=event) == {
        f"a{mai.pk}": 8,
        f"a{linh.pk}": 2,
        f"c{hoa.pk}": 3,
    }


def test_the_rooming_api_gives_each_guest_their_nights_and_a_billing_list(
    stays, plain_organiser, organisation
):
    event, seoul, hanoi, people = stays
    api = APIClient()
    api.force_authenticate(plain_organiser)
    base = f"/api/v1/events/{event.slug}/logistics/rooming/"
    hanoi_rooms = api.get(base, {"leg": hanoi.pk}).json()
    guests = {g["name"]: (g["nights"], g["nights_total"]) for r in hanoi_rooms for g in r["people"]}
    assert guests == {"Mai Tran": (3, 8), "Hoa Tran": (3, 3)}

    with CaptureQueriesContext(connection) as few:
        answer = api.get(f"{base}nights/")
    assert answer.status_code == 200
    assert answer.json() == [
        {
            "key": f"c{people['hoa'].pk}",
            "name": "Hoa Tran",
            "accompanies": "Mai Tran",
            "nights": [0, 3],
            "total": 3,
        },
        {
            "key": f"a{people['linh'].pk}",
            "name": "Linh Pham",
            "accompanies": "",
            "nights": [2, 0],
            "total": 2,
        },
        {
            "key": f"a{people['mai'].pk}",
            "name": "Mai Tran",
            "accompanies": "",
            "nights": [5, 3],
            "total": 8,
        },
    ]
    # More guests, the same queries.
    hanoi_block = event.hotels.get(leg=hanoi).blocks.get()
    for n in range(3):
        extra = _named(event, f"Extra{n}", "Guest")
        services.room_assign(
            event=event,
            leg=hanoi,
            block=hanoi_block,
            room=2 + n // 2,
            by=plain_organiser,
            application=extra,
        )
    with CaptureQueriesContext(connection) as more:
        assert len(api.get(f"{base}nights/").json()) == 6
    assert len(more) == len(few)

    outsider = APIClient()
    outsider.force_authenticate(ParticipantFactory(event=event).applicant)
    assert outsider.get(f"{base}nights/").status_code in (403, 404)


def test_the_rooms_page_and_the_hotel_export_show_nights_per_person(stays, plain_organiser):
    event, seoul, _hanoi, _people = stays
    page = client_for(plain_organiser)
    url = f"/organise/events/{event.slug}/logistics/rooms/?leg={seoul.pk}"
    html = page.get(url).content.decode()
    table = html.split('id="nights-per-person"')[1].split("</table>")[0]
    assert '<th scope="col">Seoul</th><th scope="col">Hanoi</th>' in table
    assert "<td>Mai Tran</td><td>5</td><td>3</td><td>8</td>" in table
    assert "<td>Linh Pham</td><td>2</td><td>0</td><td>2</td>" in table
    assert (
        'Hoa Tran <span class="muted">(with Mai Tran)</span></td><td>0</td><td>3</td><td>3</td>'
        in table
    )

    response = page.get(url + "&format=csv", follow=True)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Nights", "Nights, every leg"]
    assert {(r[4], r[-2], r[-1]) for r in rows[1:]} == {
        ("Mai Tran", "5", "8"),
        ("Linh Pham", "2", "2"),
    }
