"""The organisers' newer logistics pages on a phone (375 px, headless Chromium): grants
(airfare caps, per-diem rates, a grant's per-diem lines and its edit form, claims to
review), rooms (the rooming list, room moves, single rooms) and names and meals
(companions). None scrolls sideways, and a room move is made with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from logistics import services
from logistics.models import Claim, RoomAssignment
from participants.enums import Gender
from programmes.enums import MemberRole
from tests.browser.helpers import log_in
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory, MembershipFactory, seoul_hanoi_legs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375
# Long names and titles, as a phone meets them.
NAMES = [("Nguyễn Thị", "Minh Khai"), ("Siti Nurhaliza", "binti Tarudin")]


def _fits(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE_WIDTH + 1, f"{page.url} scrolls sideways: {width}px"


def _scene():
    event = EventFactory(
        title="ASEAN-Korea Youth Network Workshop on Culture and Creative Industries"
    )
    seoul, _hanoi = seoul_hanoi_legs(event)
    owner = MembershipFactory(organisation=event.organisation, role=MemberRole.OWNER).user
    organiser = MembershipFactory(organisation=event.organisation, role=MemberRole.ORGANISER).user
    services.access_grant(organisation=event.organisation, user=organiser, by=owner)
    people = []
    for first, last in NAMES:
        person = ParticipantFactory(event=event, gender=Gender.FEMALE, country="VN")
        person.applicant.first_name, person.applicant.last_name = first, last
        person.applicant.save(update_fields=["first_name", "last_name"])
        people.append(person)
    hotel = services.hotel_add(event=event, leg=seoul, name="Lotte Hotel Seoul", by=organiser)
    twin = services.block_add(
        hotel=hotel,
        room_type="Twin deluxe",
        beds=2,
        rooms=3,
        first_night=seoul.start_date,
        last_night=seoul.end_date,
        by=organiser,
    )
    services.room_assign(
        event=event, leg=seoul, block=twin, room=1, application=people[0], by=organiser
    )
    services.companion_add(
        application=people[0], name="Trần Văn Bình Phương", role="accompanying", by=organiser
    )
    services.airfare_cap_set(
        event=event,
        region="Mainland Southeast Asia",
        countries=["KH", "LA", "MM", "TH", "VN"],
        amount="650",
        currency="USD",
        by=organiser,
    )
    krw = services.per_diem_set(
        event=event, city="Seoul", amount="80000", currency="KRW", by=organiser
    )
    usd = services.per_diem_set(
        event=event, city="Hanoi", amount="35", currency="USD", by=organiser
    )
    grant = services.grant_approve(
        application=people[0],
        budget_line="ASEAN-Korea Cooperation Fund",
        airfare="640.50",
        per_diem_lines=[(krw, 5), (usd, 4)],
        by=organiser,
    )
    Claim.objects.create(
        grant=grant,
        amount="42",
        currency="USD",
        description="Airport limousine bus from Incheon to the hotel",
        receipt_storage_name="receipts/limousine.pdf",
        receipt_name="limousine-bus-receipt-incheon-terminal-2.pdf",
    )
    return event, seoul, twin, organiser, people, grant


def test_logistics_organiser_pages_fit_a_phone_and_a_room_move_by_keyboard(page):
    event, seoul, twin, organiser, people, grant = _scene()
    log_in(page, organiser)
    base = f"/organise/events/{event.slug}/logistics/"
    for path, landmark in (
        ("grants/", "#claims"),
        (f"grants/?edit={grant.pk}", "#per-diem-lines"),
        ("people/", "#companion-form"),
        ("team/", "h1"),
        (f"rooms/?leg={seoul.pk}", "#assign-form"),
    ):
        page.goto(base + path)
        assert page.locator(landmark).first.is_visible(), path
        _fits(page)

    # The second person moves to room 2: focus, arrow keys, Tab, typing and Enter only.
    person = page.locator("#id_assign-person")
    person.focus()
    for _ in range(5):  # the first person, their companion, then the second person
        if person.input_value() == f"a{people[1].pk}":
            break
        page.keyboard.press("ArrowDown")
    assert person.input_value() == f"a{people[1].pk}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_assign-block"
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rooms/\?leg="))
    moved = RoomAssignment.objects.get(application=people[1])
    assert (moved.block_id, moved.room, moved.kept) == (twin.pk, 2, True)
    assert page.locator("#rooming").get_by_text("binti Tarudin").is_visible()
    _fits(page)
