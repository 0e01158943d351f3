"""Races on real PostgreSQL with real threads (each thread has its own connection)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from participants import services
from participants.enums import ApplicationStatus as S
from participants.models import Application, GuardianConsent, StatusChange
from tests.concurrency import run_concurrently
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.participants.apply_helpers import MOTIVATION, motivation_id, open_call

THREADS = 20


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

    codes = run_concurrently(THREADS, submit, timeout=30)
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

    codes = run_concurrently(THREADS, save, timeout=30)
    assert all(isinstance(c, int) for c in codes), codes
    assert set(codes) <= {200, 201, 409}, codes
    assert 500 not in codes
    assert Application.objects.filter(event=live_call, applicant=user).count() == 1
    assert Application.objects.get().answers.count() == 1


def _wait_until_a_backend_waits_for_a_lock(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_locks, not pg_stat_activity: that one is a snapshot per transaction.
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("nobody waited for the lock")


def test_a_guardians_click_and_a_resend_lock_in_one_order(transactional_db, event):
    """The consent page takes the application's lock before the consent row's, as a
    resend and the lapse scan do. So a resend holding the application can still replace
    the links while a guardian's click waits for it. Control: with the consent row locked
    first (the order before), the resend's UPDATE below waits for the click, the click
    for the resend, and PostgreSQL aborts one of them as a deadlock."""
    application = ApplicationFactory(
        event=event,
        awaiting_consent=True,
    )
    consent = services.guardian_consent_request(application=application)
    token = services.consent_token(consent)
    application_locked = threading.Event()
    results: dict[str, object] = {}

    def resend() -> None:
        # What guardian_consent_resend does, with a pause while it holds the lock.
        try:
            with transaction.atomic():
                Application.objects.select_for_update().get(pk=application.pk)
                application_locked.set()
                _wait_until_a_backend_waits_for_a_lock()
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '5s'")
                GuardianConsent.objects.filter(pk=consent.pk).update(expires_at=timezone.now())
            results["resend"] = "done"
        except Exception as exc:  # noqa: BLE001 - the failure is the result
            results["resend"] = exc
        finally:
            connection.close()

    def click() -> None:
        try:
            application_locked.wait(timeout=10)
            results["click"] = Client().post(f"/consent/{token}/", {"agree": "on"}).status_code
        except Exception as exc:  # noqa: BLE001
            results["click"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=resend), threading.Thread(target=click)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The resend went through; the click then found its link replaced: a clear 410.
    assert results == {"resend": "done", "click": 410}
    consent.refresh_from_db()
    application.refresh_from_db()
    assert consent.consented_at is None
    assert application.status == S.AWAITING_GUARDIAN_CONSENT
