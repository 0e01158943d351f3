"""Real components for integration tests, reusable by every app's tests.

- ``SmtpSink`` / fixture ``smtp_sink``: a real aiosmtpd SMTP server on a free port that
  records every accepted message (Message-ID, idempotency header, recipients, subject).
  It can answer "451" to the next N messages, or call a hook when a message starts.
- ``CeleryWorker`` / fixture ``celery_worker_factory``: a real ``celery -A backend
  worker`` subprocess (optionally with embedded beat) on real Redis, pointed at the
  test database by name (use with ``transactional_db``), in its own process group so
  a test can ``kill -9`` it.
- ``CeleryBeat`` / fixture ``celery_beat_factory``: a standalone ``celery -A backend beat``
  with its own schedule file; start two to test that a doubled beat repeats nothing.
- ``RedisServer`` / fixture ``own_redis``: a private ``redis-server`` on a free port that a
  test may stop and start (never stop the shared one on 6379).

Import the fixtures in a conftest: ``from tests.integration.fixtures import smtp_sink``.
"""

from __future__ import annotations

import email
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(
    predicate: Callable[[], bool], *, timeout: float, interval: float = 0.05, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")


@dataclass
class Received:
    message_id: str
    key: str
    to: list[str]
    subject: str
    raw: bytes


@dataclass
class _Handler:
    sink: SmtpSink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.sink.lock:
            self.sink.sessions += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.sink.on_rcpt is not None:
            self.sink.on_rcpt(len(self.sink.messages))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.sink.lock:
            if self.sink.fail_next > 0:
                self.sink.fail_next -= 1
                self.sink.refused += 1
                return self.sink.fail_reply
            parsed = email.message_from_bytes(envelope.content)
            self.sink.messages.append(
                Received(
                    message_id=parsed.get("Message-ID", ""),
                    key=parsed.get("X-Bridges-Idempotency-Key", ""),
                    to=list(envelope.rcpt_tos),
                    subject=str(
                        email.header.make_header(
                            email.header.decode_header(parsed.get("Subject", ""))
                        )
                    ),
                    raw=envelope.content,
                )
            )
        return "250 Message accepted for delivery"


@dataclass
class SmtpSink:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_next: int = 0
    refused: int = 0
    fail_reply: str = "451 4.3.0 Try again later"
    sessions: int = 0
    on_rcpt: Callable[[int], None] | None = None

    def start(self) -> SmtpSink:
        # aiosmtpd logs every SMTP command at DEBUG/INFO (50,000 lines for the benchmark).
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = self.port or free_port()
        self.controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def per_message_id(self) -> Counter:
        with self.lock:
            return Counter(m.message_id for m in self.messages)

    def parsed(self, index: int = -1) -> email.message.Message:
        return email.message_from_bytes(self.messages[index].raw)


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server; Django's mail goes to it over SMTP for the test."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield sink
    sink.stop()


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="bridges-redis-")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def accepting() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return True
            except OSError:
                return False

        wait_for(accepting, timeout=10, what="redis-server to accept connections")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)


class CeleryWorker:
    """``celery -A backend worker`` on the test database (by name) and a given Redis."""

    def __init__(
        self,
        *,
        database_url: str,
        broker_url: str,
        email_url: str,
        concurrency: int = 2,
        beat: bool = False,
        extra_env: dict | None = None,
        queues: str = "celery",
    ) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": email_url,
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **(extra_env or {}),
        }
        self.concurrency = concurrency
        self.beat = beat
        self.queues = queues
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(
            prefix="bridges-worker-", suffix=".log", delete=False
        )
        self.schedule_dir = tempfile.mkdtemp(prefix="bridges-beat-")

    def start(self, *, wait: bool = True) -> CeleryWorker:
        args = [
            CELERY,
            "-A",
            "backend",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={self.concurrency}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            self.queues,
            "-n",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ]
        if self.beat:
            args += [
                "-B",
                "-S",
                "celery.beat:PersistentScheduler",
                "-s",
                str(Path(self.schedule_dir) / "beat"),
            ]
        self.log.seek(0)
        self.log.truncate()
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait:
            wait_for(
                lambda: (
                    b" ready." in Path(self.log.name).read_bytes() or self.proc.poll() is not None
                ),
                timeout=60,
                interval=0.1,
                what="the celery worker to be ready",
            )
            if self.proc.poll() is not None:
                raise AssertionError("worker exited:\n" + self.output())
        return self

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def kill9(self) -> None:
        """SIGKILL the whole process group (main process and pool children) and wait."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        # Pool children are reaped by init; wait until none of the group is left.
        wait_for(
            lambda: not _group_alive(self.proc.pid), timeout=10, what="the worker's children to die"
        )

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()


class CeleryBeat:
    """A standalone ``celery -A backend beat`` with its own schedule file, publishing to
    ``broker_url``; several may run at once, as when a deployment starts beat twice."""

    def __init__(self, *, database_url: str, broker_url: str, extra_env: dict | None = None):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            **(extra_env or {}),
        }
        self.dir = tempfile.mkdtemp(prefix="bridges-beat-")
        self.log_path = Path(self.dir) / "beat.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> CeleryBeat:
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [
                    CELERY,
                    "-A",
                    "backend",
                    "beat",
                    "--loglevel=INFO",
                    "-S",
                    "celery.beat:PersistentScheduler",
                    "-s",
                    str(Path(self.dir) / "schedule"),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def sent(self, entry: str) -> int:
        """How many times this beat has published the schedule entry ``entry``."""
        return self.output().count(f"Sending due task {entry} ")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def celery_beat_factory(transactional_db):
    """Start beat processes on the test database; all are stopped at the end of the test."""
    beats: list[CeleryBeat] = []

    def start(*, broker_url: str | None = None, **kwargs) -> CeleryBeat:
        broker = broker_url or shared_redis_url()
        if not broker.startswith("redis://"):
            pytest.skip("integration tests need REDIS_URL")
        beat = CeleryBeat(database_url=test_database_url(), broker_url=broker, **kwargs)
        beats.append(beat)
        return beat.start()

    yield start
    for beat in beats:
        beat.stop()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def shared_redis_url() -> str:
    from django.conf import settings

    return getattr(settings, "CELERY_BROKER_URL", "") or os.environ.get("REDIS_URL", "")


def purge_broker(url: str) -> None:
    """Empty the Celery queue on ``url`` (the caller's own Redis database)."""
    from backend.celery import app

    with app.connection_for_write(url) as conn:
        conn.default_channel.queue_purge("celery")


@pytest.fixture
def celery_worker_factory(transactional_db):
    """Start workers on the test database; all are stopped at the end of the test."""
    workers: list[CeleryWorker] = []

    def start(*, email_url: str, broker_url: str | None = None, **kwargs) -> CeleryWorker:
        broker = broker_url or shared_redis_url()
        if not broker.startswith("redis://"):
            pytest.skip("integration tests need REDIS_URL")
        worker = CeleryWorker(
            database_url=test_database_url(), broker_url=broker, email_url=email_url, **kwargs
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()


class producer_on:
    """Context manager: this process publishes Celery tasks to ``url`` meanwhile."""

    def __init__(self, url: str) -> None:
        self.url = url

    @staticmethod
    def _reset(app) -> None:
        from kombu import pools

        # app.pool comes from kombu's process-wide registry, keyed by broker URL: closing
        # it without clearing the registry hands the closed pool to the next publisher
        # ("Acquire on closed pool"). reset() closes every pool and empties the registry.
        pools.reset()
        app._pool = None
        if "amqp" in app.__dict__:
            app.__dict__["amqp"]._producer_pool = None

    def __enter__(self):
        from backend.celery import app

        self.previous = (app.conf.broker_url, app.conf.get("broker_write_url"))
        self._reset(app)
        app.conf.broker_url = self.url
        app.conf.broker_write_url = self.url
        return self

    def __exit__(self, *exc) -> None:
        from backend.celery import app

        self._reset(app)
        app.conf.broker_url, app.conf.broker_write_url = self.previous
