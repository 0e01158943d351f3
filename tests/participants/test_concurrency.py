"""Races on real PostgreSQL with real threads (each thread has its own connection)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from participants import services
from participants.enums import ApplicationStatus as S
from participants.models import Application, StatusChange
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import MOTIVATION, motivation_id, open_call

THREADS = 20


def _run_in_threads(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - a crash must show up as a result, not vanish
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def live_call(transactional_db, event):
    now = timezone.now()
    return open_call(event, opens=now - dt.timedelta(days=1), closes=now + dt.timedelta(days=1))


def test_twenty_parallel_submits_make_one_submission_and_no_500(live_call):
    user = ProfileFactory().user
    application = services.application_save_draft(
        event=live_call, applicant=user, answers={motivation_id(live_call): MOTIVATION}
    )
    clients = [_client(user) for _ in range(THREADS)]

    def submit(i: int) -> int:
        return clients[i].post(f"/api/v1/applications/{application.pk}/submit/").status_code

    codes = _run_in_threads(THREADS, submit)
    assert all(isinstance(c, int) for c in codes), codes
    assert sorted(codes) == [200] + [409] * (THREADS - 1)
    assert Application.objects.filter(event=live_call, applicant=user).count() == 1
    assert Application.objects.get().status == S.SUBMITTED
    assert StatusChange.objects.filter(application=application).count() == 1


def test_twenty_parallel_first_drafts_make_one_application(live_call):
    user = ProfileFactory().user
    clients = [_client(user) for _ in range(THREADS)]
    qid = motivation_id(live_call)

    def save(i: int) -> int:
        return (
            clients[i]
            .post(
                f"/api/v1/events/{live_call.slug}/application/draft/",
                {"answers": {str(qid): f"draft {i}"}},
                format="json",
            )
            .status_code
        )

    codes = _run_in_threads(THREADS, save)
    assert all(isinstance(c, int) for c in codes), codes
    assert set(codes) <= {200, 201, 409}, codes
    assert 500 not in codes
    assert Application.objects.filter(event=live_call, applicant=user).count() == 1
    assert Application.objects.get().answers.count() == 1
