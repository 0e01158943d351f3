"""Twenty focal points' clicks at once into a three-seat delegation, on real PostgreSQL."""

import pytest

from delegations.models import Nominee
from delegations.services import nominations
from tests.concurrency import run_concurrently

from .conftest import client_for, make_meeting, person

pytestmark = pytest.mark.django_db(transaction=True)


def _race(meeting, count=20):
    client = client_for(meeting.first_focal)

    def nominate(index):
        response = client.post(
            f"/api/v1/delegations/{meeting.first.pk}/nominees/", person(index), format="json"
        )
        return response.status_code, response.json().get("code")

    return run_concurrently(count, nominate)


def test_twenty_parallel_nominations_into_three_seats_exactly_three_succeed():
    meeting = make_meeting(seats=3)
    results = _race(meeting)
    assert sorted(results).count((201, None)) == 3, results
    assert all(status < 500 for status, _code in results), results
    assert sorted(r for r in results if r[0] != 201) == [(409, "seats_full")] * 17
    assert Nominee.objects.filter(delegation=meeting.first).count() == 3


def test_without_the_row_lock_the_same_race_oversells(monkeypatch):
    """The control: the test above would catch an oversell."""
    monkeypatch.setattr(nominations, "SEAT_LOCKING_ENABLED", False)
    meeting = make_meeting(seats=3)
    _race(meeting)
    assert Nominee.objects.filter(delegation=meeting.first).count() > 3
