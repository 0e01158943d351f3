"""Two devices scanning the same pass at the same instant, on real PostgreSQL."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attendance import services
from attendance.models import CheckIn
from attendance.services import check_in as check_in_module
from programmes.enums import MemberRole
from tests.concurrency import run_concurrently
from tests.factories.attendance import PassFactory
from tests.factories.programmes import EventFactory, MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene():
    event = EventFactory()
    session = SessionFactory(event=event)
    staff = [
        MembershipFactory(organisation=event.organisation, role=MemberRole.STAFF).user
        for _ in range(2)
    ]
    pass_ = PassFactory(application__event=event)
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=2), tick=True):
        yield session, staff, pass_


def _device(user, auth: str) -> APIClient:
    client = APIClient()
    if auth == "token":
        # A scanning device: its first valid scans take the one-statement path.
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    else:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("auth", ["session", "token"])
def test_same_code_from_two_devices_makes_one_check_in(scene, auth):
    session, staff, pass_ = scene
    clients = [_device(user, auth) for user in staff]

    def scan(index):
        response = clients[index].post(
            f"/api/v1/sessions/{session.pk}/check-ins/",
            {"pass_code": pass_.code, "nonce": f"device-{index}-nonce", "device": f"door-{index}"},
            format="json",
        )
        return response.status_code, response.json()["result"]

    results = run_concurrently(2, scan)

    assert sorted(results) == [(200, "already_checked_in"), (201, "checked_in")], results
    assert CheckIn.objects.filter(session=session).count() == 1


def test_one_device_retrying_a_scan_eight_times_at_once_counts_once(scene):
    """A device whose network came back sends its queued scan several times at once,
    each with the same nonce: one row, and every answer is that row's."""
    session, staff, pass_ = scene
    key = Token.objects.create(user=staff[0]).key
    clients = [APIClient() for _ in range(8)]  # one per thread, one device's token
    for client in clients:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    def scan(index):
        response = clients[index].post(
            f"/api/v1/sessions/{session.pk}/check-ins/",
            {"pass_code": pass_.code, "nonce": "queued-scan-0001"},
            format="json",
        )
        return response.status_code, response.json()["check_in"]["id"]

    results = run_concurrently(8, scan)

    row = CheckIn.objects.get()
    assert {check_in_id for _status, check_in_id in results} == {row.pk}, results
    assert sorted(status for status, _id in results) == [200] * 7 + [201], results


def test_control_without_the_constraint_the_race_double_counts(scene, monkeypatch):
    """Control: both devices read that the participant is not checked in yet (held
    together after that read, before the INSERT), so only the unique constraint stands
    between them and a double count. Drop it and the race makes two rows, which shows
    the test above would catch a regression."""
    session, staff, pass_ = scene
    both_read = threading.Barrier(2)
    savepoint = check_in_module._savepoint_in_transaction

    def after_both_read():
        both_read.wait(timeout=30)
        return savepoint()

    monkeypatch.setattr(check_in_module, "_savepoint_in_transaction", after_both_read)
    constraint = next(
        c for c in CheckIn._meta.constraints if c.name == "checkin_one_per_session_participant"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(CheckIn, constraint)
    try:
        outcomes = run_concurrently(
            2,
            lambda i: services.check_in_record(
                session=session, by=staff[i], nonce=f"blind-{i}-nonce", pass_code=pass_.code
            ),
        )
        assert [o.created for o in outcomes] == [True, True], outcomes
        assert CheckIn.objects.filter(session=session).count() == 2
    finally:
        CheckIn.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(CheckIn, constraint)


def test_same_nonce_sent_twice_at_once_is_one_check_in(scene):
    session, staff, pass_ = scene
    outcomes = run_concurrently(
        2,
        lambda i: services.check_in_record(
            session=session, by=staff[0], nonce="retry-nonce-1", pass_code=pass_.code
        ),
    )
    assert all(isinstance(o, services.CheckInOutcome) for o in outcomes), outcomes
    assert CheckIn.objects.count() == 1
    assert {o.check_in.pk for o in outcomes} == {CheckIn.objects.get().pk}
