"""The organisers' logistics tools on their pages and in the API: the logistics role
(owners give and take it), airfare caps, per-diem rates and approved grants (the logistics
role, on the page as in the API), room edits kept by the next solve, single rooms, and
companions registered by an organiser or by the participant."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from audit.models import LogEntry
from logistics import services
from logistics.enums import CompanionRole
from logistics.models import (
    AirfareCap,
    Claim,
    Companion,
    Grant,
    PerDiemRate,
    RoomAssignment,
    TravelProfile,
)
from participants.enums import Gender
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory

from .conftest import PASSPORT_NUMBER, client_for

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_owner_gives_and_takes_back_the_logistics_role_on_the_page(
    exchange, owner, plain_organiser, with_passport
):
    event, _seoul, _hanoi = exchange
    base = f"/organise/events/{event.slug}/logistics/"
    passports = client_for(plain_organiser)
    assert passports.get(f"{base}passports/").status_code == 404
    # An organiser who is not an owner sees the team but cannot change it.
    assert b"Give the logistics role" not in passports.get(f"{base}team/").content
    refused = passports.post(f"{base}team/", {"user": plain_organiser.pk, "action": "grant"})
    assert refused.status_code == 403

    owner_page = client_for(owner)
    assert b"Give the logistics role" in owner_page.get(f"{base}team/").content
    granted = owner_page.post(f"{base}team/", {"user": plain_organiser.pk, "action": "grant"})
    assert granted.status_code == 302
    assert LogEntry.objects.filter(action_type="logistics.access.granted", actor=owner).exists()
    seen = passports.get(f"{base}passports/")
    assert seen.status_code == 200 and PASSPORT_NUMBER.encode() in seen.content
    assert LogEntry.objects.filter(
        action_type="logistics.passport.viewed", actor=plain_organiser
    ).exists()

    revoked = owner_page.post(f"{base}team/", {"user": plain_organiser.pk, "action": "revoke"})
    assert revoked.status_code == 302
    assert LogEntry.objects.filter(action_type="logistics.access.revoked", actor=owner).exists()
    gone = passports.get(f"{base}passports/")
    assert gone.status_code == 404 and PASSPORT_NUMBER.encode() not in gone.content


def test_the_logistics_role_through_the_api(exchange, owner, plain_organiser, with_passport):
    event, _seoul, _hanoi = exchange
    url = f"/api/v1/events/{event.slug}/logistics/team/"
    organiser = api_for(plain_organiser)
    assert organiser.post(url, {"user": plain_organiser.pk}, format="json").status_code == 403
    api = api_for(owner)
    assert api.post(url, {"user": "x"}, format="json").json()["user"]
    stranger = ParticipantFactory(event=event).applicant
    refused = api.post(url, {"user": stranger.pk}, format="json")
    assert refused.status_code == 400 and "user" in refused.json()
    assert api.post(url, {"user": plain_organiser.pk}, format="json").status_code == 201
    rows = {row["user"]: row["logistics"] for row in api.get(url).json()}
    assert rows[plain_organiser.pk] is True
    passports = f"/api/v1/events/{event.slug}/logistics/passports/"
    assert PASSPORT_NUMBER in organiser.get(passports).content.decode()
    assert api.delete(f"{url}{plain_organiser.pk}/").status_code == 204
    # A new request loads the user afresh (force_authenticate reuses one object).
    again = api_for(type(plain_organiser).objects.get(pk=plain_organiser.pk))
    assert again.get(passports).status_code == 403


def test_caps_rates_and_grants_on_the_page_need_the_logistics_role(
    exchange, plain_organiser, logistics_organiser
):
    event, _seoul, _hanoi = exchange
    url = f"/organise/events/{event.slug}/logistics/grants/"
    page = client_for(logistics_organiser)
    cap = {
        "action": "cap",
        "cap-region": "Mainland ASEAN",
        "cap-countries": "vn, kh",
        "cap-amount": "650",
        "cap-currency": "USD",
    }
    assert page.post(url, cap).status_code == 302
    bad = page.post(url, {**cap, "cap-countries": "Vietnam"})
    assert bad.status_code == 400
    assert b"Enter two-letter country codes" in bad.content
    assert page.post(url, {**cap, "cap-amount": "700"}).status_code == 302  # edits the region
    saved = AirfareCap.objects.get(event=event)
    assert (saved.countries, saved.amount) == (["KH", "VN"], Decimal("700.00"))
    rate = {"action": "per_diem", "per_diem-city": "Seoul", "per_diem-amount": "60"}
    assert page.post(url, {**rate, "per_diem-currency": "US"}).status_code == 400
    assert page.post(url, {**rate, "per_diem-currency": "krw"}).status_code == 302
    seoul_rate = PerDiemRate.objects.get(event=event, city="Seoul")
    assert seoul_rate.currency == "KRW"

    person = ParticipantFactory(event=event, country="VN")
    grant = {
        "action": "grant",
        "grant-application": person.pk,
        "grant-budget_line": "AKC youth",
        "grant-airfare": "900",
        "grant-line_rate": [seoul_rate.pk, ""],
        "grant-line_days": ["5", ""],
    }
    over = page.post(url, grant)
    assert over.status_code == 400 and not Grant.objects.exists()
    body = over.content.decode()
    assert body.index("above the cap") > body.index('name="grant-airfare"')  # beside the field
    assert page.post(url, {**grant, "grant-airfare": "640.50"}).status_code == 302
    approved = Grant.objects.get(application=person)
    assert approved.airfare == Decimal("640.50")
    assert [(line.rate_id, line.days) for line in approved.per_diem_lines.all()] == [
        (seoul_rate.pk, 5)
    ]
    shown = page.get(url).content.decode()
    assert "Mainland ASEAN" in shown and "640.50" in shown and "5 × 60.00 KRW" in shown

    # The same rule as the API: without the logistics role, no change, a 403.
    claim = Claim.objects.create(
        grant=approved, amount="42", currency="USD", description="Taxi", receipt_name="t.pdf"
    )
    other = client_for(plain_organiser)
    assert other.get(url).status_code == 200
    assert other.post(url, {"claim": claim.pk, "action": "approve"}).status_code == 403
    assert other.post(url, {**cap, "cap-amount": "1"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "submitted"
    assert AirfareCap.objects.get(event=event).amount == Decimal("700.00")


def test_caps_rates_and_grants_through_the_api(exchange, plain_organiser, logistics_organiser):
    event, _seoul, _hanoi = exchange
    base = f"/api/v1/events/{event.slug}/logistics/"
    api = api_for(logistics_organiser)
    cap = {"region": "Mainland ASEAN", "countries": ["VN"], "amount": "650", "currency": "usd"}
    assert api.post(f"{base}airfare-caps/", cap, format="json").status_code == 200
    assert api.post(f"{base}airfare-caps/", {**cap, "currency": "dollars"}, format="json").json()[
        "currency"
    ]
    rate = api.post(
        f"{base}per-diem-rates/",
        {"city": "Hanoi", "amount": "30", "currency": "USD"},
        format="json",
    ).json()
    assert [r["city"] for r in api.get(f"{base}per-diem-rates/").json()] == ["Hanoi"]
    person = ParticipantFactory(event=event, country="VN")
    grant = {"application": person.pk, "budget_line": "AKC", "airfare": "700"}
    over = api.post(f"{base}grants/", grant, format="json")
    assert over.status_code == 400 and over.json()["code"] == "over_cap"
    assert "airfare" in over.json()
    approved = api.post(
        f"{base}grants/",
        {**grant, "airfare": "600", "per_diem_lines": [{"rate": rate["id"], "days": 3}]},
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json() == {
        "id": Grant.objects.get().pk,
        "application": person.pk,
        "budget_line": "AKC",
        "airfare": "600.00",
        "airfare_currency": "USD",
        "per_diem_lines": [
            {"rate": rate["id"], "city": "Hanoi", "per_day": "30.00", "currency": "USD", "days": 3}
        ],
    }
    assert api.get(f"{base}grants/").json() == [approved.json()]
    # The single rate of older clients is refused by name, not dropped in silence.
    retired = api.post(
        f"{base}grants/", {**grant, "per_diem": rate["id"], "per_diem_days": 3}, format="json"
    )
    assert retired.status_code == 400 and {"per_diem", "per_diem_days"} <= set(retired.json())
    assert LogEntry.objects.filter(action_type="logistics.grant.changed").count() == 3
    denied = api_for(plain_organiser)
    for path in ("airfare-caps/", "per-diem-rates/", "grants/"):
        assert denied.get(f"{base}{path}").status_code == 403


@pytest.fixture
def seoul_rooms(exchange, plain_organiser):
    event, seoul, _hanoi = exchange
    hotel = services.hotel_add(event=event, leg=seoul, name="Lotte", by=plain_organiser)
    twin = services.block_add(
        hotel=hotel,
        room_type="Twin",
        beds=2,
        rooms=3,
        first_night=seoul.start_date,
        last_night=seoul.end_date,
        by=plain_organiser,
    )
    return event, seoul, twin


def test_room_edits_and_single_rooms_on_the_page_are_kept_by_the_solve(
    seoul_rooms, plain_organiser
):
    event, seoul, twin = seoul_rooms
    women = [ParticipantFactory(event=event, gender=Gender.FEMALE, country=c) for c in ("VN", "TH")]
    head = ParticipantFactory(event=event, gender=Gender.MALE, country="KR")
    page = client_for(plain_organiser)
    url = f"/organise/events/{event.slug}/logistics/rooms/?leg={seoul.pk}"
    assert b'id="assign-form"' in page.get(url).content
    move = {"action": "assign", "assign-person": f"a{women[0].pk}", "assign-block": twin.pk}
    bad = page.post(url, {**move, "assign-room": "9"})
    assert bad.status_code == 400 and b"no room with this number" in bad.content
    assert not RoomAssignment.objects.exists()
    assert page.post(url, {**move, "assign-room": "3"}).status_code == 302
    single = {"action": "single", "single-application": head.pk, "single-single": "on"}
    assert page.post(url, single).status_code == 302
    assert TravelProfile.objects.get(application=head).single_room is True
    assert LogEntry.objects.filter(action_type="logistics.room.assigned").exists()

    services.rooming_solve(event=event, leg=seoul, by=plain_organiser, time_limit=2)
    placed = {a.application_id: (a.room, a.kept) for a in RoomAssignment.objects.all()}
    assert placed[women[0].pk] == (3, True)
    assert [room for room, _kept in placed.values()].count(placed[head.pk][0]) == 1


def test_room_edits_and_single_rooms_through_the_api(seoul_rooms, plain_organiser):
    event, seoul, twin = seoul_rooms
    person = ParticipantFactory(event=event, gender=Gender.FEMALE, country="VN")
    chaperone = services.companion_add(
        application=person, name="Lan", role=CompanionRole.CHAPERONE, by=plain_organiser
    )
    base = f"/api/v1/events/{event.slug}/logistics/"
    api = api_for(plain_organiser)
    move = {"leg": seoul.pk, "block": twin.pk, "room": 2}
    assert api.post(f"{base}room-assignments/", move, format="json").status_code == 400
    full = api.post(f"{base}room-assignments/", {**move, "room": 7, "application": person.pk})
    assert full.status_code == 400 and "room" in full.json()
    done = api.post(f"{base}room-assignments/", {**move, "companion": chaperone.pk}, format="json")
    assert done.status_code == 201 and done.json()["kept"] is True
    single = api.put(f"{base}single-rooms/{person.pk}/", {"single": True}, format="json")
    assert single.status_code == 200 and single.json() == {"single": True}
    assert api.put(f"{base}single-rooms/{person.pk}/", {}, format="json").status_code == 400


def test_companions_by_the_organiser_and_by_the_participant(exchange, plain_organiser, participant):
    event, _seoul, _hanoi = exchange
    people_url = f"/organise/events/{event.slug}/logistics/people/"
    page = client_for(plain_organiser)
    form = {
        "companion-application": participant.pk,
        "companion-name": "Nguyen Van Binh",
        "companion-role": "accompanying",
    }
    bad = page.post(people_url, {**form, "companion-role": "pilot"})
    assert bad.status_code == 400 and b'role="alert"' in bad.content
    assert page.post(people_url, form).status_code == 302
    assert b"Nguyen Van Binh" in page.get(people_url).content

    own = client_for(participant.applicant)
    travel = f"/events/{event.slug}/travel/"
    shown = own.get(travel).content.decode()
    assert "do not take a seat at the event or a place in any quota" in shown
    refused = own.post(
        travel,
        {
            "action": "companion",
            "companion-name": "Tran Minh",
            "companion-role": "chaperone",
            "companion-is_minor": "on",
        },
    )
    assert refused.status_code == 400 and "A chaperone is an adult." in refused.content.decode()
    saved = own.post(
        travel,
        {"action": "companion", "companion-name": "Tran Minh", "companion-role": "chaperone"},
    )
    assert saved.status_code == 302
    assert set(Companion.objects.values_list("name", flat=True)) == {"Nguyen Van Binh", "Tran Minh"}
    assert LogEntry.objects.filter(action_type="logistics.companion.added").count() == 2

    api = api_for(participant.applicant)
    mine = f"/api/v1/events/{event.slug}/my-travel/companions/"
    assert len(api.get(mine).json()) == 2
    created = api.post(mine, {"name": "Hoa", "role": "accompanying"}, format="json")
    assert created.status_code == 201 and created.json()["application"] == participant.pk
    organiser_api = api_for(plain_organiser)
    url = f"/api/v1/events/{event.slug}/logistics/companions/"
    other = ParticipantFactory(event=event, status="submitted")
    refused = organiser_api.post(
        url, {"application": other.pk, "name": "X", "role": "accompanying"}
    )
    assert refused.status_code == 400 and "application" in refused.json()
    assert len(organiser_api.get(url).json()) == 3
    assert api.get(url).status_code == 403


def test_removing_caps_rates_and_companions(exchange, plain_organiser, logistics_organiser):
    event, _seoul, _hanoi = exchange
    cap = services.airfare_cap_set(
        event=event, region="ASEAN", countries=["VN"], amount="600", currency="USD", by=None
    )
    used = services.per_diem_set(event=event, city="Seoul", amount="60", currency="USD", by=None)
    spare = services.per_diem_set(event=event, city="Hanoi", amount="30", currency="USD", by=None)
    person = ParticipantFactory(event=event, country="VN")
    services.grant_approve(
        application=person, budget_line="AKC", airfare="500", per_diem_lines=[(used, 2)], by=None
    )
    url = f"/organise/events/{event.slug}/logistics/grants/"
    page = client_for(logistics_organiser)
    assert (
        client_for(plain_organiser).post(url, {"action": "cap_delete", "cap": cap.pk}).status_code
        == 403
    )
    assert page.post(url, {"action": "cap_delete", "cap": cap.pk}).status_code == 302
    assert not AirfareCap.objects.exists()
    page.post(url, {"action": "per_diem_delete", "rate": used.pk})  # a grant uses it: kept
    assert PerDiemRate.objects.filter(pk=used.pk).exists()
    api = api_for(logistics_organiser)
    base = f"/api/v1/events/{event.slug}/logistics/"
    in_use = api.delete(f"{base}per-diem-rates/{used.pk}/")
    assert in_use.status_code == 409 and in_use.json()["code"] == "rate_in_use"
    assert api.delete(f"{base}per-diem-rates/{spare.pk}/").status_code == 204
    assert list(PerDiemRate.objects.values_list("city", flat=True)) == ["Seoul"]

    mine = services.companion_add(application=person, name="Hoa", role="accompanying", by=None)
    theirs = services.companion_add(application=person, name="Lan", role="accompanying", by=None)
    other = ParticipantFactory(event=event)
    stranger = client_for(other.applicant)
    travel = f"/events/{event.slug}/travel/"
    refused = stranger.post(travel, {"action": "companion_remove", "companion": mine.pk})
    assert refused.status_code == 404
    own = client_for(person.applicant)
    assert own.post(travel, {"action": "companion_remove", "companion": mine.pk}).status_code == 302
    organiser_api = api_for(plain_organiser)
    assert organiser_api.delete(f"{base}companions/{theirs.pk}/").status_code == 204
    assert not Companion.objects.exists()
    assert LogEntry.objects.filter(action_type="logistics.companion.removed").count() == 2


def test_each_delete_endpoint_reaches_its_own_rows_checks_its_rule_and_audits(
    exchange, plain_organiser, logistics_organiser
):
    """The four DELETE endpoints share one view: another scope's id is a 404 with nothing
    removed, the wrong role a 403 (a stranger to my-travel: 404), the right one a 204
    through the service (one audit entry each)."""
    event, _seoul, _hanoi = exchange
    elsewhere = EventFactory(organisation=event.organisation)

    def set_up(where):
        cap = services.airfare_cap_set(
            event=where, region="ASEAN", countries=["VN"], amount="600", currency="USD", by=None
        )
        rate = services.per_diem_set(event=where, city="Seoul", amount="6", currency="USD", by=None)
        person = ParticipantFactory(event=where, country="VN")
        return cap, rate, person

    cap, rate, person = set_up(event)
    other_cap, other_rate, other_person = set_up(elsewhere)
    neighbour = ParticipantFactory(event=event)
    companion, mine, foreign, neighbours = (
        services.companion_add(application=who, name="C", role="accompanying", by=None)
        for who in (person, person, other_person, neighbour)
    )
    base = f"/api/v1/events/{event.slug}/"
    cases = [  # path, row, another scope's row, allowed, refused (and its status)
        ("logistics/airfare-caps/", cap, other_cap, logistics_organiser, plain_organiser, 403),
        ("logistics/per-diem-rates/", rate, other_rate, logistics_organiser, plain_organiser, 403),
        ("logistics/companions/", companion, foreign, plain_organiser, person.applicant, 403),
        ("my-travel/companions/", mine, neighbours, person.applicant, plain_organiser, 404),
    ]
    for path, row, other, allowed, refused, refused_status in cases:
        api = api_for(allowed)
        assert api.delete(f"{base}{path}{other.pk}/").status_code == 404, path
        assert type(other).objects.filter(pk=other.pk).exists(), path
        assert api_for(refused).delete(f"{base}{path}{row.pk}/").status_code == refused_status
        assert type(row).objects.filter(pk=row.pk).exists(), path
        audited = LogEntry.objects.count()
        assert api.delete(f"{base}{path}{row.pk}/").status_code == 204, path
        assert not type(row).objects.filter(pk=row.pk).exists(), path
        assert LogEntry.objects.count() == audited + 1, path
    assert set(Companion.objects.values_list("pk", flat=True)) == {foreign.pk, neighbours.pk}


def test_the_new_lists_read_a_constant_number_of_queries(
    seoul_rooms, plain_organiser, logistics_organiser
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event, seoul, _twin = seoul_rooms
    rate = services.per_diem_set(event=event, city="Seoul", amount="60", currency="USD", by=None)
    services.airfare_cap_set(
        event=event, region="All", countries=["VN"], amount="900", currency="USD", by=None
    )
    pages = {
        f"/organise/events/{event.slug}/logistics/grants/": logistics_organiser,
        f"/organise/events/{event.slug}/logistics/rooms/?leg={seoul.pk}": plain_organiser,
        f"/organise/events/{event.slug}/logistics/people/": plain_organiser,
        f"/organise/events/{event.slug}/logistics/team/": plain_organiser,
        f"/organise/events/{event.slug}/logistics/follow-up/": plain_organiser,
        f"/api/v1/events/{event.slug}/logistics/rooming/nights/": plain_organiser,
        f"/api/v1/events/{event.slug}/logistics/companions/": plain_organiser,
        f"/api/v1/events/{event.slug}/logistics/grants/": logistics_organiser,
    }

    def counts() -> list[int]:
        found = []
        for url, user in pages.items():
            client = client_for(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found.append(len(queries))
        return found

    def add_people(n: int) -> None:
        for _ in range(n):
            person = ParticipantFactory(event=event, country="VN")
            services.companion_add(application=person, name="C", role="accompanying", by=None)
            services.grant_approve(
                application=person,
                budget_line="L",
                airfare="1",
                per_diem_lines=[(rate, 1)],
                by=None,
            )

    add_people(1)
    first = counts()
    add_people(3)
    assert counts() == first
