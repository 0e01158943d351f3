"""/healthz reports the database, the broker and mail delivery; /livez only says the
process answers."""

import datetime as dt

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client

from backend import health
from backend.celery import app as celery_app

CLOSED_PORT_BROKER = "redis://127.0.0.1:9/0"  # discard port: nothing listens there


@pytest.fixture
def client():
    return Client()


@pytest.mark.django_db
def test_healthz_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "mail": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_503_when_broker_is_down(client, monkeypatch):
    connect = celery_app.connection_for_write
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: connect(url=CLOSED_PORT_BROKER))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["broker"] != "ok"


@pytest.mark.django_db
def test_healthz_503_when_database_is_down(client, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "OperationalError", "broker": "ok"}


def test_livez_answers_without_database(client):
    # No db fixture: any query here would fail the test.
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def _message(**fields):
    from notifications.models import Message
    from tests.factories.programmes import UserFactory

    user = UserFactory()
    return Message.objects.create(
        recipient=user,
        to_email=user.email,
        kind="decision_rejected",
        template="decision_rejected",
        idempotency_key=f"health-{user.pk}",
        **fields,
    )


PINNED = dt.datetime(2031, 3, 10, 2, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
@time_machine.travel(PINNED, tick=False)
def test_healthz_degraded_while_failed_mail_is_not_handled(client):
    from notifications import services
    from notifications.models import Message

    failed = _message(status="failed", attempts=5, last_error="SMTPDataError: 550 No such user")
    response = client.get("/healthz")
    # Still 200: a failed mail is no reason to take the web process out of service.
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "ok",
        "mail": "1 failed message(s) not retried or cancelled",
    }
    services.messages_give_up(messages=Message.objects.filter(pk=failed.pk))
    assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_degraded_when_delivery_is_stuck(client, settings):
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = 900
    with time_machine.travel(PINNED, tick=False):
        _message()  # queued, and no worker takes it
        _message(next_attempt_at=PINNED + dt.timedelta(minutes=20))
    with time_machine.travel(PINNED + dt.timedelta(minutes=14), tick=False):
        assert client.get("/healthz").json()["mail"] == "ok"
    with time_machine.travel(PINNED + dt.timedelta(minutes=16), tick=False):
        body = client.get("/healthz").json()
    # The retry waiting for its backoff is not stuck; the other one is.
    assert (body["status"], body["mail"]) == (
        "degraded",
        "1 message(s) waiting over 15 min to be sent",
    )
    with time_machine.travel(PINNED + dt.timedelta(minutes=40), tick=False):
        assert (
            client.get("/healthz").json()["mail"] == "2 message(s) waiting over 15 min to be sent"
        )
