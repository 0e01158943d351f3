"""Seats under concurrency: real threads, real PostgreSQL, through the API.

Every seat-taking transition (an organiser's acceptance, a promotion from the waiting
list) is decided under the Event row lock: participants.services.application_transition
takes it, and review's promotion and bulk decisions take it first. The control run
switches the locking off (participants.services.status.SEAT_LOCKING_ENABLED) and, so that the
race shows every time rather than by luck, holds requests between their seat check and
their write at a gate until one more request than there are seats left has checked:
exactly the interleaving the lock exists to prevent (no sleeps; a test hook wrapping
participants.services.status._check_seats). It then asserts the oversell happened, which shows
the main assertions would catch one.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from participants.enums import SEAT_HOLDING_STATUSES
from participants.enums import ApplicationStatus as S
from participants.models import Application, StatusChange
from participants.services import status as participant_status
from programmes.enums import MemberRole
from review.models import Review, Score, SelectionDecision
from tests.factories.programmes import CountryQuotaFactory, MembershipFactory
from tests.factories.review import CriterionFactory, ReviewAssignmentFactory
from tests.review.conftest import bulk_applications, make_reviewer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

# Threads share the machine's PostgreSQL with other test runs: stay well under its
# connection limit while still running many requests at once.
WORKERS = 20


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _closing(job):
    """The job, closing its thread's database connection when it ends."""

    def wrapped():
        try:
            return job()
        finally:
            connection.close()

    return wrapped


def _run(jobs):
    """Run the callables on WORKERS threads; return their results in order."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda job: _closing(job)(), jobs))


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
    check = participant_status._check_seats

    def check_then_wait(application, event):
        check(application, event)
        gate.wait()

    monkeypatch.setattr(participant_status, "SEAT_LOCKING_ENABLED", False)
    monkeypatch.setattr(participant_status, "_check_seats", check_then_wait)
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


def _backends_waiting_for_a_lock(count: int, timeout: float = 20.0) -> None:
    """Return once ``count`` backends of this test database wait for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Statistics are a snapshot per transaction (and this one holds the lock):
            # clear it so each poll sees the threads as they are now.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.02)
    raise AssertionError(f"{count} requests never waited for the application's lock")


def test_two_reviewers_submitting_at_once_both_save_and_start_review_once(event):
    """Two reviewers submit the first two reviews of an application at the same moment.

    The test holds the application's row lock until both requests wait for it, so both
    have read "Submitted" before either moves it into review: the interleaving where the
    second request used to fail with 409 ("cannot go from Under review to Under review")
    and lose its review."""
    criteria = [
        CriterionFactory(event=event, name="Motivation", scale_min=1, scale_max=5),
        CriterionFactory(event=event, name="Experience", scale_min=1, scale_max=5),
    ]
    application = bulk_applications(event, 1, status=S.SUBMITTED, prefix="raced")[0]
    reviewers = [make_reviewer(event.organisation) for _ in range(2)]
    assignments = [
        ReviewAssignmentFactory(application=application, reviewer=reviewer)
        for reviewer in reviewers
    ]

    def submit(assignment, reviewer, score):
        def job():
            response = _client(reviewer).post(
                f"/api/v1/review/me/assignments/{assignment.pk}/review/",
                {"scores": {str(c.pk): score for c in criteria}, "comment": f"Gave {score}."},
                format="json",
            )
            return response.status_code, response.json()

        return job

    jobs = [submit(a, r, score) for a, r, score in zip(assignments, reviewers, (2, 4), strict=True)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        with transaction.atomic():
            Application.objects.select_for_update().get(pk=application.pk)
            futures = [pool.submit(_closing(job)) for job in jobs]
            _backends_waiting_for_a_lock(2)
        results = [future.result(timeout=60) for future in futures]

    assert [code for code, _ in results] == [200, 200], results
    assert sorted(body["comment"] for _, body in results) == ["Gave 2.", "Gave 4."]
    assert sorted(
        Review.objects.filter(application=application).values_list("reviewer_id", "comment")
    ) == sorted([(reviewers[0].pk, "Gave 2."), (reviewers[1].pk, "Gave 4.")])
    assert Score.objects.filter(review__application=application).count() == 4
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    assert list(
        StatusChange.objects.filter(application=application).values_list("from_status", "to_status")
    ) == [(S.SUBMITTED, S.UNDER_REVIEW)]
