"""Seats under concurrency: real threads, real PostgreSQL, through the API.

Every seat-taking transition (an organiser's acceptance, a promotion from the waiting
list) is decided under the Event row lock: participants.services.application_transition
takes it, and review's promotion and bulk decisions take it first. The control run
switches the locking off (participants.services.SEAT_LOCKING_ENABLED) and, so that the
race shows every time rather than by luck, holds requests between their seat check and
their write at a gate until one more request than there are seats left has checked:
exactly the interleaving the lock exists to prevent (no sleeps; a test hook wrapping
participants.services._check_seats). It then asserts the oversell happened, which shows
the main assertions would catch one.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from participants import services as participant_services
from participants.enums import SEAT_HOLDING_STATUSES
from participants.enums import ApplicationStatus as S
from participants.models import Application
from programmes.enums import MemberRole
from review.models import SelectionDecision
from tests.factories.programmes import CountryQuotaFactory, MembershipFactory
from tests.review.conftest import bulk_applications

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

# Threads share the machine's PostgreSQL with other test runs: stay well under its
# connection limit while still running many requests at once.
WORKERS = 20


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _run(jobs):
    """Run the callables on WORKERS threads; return their results in order."""

    def wrapped(job):
        try:
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(wrapped, jobs))


def _organiser(event):
    return MembershipFactory(organisation=event.organisation, role=MemberRole.ORGANISER).user


def _accept(event, organiser, application_id):
    def job():
        response = _client(organiser).post(
            f"/api/v1/review/events/{event.slug}/decisions/",
            {"decisions": [{"application": application_id, "outcome": "accept"}]},
            format="json",
        )
        return response.status_code, response.json().get("code")

    return job


def _promote(event, organiser):
    def job():
        response = _client(organiser).post(f"/api/v1/review/events/{event.slug}/promote/")
        return response.status_code, None

    return job


def _confirm(application):
    def job():
        response = _client(application.applicant).post(
            f"/api/v1/applications/{application.pk}/confirm/"
        )
        return response.status_code, response.json().get(
            "code"
        ) if response.status_code != 200 else None

    return job


def _seats(event):
    return Application.objects.filter(event=event, status__in=SEAT_HOLDING_STATUSES).count()


def _setup_48_seats(event):
    """48 seats: 30 offers out, 170 on the waiting list (in list order)."""
    event.capacity = 48
    event.save()
    offered = bulk_applications(event, 30, status=S.ACCEPTED, prefix="offered")
    waiting = bulk_applications(event, 170, status=S.WAITLISTED, prefix="waiting")
    SelectionDecision.objects.bulk_create(
        [
            SelectionDecision(application=a, event=event, outcome="waitlist", waitlist_position=i)
            for i, a in enumerate(waiting, start=1)
        ]
    )
    return offered, waiting


def _race_for_seats(event, offered, waiting):
    organiser = _organiser(event)
    jobs = [_confirm(a) for a in offered]
    # Organisers accepting waiting people one by one, interleaved with promotions.
    for i, application in enumerate(waiting):
        jobs.append(
            _promote(event, organiser) if i % 10 == 0 else _accept(event, organiser, application.pk)
        )
    return _run(jobs)


def test_200_concurrent_confirmations_and_promotions_fill_exactly_48_seats(event):
    offered, waiting = _setup_48_seats(event)
    results = _race_for_seats(event, offered, waiting)
    assert {code for code, _ in results} <= {200, 409}
    assert {reason for code, reason in results if code == 409} <= {"capacity_reached"}
    assert [code for code, _ in results[:30]] == [200] * 30
    assert _seats(event) == 48
    # Then everyone holding an offer confirms: exactly 48 confirmed.
    late = list(
        Application.objects.filter(event=event, status=S.ACCEPTED).select_related("applicant")
    )
    assert {code for code, _ in _run([_confirm(a) for a in late])} == {200}
    assert Application.objects.filter(event=event, status=S.CONFIRMED).count() == 48
    assert _seats(event) == 48


class Gate:
    """Holds the requests that passed the seat check until ``size`` of them are held (or
    ``timeout`` passes), then lets them all write: every one of them checked before any
    of them wrote, which is the interleaving the Event row lock exists to prevent."""

    def __init__(self, size: int, timeout: float = 5.0):
        self.size = size
        self.timeout = timeout
        self.condition = threading.Condition()
        self.held = 0
        self.generation = 0

    def wait(self) -> None:
        with self.condition:
            generation = self.generation
            self.held += 1
            if self.held < self.size and self.condition.wait_for(
                lambda: self.generation != generation, timeout=self.timeout
            ):
                return
            if self.generation == generation:
                self.generation += 1
                self.held = 0
                self.condition.notify_all()


@pytest.fixture
def locking_off(monkeypatch):
    """The control: no Event row lock, and a gate between each seat check and its write.

    Tests set ``gate.size`` to one more than the seats left, so the oversell is certain
    rather than a matter of timing."""
    gate = Gate(size=2)
    check = participant_services._check_seats

    def check_then_wait(application, event):
        check(application, event)
        gate.wait()

    monkeypatch.setattr(participant_services, "SEAT_LOCKING_ENABLED", False)
    monkeypatch.setattr(participant_services, "_check_seats", check_then_wait)
    return gate


def test_control_without_locking_oversells(event, locking_off):
    offered, waiting = _setup_48_seats(event)
    locking_off.size = 48 - 30 + 1
    results = _race_for_seats(event, offered, waiting)
    assert 500 not in {code for code, _ in results}
    assert _seats(event) > 48


def test_country_maximum_of_4_holds_under_50_concurrent_acceptances(event):
    CountryQuotaFactory(event=event, country="KR", minimum=0, maximum=4)
    koreans = bulk_applications(event, 50, country="KR", prefix="kr")
    organiser = _organiser(event)
    results = _run([_accept(event, organiser, a.pk) for a in koreans])
    assert sorted(results).count((200, None)) == 4
    assert sorted(results).count((409, "country_quota_reached")) == 46
    assert (
        Application.objects.filter(
            event=event, country="KR", status__in=SEAT_HOLDING_STATUSES
        ).count()
        == 4
    )


def test_control_country_maximum_breaks_without_locking(event, locking_off):
    CountryQuotaFactory(event=event, country="KR", minimum=0, maximum=4)
    locking_off.size = 4 + 1
    koreans = bulk_applications(event, 50, country="KR", prefix="kr")
    results = _run([_accept(event, _organiser(event), a.pk) for a in koreans])
    assert 500 not in {code for code, _ in results}
    assert (
        Application.objects.filter(
            event=event, country="KR", status__in=SEAT_HOLDING_STATUSES
        ).count()
        > 4
    )


@pytest.mark.parametrize("round_", range(3))
def test_withdrawal_racing_a_promotion_frees_and_fills_exactly_one_seat(event, round_):
    event.capacity = 2
    event.save()
    leaving, staying = bulk_applications(event, 2, status=S.CONFIRMED, prefix=f"seated{round_}")
    first, second = bulk_applications(event, 2, status=S.WAITLISTED, prefix=f"wait{round_}")
    SelectionDecision.objects.bulk_create(
        [
            SelectionDecision(
                application=first, event=event, outcome="waitlist", waitlist_position=1
            ),
            SelectionDecision(
                application=second, event=event, outcome="waitlist", waitlist_position=2
            ),
        ]
    )
    organiser = _organiser(event)
    leaving = Application.objects.select_related("applicant").get(pk=leaving.pk)

    def withdraw():
        response = _client(leaving.applicant).post(f"/api/v1/applications/{leaving.pk}/withdraw/")
        return response.status_code, None

    results = _run(
        [
            withdraw,
            _promote(event, organiser),
            _promote(event, organiser),
            _promote(event, organiser),
        ]
    )
    assert {code for code, _ in results} == {200}
    statuses = dict(Application.objects.filter(event=event).values_list("pk", "status"))
    assert statuses == {
        leaving.pk: S.WITHDRAWN,
        staying.pk: S.CONFIRMED,
        first.pk: S.ACCEPTED,
        second.pk: S.WAITLISTED,
    }
