"""Passport data: encrypted at rest, shown only to the person and to organisers with the
logistics role (pages, API, exports), every view logged, erased after the retention."""

import datetime as dt
import io

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from audit.models import LogEntry
from logistics import services
from logistics.models import TravelProfile, VisaLetter
from logistics.tasks import erase_passports
from reports.exports import REGISTRY

from .conftest import PASSPORT_NUMBER, client_for
from .test_follow_up import make_follow_up

pytestmark = pytest.mark.django_db


def _raw_column(column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM logistics_travelprofile")  # noqa: S608 - a fixed name
        return [row[0] for row in cursor.fetchall()]


def test_passport_data_is_encrypted_at_rest(with_passport):
    for column in (
        "passport_number",
        "passport_name",
        "nationality",
        "date_of_birth",
        "passport_expiry",
    ):
        stored = _raw_column(column)
        assert stored and stored[0].startswith("gAAAA"), column  # a Fernet token
    assert PASSPORT_NUMBER not in _raw_column("passport_number")[0]
    profile = TravelProfile.objects.get()
    assert profile.passport_number == PASSPORT_NUMBER
    assert profile.date_of_birth == DATE_OF_BIRTH


def test_key_rotation_re_encrypts_with_the_new_key(participant, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.LOGISTICS_FIELD_KEYS = [old_key]
    services.passport_save(
        application=participant, data={"passport_number": PASSPORT_NUMBER}, by=participant.applicant
    )
    old_token = _raw_column("passport_number")[0]
    settings.LOGISTICS_FIELD_KEYS = [new_key]
    with pytest.raises(ValueError):
        TravelProfile.objects.get()  # the new key alone cannot read it yet
    # The documented rotation: the new key first, the old one still listed, the command.
    settings.LOGISTICS_FIELD_KEYS = [new_key, old_key]
    call_command("rotate_passport_keys", stdout=io.StringIO())
    assert _raw_column("passport_number")[0] != old_token
    settings.LOGISTICS_FIELD_KEYS = [new_key]
    assert TravelProfile.objects.get().passport_number == PASSPORT_NUMBER


def test_bad_passport_input_names_the_field(participant):
    client = APIClient()
    client.force_authenticate(participant.applicant)
    url = f"/api/v1/events/{participant.event.slug}/my-travel/passport/"
    answer = client.put(url, {"passport_number": "12"}, format="json")
    assert answer.status_code == 400 and "passport_number" in answer.json()
    answer = client.put(url, {"passport_expiry": "2027-07-01"}, format="json")
    assert answer.status_code == 400 and "passport_expiry" in answer.json()
    answer = client.put(url, {"nationality": "XX"}, format="json")
    assert answer.status_code == 400 and "nationality" in answer.json()
    assert not TravelProfile.objects.exists()


def _letter(participant):
    services.letter_settings_save(
        event=participant.event,
        data={
            "letterhead": "ASEAN-Korea Centre",
            "purpose": "Youth workshop",
            "costs_covered_by": "The organisers",
            "signatory_name": "Kim Hae-yong",
        },
        by=None,
    )
    services.visa_rules_set(event=participant.event, country="KR", nationalities=["VN"], by=None)
    application, country, legs = services.letters_due(event=participant.event)[0]
    return services.letter_make(
        application=application,
        country=country,
        legs=legs,
        settings_row=participant.event.letter_settings,
    )


def _every_address(event, letter) -> dict[str, str]:
    return {
        "overview page": f"/organise/events/{event.slug}/logistics/",
        "visa rules page": f"/organise/events/{event.slug}/logistics/visa-rules/",
        "transport page": f"/organise/events/{event.slug}/logistics/transport/",
        "passports page": f"/organise/events/{event.slug}/logistics/passports/",
        "passports csv": f"/organise/events/{event.slug}/logistics/passports/?format=csv",
        "letter pdf": f"/visa-letters/{letter.pk}/download/",
        "letter check": f"/visa-letters/verify/{letter.reference}/",
        "participant page": f"/events/{event.slug}/travel/",
        "api visas": f"/api/v1/events/{event.slug}/logistics/visas/",
        "api passports": f"/api/v1/events/{event.slug}/logistics/passports/",
        "api pickups": f"/api/v1/events/{event.slug}/logistics/pickups/",
        "api my passport": f"/api/v1/events/{event.slug}/my-travel/passport/",
        "rooms page": f"/organise/events/{event.slug}/logistics/rooms/",
        "names and meals page": f"/organise/events/{event.slug}/logistics/people/",
        "follow-up page": f"/organise/events/{event.slug}/logistics/follow-up/",
        "grants page": f"/organise/events/{event.slug}/logistics/grants/",
        "api claims": f"/api/v1/events/{event.slug}/logistics/claims/",
        "api follow-up responses": (f"/api/v1/events/{event.slug}/logistics/follow-up/responses/"),
        "visa status page": f"/organise/events/{event.slug}/logistics/visa-status/",
        "rooms csv": f"/organise/events/{event.slug}/logistics/rooms/?format=csv",
        "rooms xlsx": f"/organise/events/{event.slug}/logistics/rooms/?format=xlsx",
        "grants csv": f"/organise/events/{event.slug}/logistics/grants/?format=csv",
        "api rooming": f"/api/v1/events/{event.slug}/logistics/rooming/",
        "api letter jobs": f"/api/v1/events/{event.slug}/logistics/letter-jobs/",
        "api grants": f"/api/v1/events/{event.slug}/logistics/grants/",
        "api companions": f"/api/v1/events/{event.slug}/logistics/companions/",
        "applications desk": f"/organise/events/{event.slug}/applications/",
        "desk application": f"/organise/events/{event.slug}/applications/{letter.application_id}/",
        "api applications": f"/api/v1/events/{event.slug}/applications/",
        "api applications csv": f"/api/v1/events/{event.slug}/applications/export.csv",
        "api applications xlsx": f"/api/v1/events/{event.slug}/applications/export.xlsx",
        "api application": f"/api/v1/applications/{letter.application_id}/",
        "exports page": f"/organise/events/{event.slug}/exports/",
        "api exports": f"/api/v1/events/{event.slug}/exports/",
        **{
            f"{where} export {name}.{fmt}": f"{prefix}{name}.{fmt}"
            for name, export in REGISTRY.items()
            for fmt in export.formats
            for where, prefix in (
                ("page", f"/organise/events/{event.slug}/exports/"),
                ("api", f"/api/v1/events/{event.slug}/exports/"),
            )
        },
    }


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _text(body: bytes) -> bytes:
    """What a reader of the file sees: XLSX cells and PDF text, not compressed bytes."""
    if body.startswith(b"PK"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return " ".join(str(c) for c in cells if c is not None).encode()
    if body.startswith(b"%PDF"):
        pages = PdfReader(io.BytesIO(body)).pages
        return " ".join(page.extract_text() for page in pages).encode()
    return body


# The date of birth (encrypted, sensitive) as a page, an API, a CSV or an XLSX cell could
# write it: ISO, day first, month first, with the month's name, as a datetime.
DATE_OF_BIRTH = dt.date(2004, 2, 29)
DATE_OF_BIRTH_FORMS = [
    f.encode()
    for f in (
        "2004-02-29",
        "29/02/2004",
        "02/29/2004",
        "29.02.2004",
        "2004/02/29",
        "29 February 2004",
        "February 29, 2004",
        "Feb. 29, 2004",
        "29 Feb 2004",
    )
]


def _leaked(body: bytes) -> list[bytes]:
    text = _text(body)
    return [f for f in (PASSPORT_NUMBER.encode(), *DATE_OF_BIRTH_FORMS) if f in text]


def test_no_passport_number_for_an_organiser_without_the_logistics_role(
    with_passport, plain_organiser, logistics_organiser
):
    """Nor the date of birth: every page, API endpoint and export, read as a reader sees
    it (XLSX cells, PDF text)."""
    event = with_passport.event
    letter = _letter(with_passport)
    make_follow_up(event, plain_organiser, deadline=dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    client = client_for(plain_organiser)
    seen = {}
    for name, url in _every_address(event, letter).items():
        response = client.get(url, follow=True)  # old download addresses lead to the registry
        assert response.status_code < 500, name
        assert _leaked(_body(response)) == [], name
        seen[name] = response.status_code
    assert seen["overview page"] == 200 and seen["api visas"] == 200
    assert seen["passports page"] == 404 and seen["passports csv"] == 403
    assert seen["page export passports.csv"] == seen["api export passports.xlsx"] == 403
    assert seen["letter pdf"] == 404 and seen["api passports"] == 403
    assert seen["api follow-up responses"] == 200 and seen["api claims"] == 403
    # The sweep reached real content: the desk, the application API and the exports answer.
    for name in ("applications desk", "api applications", "api applications csv", "exports page"):
        assert seen[name] == 200, name
    assert seen["page export participants.xlsx"] == 200
    assert seen["api export participants.pdf"] == 200
    assert not LogEntry.objects.filter(
        action_type="logistics.passport.viewed", actor=plain_organiser
    ).exists()

    # The control: the same addresses give the number to the logistics organiser, logged.
    client = client_for(logistics_organiser)
    for name in ("passports page", "passports csv", "api passports", "api follow-up responses"):
        before = LogEntry.objects.filter(action_type="logistics.passport.viewed").count()
        body = _body(client.get(_every_address(event, letter)[name], follow=True))
        assert PASSPORT_NUMBER.encode() in body, name
        assert _leaked(body)[1:], name  # the date of birth too, in one form or another
        assert (
            LogEntry.objects.filter(action_type="logistics.passport.viewed").count() == before + 1
        ), name
    response = client.get(_every_address(event, letter)["letter pdf"])
    assert response.status_code == 200 and _body(response).startswith(b"%PDF")
    entry = LogEntry.objects.filter(action_type="logistics.passport.viewed").latest("pk")
    assert entry.actor == logistics_organiser and entry.data["where"] == "letter"
    logged = str(LogEntry.objects.values_list("data", flat=True))
    assert PASSPORT_NUMBER not in logged and DATE_OF_BIRTH.isoformat() not in logged


def test_the_person_reads_their_own_passport_and_each_read_is_logged(with_passport):
    client = APIClient()
    client.force_authenticate(with_passport.applicant)
    answer = client.get(f"/api/v1/events/{with_passport.event.slug}/my-travel/passport/")
    assert answer.json() == {
        "passport_name": "TRAN THI MAI",
        "passport_number": PASSPORT_NUMBER,
        "nationality": "VN",
        "passport_expiry": "2031-05-01",
        "date_of_birth": "2004-02-29",
    }
    assert (
        LogEntry.objects.filter(
            action_type="logistics.passport.viewed", actor=with_passport.applicant
        ).count()
        == 1
    )


def test_the_erase_task_leaves_no_passport_number_after_the_retention(with_passport, settings):
    letter = _letter(with_passport)
    settings.LOGISTICS_PASSPORT_RETENTION_DAYS = 30
    event = with_passport.event
    last_day = dt.datetime.combine(event.end_date, dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(last_day + dt.timedelta(days=30), tick=False):
        assert erase_passports.apply().get() == 0  # not yet: the 30th day still keeps it
    with time_machine.travel(last_day + dt.timedelta(days=32), tick=False):
        assert erase_passports.apply().get() == 1
        assert erase_passports.apply().get() == 0  # idempotent
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, passport_name, date_of_birth FROM logistics_travelprofile"
        )
        assert cursor.fetchall() == [("", "", "")]
        cursor.execute(
            "SELECT count(*) FROM logistics_travelprofile WHERE passport_number LIKE %s", ["gAAAA%"]
        )
        assert cursor.fetchone() == (0,)
    assert VisaLetter.objects.get(pk=letter.pk).storage_name == ""
    assert LogEntry.objects.filter(action_type="logistics.passport.erased").count() == 1


def test_only_owners_grant_the_logistics_role(organisation, plain_organiser, logistics_organiser):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.access_grant(
            organisation=organisation, user=plain_organiser, by=logistics_organiser
        )
