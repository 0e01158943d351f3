"""Check-in API throughput and p99 at concurrency 8 on gunicorn, against the bare-Django
ceiling (/livez: no database, no middleware work beyond the stack) in the same run.

Every POST is a real first check-in: a distinct (session, participant) pair and a
distinct nonce, by token, so each request is the common case of a scanning device: the
view, the service and the output serializer, in four queries (token with its user;
session with event, policy, venue and the staff permission; pass with participant;
INSERT), a durable commit, the answer.
Served by bench/server.py's GunicornServer; the load is wrk with a Lua script making
each request's body (falls back to a multi-process raw-socket client without wrk).

Runs against its own database (``<DATABASE_URL name>_bench_checkin``, created and
dropped here) so it never touches data of the database it was pointed at.
Usage: DATABASE_URL=postgres://... .venv/bin/python bench/bench_checkin.py
In-process (``BENCH_INPROCESS=1``): no server; Django's test client with the full
middleware and DEBUG off, the CPU time (``time.process_time``) and the queries of each
first scan, repeat scan (same pairs, new nonces) and /livez, medians printed; with
``BENCH_TREE=/path/to/checkout`` the same measurement of another tree (before/after).
Env: BENCH_SECONDS (per measurement, default 6), BENCH_ROUNDS (default 3),
BENCH_WORKERS (gunicorn workers, default 4), BENCH_CONCURRENCY (default 8).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import socket
import statistics
import sys
import time
import uuid
from pathlib import Path

# BENCH_TREE: another checkout to measure with this script (a before/after comparison).
ROOT = Path(os.environ.get("BENCH_TREE") or Path(__file__).resolve().parent.parent)
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SESSIONS = 40
PARTICIPANTS = 1500  # 60,000 distinct check-ins: more than a run can make


def _seed() -> tuple[str, list[int], list[str]]:
    """Migrate, then create an event with sessions, passes and a staff token. Returns
    the token, the session ids and the pass codes."""
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
    return token, [s.pk for s in sessions], [p.code for p in passes]


# wrk: each request is the next (session, pass) pair of this thread with a fresh nonce,
# so every POST is a first check-in; threads take interleaved pairs.
WRK_CHECKIN = """
local counter = 0
request = function()
  local index = offset + counter * nthreads + tid
  counter = counter + 1
  local pass = codes[(index % #codes) + 1]
  local session = sessions[(math.floor(index / #codes) % #sessions) + 1]
  local body = '{"pass_code":"' .. pass .. '","nonce":"' .. prefix .. "-" .. tid .. "-" .. counter .. '","device":"wrk"}'
  return wrk.format("POST", "/api/v1/sessions/" .. session .. "/check-ins/", headers, body)
end
"""


def _wrk_post(
    wrk: str,
    offset: int,
    url: str,
    *,
    token: str,
    sessions: list[int],
    codes: list[str],
    prefix: str,
    threads: int,
    seconds: float,
) -> dict:
    from bench.server import WRK_SHOW_FAILURES, WRK_THREAD_IDS, run_wrk

    lua = (
        f"codes = {{{', '.join(json.dumps(c) for c in codes)}}}\n"
        f"sessions = {{{', '.join(str(s) for s in sessions)}}}\n"
        f"nthreads = {threads}\nprefix = {json.dumps(prefix)}\noffset = {offset}\n"
        f'headers = {{["Content-Type"] = "application/json", ["Authorization"] = "Token {token}"}}\n'
        + WRK_THREAD_IDS
        + WRK_CHECKIN
        + WRK_SHOW_FAILURES
    )
    data = run_wrk(wrk, url, concurrency=CONCURRENCY, seconds=seconds, threads=threads, script=lua)
    return {**data, "rps": data["requests"] / data["seconds"], "tool": "wrk"}


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


def _in_process(token: str, sessions: list[int], codes: list[str]) -> None:
    """Median CPU ms and queries per request in this process (see the module's docstring)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
    count = int(os.environ.get("BENCH_REQUESTS", "300"))
    pairs = [(s, c) for s in sessions for c in codes][:count]

    def post(session_id: int, code: str, expect: int) -> tuple[float, int]:
        body = json.dumps({"pass_code": code, "nonce": uuid.uuid4().hex, "device": "bench"})
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            response = client.post(
                f"/api/v1/sessions/{session_id}/check-ins/", body, content_type="application/json"
            )
            cpu = time.process_time() - started
        assert response.status_code == expect, (response.status_code, response.content)
        if os.environ.get("BENCH_SHOW_SQL"):
            print(expect, *(q["sql"][:150] for q in queries.captured_queries), sep="\n  ")
        return cpu * 1000, len(queries.captured_queries)

    def get_livez() -> tuple[float, int]:
        started = time.process_time()
        assert client.get("/livez").status_code == 200
        return (time.process_time() - started) * 1000, 0

    for session_id, code in pairs[-20:]:  # warm-up: imports, URL resolver, caches
        post(session_id, code, 201)
        post(session_id, code, 200)
    if os.environ.get("BENCH_PROFILE"):
        # Function calls per request (independent of the machine's load) and where the
        # time goes, over 50 first scans and their 50 repeats.
        import cProfile
        import pstats

        for label, expect in (("first scan", 201), ("repeat scan", 200)):
            profile = cProfile.Profile()
            profile.enable()
            for session_id, code in pairs[:50]:
                post(session_id, code, expect)
            profile.disable()
            stats = pstats.Stats(profile)
            print(f"{label}: {stats.total_calls / 50:.0f} function calls per request")
            stats.sort_stats("tottime").print_stats(int(os.environ["BENCH_PROFILE"]))
        pairs = pairs[50:]
    results = {
        "first scan": [post(s, c, 201) for s, c in pairs[:-20]],
        "repeat scan": [post(s, c, 200) for s, c in pairs[:-20]],
        "/livez": [get_livez() for _ in pairs[:-20]],
    }
    print(f"in-process, {len(pairs) - 20} requests each, tree {ROOT}")
    for label, rows in results.items():
        cpu = statistics.median(ms for ms, _ in rows)
        queries = statistics.median(n for _, n in rows)
        print(f"  {label:12s} CPU p50 {cpu:6.2f} ms   queries {queries:.0f}")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.server import (
        BENCH_SECRET_KEY,
        GunicornServer,
        ensure_wrk,
        load,
        recreate_database,
        scratch_database,
    )

    # The passes are signed here and read by the server: both need the server's key.
    os.environ.setdefault("DJANGO_SECRET_KEY", BENCH_SECRET_KEY)

    database_url, admin_url, name = scratch_database("checkin")
    recreate_database(admin_url, name)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    sys.path.insert(0, str(ROOT))
    if os.environ.get("BENCH_INPROCESS"):
        from bench.server import server_env

        os.environ.update(server_env(database_url))
    try:
        token, sessions, codes = _seed()
        from django.db import connection, connections

        # Fresh tables have no statistics; a live database has (autovacuum keeps them).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        from attendance.models import CheckIn

        if os.environ.get("BENCH_INPROCESS"):
            _in_process(token, sessions, codes)
            connections.close_all()
            return
        connections.close_all()
        with GunicornServer(database_url=database_url, workers=WORKERS) as server:
            server.warm("/livez")
            wrk = ensure_wrk()
            pairs = len(sessions) * len(codes)
            bodies = [
                f"{s}|" + json.dumps({"pass_code": c, "nonce": uuid.uuid4().hex, "device": "bench"})
                for s in sessions
                for c in codes
            ]

            def first_scans(offset: int, prefix: str, seconds: float) -> dict:
                """POST first check-ins for ``seconds``, taking pairs from ``offset`` on."""
                if wrk:
                    return _wrk_post(
                        wrk,
                        offset,
                        server.url("/"),
                        token=token,
                        sessions=sessions,
                        codes=codes,
                        threads=2,
                        prefix=prefix,
                        seconds=seconds,
                    )
                result = _measure(server.port, "POST", token, bodies[offset:], seconds=seconds)
                result["errors"] = sum(n for code, n in result["statuses"].items() if code >= 300)
                result["tool"] = "python"
                return result

            # Warm-up from the far end, so every measured scan is a first one.
            first_scans(pairs - pairs // 10, "bench-warm", 2)
            # Rounds alternate the ceiling and the check-ins, so a slow spell of the
            # machine (a shared VM) hits both rather than one.
            rounds = []
            offset = 0
            for number in range(ROUNDS):
                ceiling = load(server.url("/livez"), concurrency=CONCURRENCY, seconds=SECONDS)
                before = CheckIn.objects.count()
                checkin = first_scans(offset, f"bench-run-{number}", SECONDS)
                stored = CheckIn.objects.count() - before
                offset += stored + 100
                rounds.append((ceiling, checkin, stored))
        connections.close_all()
    finally:
        recreate_database(admin_url, name, drop_only=True)

    print(
        f"gunicorn {WORKERS} sync workers, concurrency {CONCURRENCY}, {ROUNDS} rounds of "
        f"{SECONDS:.0f} s per measurement"
    )
    for number, (ceiling, checkin, stored) in enumerate(rounds, 1):
        ratio = checkin["rps"] / ceiling.requests_per_s if ceiling.requests_per_s else 0
        print(f"  round {number}")
        print(
            f"    {'/livez (bare Django ceiling)':30s} {ceiling.requests_per_s:8.1f} req/s   "
            f"p50 {ceiling.p50_ms:6.1f} ms   p99 {ceiling.p99_ms:7.1f} ms   errors {ceiling.errors} ({ceiling.tool})"
        )
        print(
            f"    {'POST check-in (first scans)':30s} {checkin['rps']:8.1f} req/s   "
            f"p50 {checkin['p50_ms']:6.1f} ms   p99 {checkin['p99_ms']:7.1f} ms   errors {checkin['errors']} ({checkin['tool']})"
        )
        # Every answered request should be one new row (no repeats, no double count); a
        # few still in flight when the load stops are stored but not counted.
        print(
            f"    check-in / ceiling {ratio:.2f}; rows stored {stored} for "
            f"{checkin['requests']} answered requests"
        )
    ceiling_median = statistics.median(c.requests_per_s for c, _, _ in rounds)
    checkin_median = statistics.median(c["rps"] for _, c, _ in rounds)
    print(
        f"  median: ceiling {ceiling_median:.1f} req/s, check-in {checkin_median:.1f} req/s, "
        f"p99 {statistics.median(c['p99_ms'] for _, c, _ in rounds):.1f} ms; "
        f"check-in / ceiling {checkin_median / ceiling_median:.2f} (target >= 0.60)"
    )


if __name__ == "__main__":
    main()
