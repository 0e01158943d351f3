"""/healthz reports the database and the broker; /livez only says the process answers."""

import pytest
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
