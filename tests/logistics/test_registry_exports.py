"""The logistics downloads are the export registry's lists: the passports (logistics role,
each passport seen audited under the reader's name), the rooming list of one leg and the
name list. Their old addresses lead to the registry, every run is audited with its row
count, and members without the rule get a 403."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from audit.models import LogEntry
from backend.errors import BridgesError
from logistics.models import Hotel, RoomAssignment, RoomBlock
from programmes.enums import MemberRole
from reports import services as reports
from reports.models import ExportRun, RunStatus
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import MembershipFactory

from .conftest import PASSPORT_NUMBER, client_for

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))


def _runs(name: str):
    return LogEntry.objects.filter(action_type="reports.export.run", data__export=name)


@pytest.fixture
def members(organisation, plain_organiser):
    """Members who may not read passports: an organiser without the logistics role, a
    reviewer and a check-in staff member."""
    return {
        "organiser": plain_organiser,
        **{
            role: MembershipFactory(organisation=organisation, role=role).user
            for role in (MemberRole.REVIEWER, MemberRole.STAFF)
        },
    }


def test_passports_download_is_the_registry_list_with_a_view_audited_per_person(
    with_passport, logistics_organiser, members
):
    event = with_passport.event
    ParticipantFactory(event=event, country="KR")  # attending, no passport data yet
    client = client_for(logistics_organiser)
    old = client.get(f"/organise/events/{event.slug}/logistics/passports/?format=csv")
    assert old.status_code == 302
    assert old["Location"] == f"/organise/events/{event.slug}/exports/passports.csv"
    response = client.get(old["Location"])
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = _rows(response)
    assert rows[0][:3] == ["Name", "Name in the passport", "Passport number"]
    assert ["Mai Tran", "TRAN THI MAI", PASSPORT_NUMBER, "VN", "2031-05-01", "2004-02-29"] in rows
    assert len(rows) == 3
    (run,) = _runs("passports")
    assert run.actor == logistics_organiser and run.data["rows"] == 2
    viewed = LogEntry.objects.filter(action_type="logistics.passport.viewed")
    assert sorted(e.data["where"] for e in viewed.all()) == ["export", "export"]
    assert {e.actor for e in viewed.all()} == {logistics_organiser}
    assert PASSPORT_NUMBER not in str(LogEntry.objects.values_list("data", flat=True))

    # XLSX from the page's other link, the same rows and one more audit entry per person.
    book = load_workbook(
        io.BytesIO(_body(client.get(f"/organise/events/{event.slug}/exports/passports.xlsx")))
    )
    assert book.active.max_row == 3 and book.active.freeze_panes == "A2"
    assert viewed.count() == 4

    # Everyone else: 403 from the page, the old address and the API; no number, no view.
    for role, user in members.items():
        page = client_for(user)
        for answer in (
            page.get(f"/organise/events/{event.slug}/logistics/passports/?format=csv", follow=True),
            page.get(f"/organise/events/{event.slug}/exports/passports.xlsx"),
        ):
            assert answer.status_code == 403, role
            assert PASSPORT_NUMBER.encode() not in _body(answer), role
        api = APIClient()
        api.force_authenticate(user)
        answer = api.get(f"/api/v1/events/{event.slug}/exports/passports.csv")
        assert answer.status_code == 403 and PASSPORT_NUMBER.encode() not in answer.content
    assert viewed.count() == 4 and _runs("passports").count() == 2


def test_registry_listing_names_the_moved_exports_for_those_who_may_run_them(
    participant, logistics_organiser, plain_organiser
):
    event = participant.event
    api = APIClient()
    api.force_authenticate(logistics_organiser)
    listed = {e["name"]: e for e in api.get(f"/api/v1/events/{event.slug}/exports/").json()}
    assert {"passports", "rooming", "names", "grants", "grant-totals"} <= set(listed)
    assert listed["passports"]["permission"] == "logistics.view_passports"
    assert listed["rooming"]["params"] == ["leg"]
    assert {"country", "gender", "q"} <= set(listed["attendance-participants"]["params"])
    api.force_authenticate(plain_organiser)
    names = {e["name"] for e in api.get(f"/api/v1/events/{event.slug}/exports/").json()}
    assert "rooming" in names and "passports" not in names


def test_passports_cannot_be_scheduled(participant, logistics_organiser):
    with pytest.raises(BridgesError) as refused:
        reports.scheduled_export_create(
            event=participant.event,
            name="passports",
            fmt="csv",
            hour=7,
            minute=0,
            recipients=[logistics_organiser],
            by=logistics_organiser,
        )
    assert refused.value.field == "export"
    page = client_for(logistics_organiser).get(
        f"/organise/events/{participant.event.slug}/exports/"
    )
    schedule_form = page.content.decode().split('name="export"', 1)[1].split("</select>")[0]
    assert 'value="passports"' not in schedule_form and 'value="rooming"' in schedule_form


def test_a_large_passport_list_is_read_by_its_requester_in_the_background(
    with_passport,
    logistics_organiser,
    eager_celery,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(reports.exports, "SYNC_MAX_ROWS", 0)
    event = with_passport.event
    client = client_for(logistics_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/organise/events/{event.slug}/exports/passports.csv")
    assert response.status_code == 302
    run = ExportRun.objects.get(export="passports")
    assert run.status == RunStatus.DONE and run.rows_done == 1
    (viewed,) = LogEntry.objects.filter(action_type="logistics.passport.viewed")
    assert viewed.actor == logistics_organiser and viewed.data["where"] == "export"


def _stay(event, leg, name: str, people) -> None:
    hotel = Hotel.objects.create(event=event, leg=leg, name=name)
    block = RoomBlock.objects.create(
        hotel=hotel,
        room_type="Twin",
        beds=2,
        rooms=2,
        first_night=leg.start_date,
        last_night=leg.end_date,
    )
    for application in people:
        RoomAssignment.objects.create(block=block, room=1, stay=leg.pk, application=application)


def test_rooming_download_of_one_leg_through_the_registry(exchange, plain_organiser, members):
    event, seoul, hanoi = exchange
    people = [ParticipantFactory(event=event, country=c) for c in ("VN", "TH", "KR")]
    _stay(event, seoul, "Lotte Seoul", people[:2])
    _stay(event, hanoi, "Hilton Hanoi", people)
    client = client_for(plain_organiser)
    base = f"/organise/events/{event.slug}/logistics/rooms/"
    page = client.get(f"{base}?leg={hanoi.pk}").content.decode()
    registry = f"/organise/events/{event.slug}/exports/rooming"
    assert f'href="{registry}.xlsx?leg={hanoi.pk}"' in page

    old = client.get(f"{base}?leg={hanoi.pk}&format=csv")
    assert old["Location"] == f"{registry}.csv?leg={hanoi.pk}"
    rows = _rows(client.get(old["Location"]))
    assert [(r[0], r[1]) for r in rows[1:]] == [("Hanoi", "Hilton Hanoi")] * 3
    whole = _rows(client.get(f"{registry}.csv"))
    assert sorted({r[0] for r in whole[1:]}) == ["Hanoi", "Seoul"] and len(whole) == 6
    assert [e.data["rows"] for e in _runs("rooming").order_by("pk")] == [3, 5]
    assert _runs("rooming").order_by("pk").first().data["params"] == {"leg": str(hanoi.pk)}
    book = load_workbook(
        io.BytesIO(_body(client.get(f"{base}?leg={seoul.pk}&format=xlsx", follow=True)))
    )
    assert book.active.max_row == 3

    # A leg of another event is refused, naming the filter; nothing is audited.
    other = ParticipantFactory().event
    other_leg = other.legs.create(
        city="Bangkok", country="TH", start_date=other.start_date, end_date=other.end_date
    )
    bad = client.get(f"{registry}.csv?leg={other_leg.pk}")
    assert bad.status_code == 400 and "leg" in bad.content.decode().lower()
    api = APIClient()
    api.force_authenticate(plain_organiser)
    refused = api.get(f"/api/v1/events/{event.slug}/exports/rooming.csv?leg=x")
    assert refused.status_code == 400 and "leg" in refused.json()
    assert _runs("rooming").count() == 3
    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        answer = client_for(members[role]).get(old["Location"])
        assert answer.status_code == 403, role


def test_name_list_old_address_is_the_registry_list(exchange, plain_organiser, members):
    event, _seoul, _hanoi = exchange
    people = [ParticipantFactory(event=event) for _ in range(3)]
    people[0].applicant.first_name = '=HYPERLINK("https://example.org")'
    people[0].applicant.save()
    client = client_for(plain_organiser)
    response = client.get(
        f"/organise/events/{event.slug}/logistics/people/?format=csv", follow=True
    )
    rows = _rows(response)
    names = [p.applicant.get_full_name() for p in people]
    # A name a spreadsheet would run as a formula is written as text.
    assert sorted(r[0] for r in rows[1:]) == sorted(["'" + names[0], *names[1:]])
    (run,) = _runs("names")
    assert run.data["rows"] == 3 and run.actor == plain_organiser
    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        answer = client_for(members[role]).get(
            f"/organise/events/{event.slug}/logistics/people/?format=csv", follow=True
        )
        assert answer.status_code == 403, role
    outsider = client_for(ParticipantFactory().applicant)
    assert (
        outsider.get(f"/organise/events/{event.slug}/logistics/people/?format=csv").status_code
        == 404
    )
