"""Check-in API throughput and p99 at concurrency 8 on gunicorn, against the bare-Django
ceiling (/livez: no database, no middleware work beyond the stack) in the same run.

Every POST is a real first check-in: a distinct (session, participant) pair and a
distinct nonce, so each request takes the full path (token auth, permission, pass
signature check, replay and duplicate look-ups, insert under a savepoint, response).

Runs against its own database (``<DATABASE_URL name>_bench_checkin``, created and
dropped here) so it never touches data of the database it was pointed at.
Usage: DATABASE_URL=postgres://... .venv/bin/python bench/bench_checkin.py
Env: BENCH_SECONDS (default 10), BENCH_WORKERS (gunicorn workers, default 4),
BENCH_CONCURRENCY (default 8).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SESSIONS = 40
PARTICIPANTS = 600  # 24,000 distinct check-ins: more than a run can make


def _bench_database_url() -> tuple[str, str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/bridges")
    parsed = urlparse(base)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("bench_checkin needs PostgreSQL (set DATABASE_URL).")
    name = parsed.path.lstrip("/") + "_bench_checkin"
    admin = urlunparse(parsed._replace(path="/postgres"))
    return urlunparse(parsed._replace(path="/" + name)), admin, name


def _recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def _seed() -> tuple[str, list[str]]:
    """Migrate, then create an event with sessions, passes and a staff token. Returns
    the token and one JSON body per future request."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0, interactive=False)

    from attendance import qr
    from attendance.models import Pass
    from participants.enums import ApplicationStatus
    from participants.models import Application, Profile
    from programmes.enums import EventStatus, MemberRole, SessionType
    from programmes.models import Event, Membership, Organisation, Session

    User = get_user_model()
    now = timezone.now()
    org = Organisation.objects.create(
        name="Bench Centre", slug="bench", country="KR", kind="centre"
    )
    event = Event.objects.create(
        organisation=org,
        kind="workshop",
        title="Bench Workshop",
        slug="bench-workshop",
        host_country="KR",
        start_date=now.date(),
        end_date=now.date(),
        time_zone="Asia/Seoul",
        status=EventStatus.PUBLISHED,
    )
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Session {i}",
            kind=SessionType.LECTURE,
            starts_at=now,
            ends_at=now + timezone.timedelta(hours=2),
        )
        for i in range(SESSIONS)
    )
    staff = User.objects.create(username="bench-staff", first_name="Bench", last_name="Staff")
    Membership.objects.create(organisation=org, user=staff, role=MemberRole.STAFF)
    token = Token.objects.create(user=staff).key
    users = User.objects.bulk_create(
        User(username=f"p{i}", first_name="P", last_name=str(i)) for i in range(PARTICIPANTS)
    )
    Profile.objects.bulk_create(
        Profile(user=u, full_name=f"Participant {i}") for i, u in enumerate(users)
    )
    apps = Application.objects.bulk_create(
        Application(event=event, applicant=u, status=ApplicationStatus.CONFIRMED, country="VN")
        for u in users
    )
    passes = Pass.objects.bulk_create(
        Pass(application=a, event=event, nonce=qr.new_nonce(), feed_token=uuid.uuid4().hex)
        for a in apps
    )
    bodies = []
    for session in sessions:
        for pass_ in passes:
            body = {"pass_code": pass_.code, "nonce": uuid.uuid4().hex, "device": "bench"}
            bodies.append(f"{session.pk}|{json.dumps(body)}")
    return token, bodies


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(port: int, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [
            gunicorn,
            "backend.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "--preload",
            *os.environ.get("BENCH_GUNICORN_ARGS", "").split(),
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/livez")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def _request(port: int, raw: bytes) -> int:
    """One request on a fresh connection (gunicorn's sync workers close after each).

    Written to the socket in one piece: http.client sends the headers and the body in
    two writes, and Nagle plus delayed ACKs then add ~40 ms to every POST, which would
    measure the client, not the server.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(raw)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    head = b"".join(chunks)[:12]
    return int(head[9:12]) if head.startswith(b"HTTP/") else 0


def _raw(method: str, path: str, body: str | None, token: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    payload = (body or "").encode()
    if token:
        lines.append(f"Authorization: Token {token}")
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def _client(args) -> tuple[list[float], dict[int, int]]:
    port, method, token, bodies, seconds = args
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    index = 0
    while time.perf_counter() < deadline:
        if method == "POST":
            if index >= len(bodies):
                break
            session_id, body = bodies[index].split("|", 1)
            raw = _raw("POST", f"/api/v1/sessions/{session_id}/check-ins/", body, token)
            index += 1
        else:
            raw = _raw("GET", "/livez", None, "")
        started = time.perf_counter()
        status = _request(port, raw)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    return latencies, statuses


def _measure(
    port: int,
    method: str,
    token: str = "",
    bodies: list[str] | None = None,
    seconds: float = SECONDS,
) -> dict:
    shares = [(bodies or [])[i::CONCURRENCY] for i in range(CONCURRENCY)]
    started = time.perf_counter()
    with mp.get_context("fork").Pool(CONCURRENCY) as pool:
        results = pool.map(
            _client, [(port, method, token, shares[i], seconds) for i in range(CONCURRENCY)]
        )
    elapsed = time.perf_counter() - started
    latencies = sorted(lat for lats, _ in results for lat in lats)
    statuses: dict[int, int] = {}
    for _, counts in results:
        for code, n in counts.items():
            statuses[code] = statuses.get(code, 0) + n
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "statuses": statuses,
    }


def main() -> None:
    database_url, admin_url, name = _bench_database_url()
    _recreate_database(admin_url, name)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    sys.path.insert(0, str(ROOT))
    process = None
    try:
        token, bodies = _seed()
        from django.db import connections

        connections.close_all()
        port = _free_port()
        process = _start_gunicorn(port, database_url)
        _measure(port, "GET", seconds=2)  # warm up workers and connections
        ceiling = _measure(port, "GET")
        _measure(port, "POST", token, bodies[-CONCURRENCY * 50 :], seconds=2)
        checkin = _measure(port, "POST", token, bodies[: -CONCURRENCY * 50])
        from attendance.models import CheckIn

        stored = CheckIn.objects.count()
        connections.close_all()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        _recreate_database(admin_url, name, drop_only=True)

    print(
        f"gunicorn {WORKERS} sync workers, concurrency {CONCURRENCY}, {SECONDS:.0f} s per measurement"
    )
    for label, row in (("/livez (bare Django ceiling)", ceiling), ("POST check-in", checkin)):
        print(
            f"  {label:30s} {row['rps']:8.1f} req/s   p50 {row['p50_ms']:6.1f} ms   "
            f"p99 {row['p99_ms']:6.1f} ms   statuses {row['statuses']}"
        )
    ratio = checkin["rps"] / ceiling["rps"] if ceiling["rps"] else 0
    print(f"  check-in / ceiling: {ratio:.2f} (target >= 0.60)")
    created = checkin["statuses"].get(201, 0)
    print(f"  rows stored: {stored} (201 answers incl. warm-up: {created} + warm-up)")


if __name__ == "__main__":
    main()
