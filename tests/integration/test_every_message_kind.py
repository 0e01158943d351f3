"""Every kind of message is delivered, on PostgreSQL and on `make run`'s SQLite defaults.

Each kind is caused through its real service (tests/integration/every_kind.py) and goes
through the outbox and the delivery task. On SQLite the whole thing runs as `make run`
does: no DATABASE_URL, REDIS_URL or EMAIL_URL, so SQLite under BRIDGES_VAR_DIR, the
filesystem broker, a real Celery worker as in the Procfile, and mail files in var/mail/.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache

from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from tests.integration.every_kind import send_every_kind
from tests.integration.fixtures import CELERY, ROOT

# What `make run` leaves unset, so that settings.py falls back to its embedded defaults.
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "CELERY_TASK_ALWAYS_EAGER",
)


def message_id(pk: int) -> str:
    return f"<bridges.{pk}@bridges.local>"


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_message_is_delivered_on_postgresql(eager_celery):
    cache.clear()  # allauth's sign-up limits live in the cache
    counts = send_every_kind()
    assert -1 not in counts.values(), counts  # -1: a scan failed
    messages = list(Message.objects.order_by("pk"))
    assert {m.kind for m in messages} == set(MessageKind.values)
    assert [(m.kind, m.status, m.last_error) for m in messages if m.status != "sent"] == []
    sent_ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert sorted(sent_ids) == sorted(message_id(m.pk) for m in messages)  # each exactly once


def _run(args: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _stop(worker: subprocess.Popen) -> None:
    """A warm shutdown (SIGTERM to the main process, as honcho does), then the whole group."""
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.wait(timeout=10)


def test_every_kind_of_message_is_delivered_under_make_run_defaults(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.update(BRIDGES_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="backend.settings")
    migrate = _run([sys.executable, "manage.py", "migrate", "--noinput"], env, timeout=120)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    # WAL (recorded in the file): the web process reads while the worker writes.
    with sqlite3.connect(var / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    # The worker exactly as the Procfile starts it (prefork, two processes on one file).
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [CELERY, "-A", "backend", "worker", "--loglevel=INFO", "--concurrency=2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # Causes every kind, then waits (up to 40 s) until nothing is left to deliver.
        run = _run([sys.executable, "-m", "tests.integration.every_kind", "40"], env, timeout=120)
    finally:
        _stop(worker)
        log.close()
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    counts, rows = lines[0]["scans"], lines[1:]
    assert -1 not in counts.values(), counts
    assert {row["kind"] for row in rows} == set(MessageKind.values)
    worker_log = Path(tmp_path / "worker.log").read_text(errors="replace")
    not_sent = [row for row in rows if row["status"] != MessageStatus.SENT]
    assert not_sent == [], worker_log[-3000:]

    # Each message is in a file under var/mail/, once.
    files = list((var / "mail").iterdir())
    assert files
    written = "".join(path.read_text(errors="replace") for path in files)
    for row in rows:
        assert written.count(f"Message-ID: {message_id(row['pk'])}") == 1, row
