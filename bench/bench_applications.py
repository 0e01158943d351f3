"""Applications: submit throughput and p99 with 20 concurrent applicants on gunicorn, and
the organiser's list of 500 applications (query count, constant in the number of rows).

Every submit is real work: a distinct applicant (token auth) submits their own complete
draft, so each request runs the full path (row lock, profile snapshot, eligibility,
answer validation, status transition with its history row and signal, response).
Target: p99 < 150 ms at concurrency 20.

Runs against its own database (``<DATABASE_URL name>_bench_applications``, created and
dropped here). Usage: DATABASE_URL=postgres://... .venv/bin/python bench/bench_applications.py
Env: BENCH_SECONDS (default 10), BENCH_WORKERS (gunicorn workers, default 4),
BENCH_CONCURRENCY (default 20).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "20"))
DRAFTS_PER_CLIENT = 250  # more than one client submits in a run
LIST_SIZES = (100, 500)


def _seed() -> dict:
    """An open call, CONCURRENCY x DRAFTS_PER_CLIENT complete drafts with tokens, and an
    organiser. Returns tokens and ids for the clients."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0, interactive=False)

    from participants.models import Answer, Application, Profile
    from participants.services import event_default_questions
    from programmes.enums import EventStatus, MemberRole
    from programmes.models import Event, Membership, Organisation

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
        start_date=dt.date(2030, 7, 5),
        end_date=dt.date(2030, 7, 13),
        time_zone="Asia/Seoul",
        status=EventStatus.PUBLISHED,
        capacity=48,
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=1),
        min_age=18,
        max_age=35,
        eligible_countries=["KR", "VN", "TH", "ID"],
    )
    motivation = event_default_questions(event)[0]
    organiser = User.objects.create(username="bench-organiser")
    Membership.objects.create(organisation=org, user=organiser, role=MemberRole.ORGANISER)
    count = CONCURRENCY * DRAFTS_PER_CLIENT
    users = User.objects.bulk_create(
        User(username=f"a{i}", email=f"a{i}@example.org") for i in range(count)
    )
    countries = ["KR", "VN", "TH", "ID"]
    Profile.objects.bulk_create(
        Profile(
            user=u,
            full_name=f"Applicant {i}",
            date_of_birth=dt.date(2000, 1 + i % 12, 1 + i % 28),
            gender="female" if i % 2 else "male",
            nationalities=[countries[i % 4]],
            country_of_residence=countries[i % 4],
            time_zone="Europe/Sofia",
        )
        for i, u in enumerate(users)
    )
    tokens = Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
    apps = Application.objects.bulk_create(Application(event=event, applicant=u) for u in users)
    text = " ".join(["exchange"] * 80)
    Answer.objects.bulk_create(Answer(application=a, question=motivation, value=text) for a in apps)
    jobs = [(t.key, a.pk) for t, a in zip(tokens, apps, strict=True)]
    return {
        "event": event.slug,
        "organiser_token": Token.objects.create(user=organiser).key,
        "jobs": [jobs[i::CONCURRENCY] for i in range(CONCURRENCY)],
    }


def _submitter(args) -> tuple[list[float], dict[int, int]]:
    port, jobs, seconds = args
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    deadline = time.perf_counter() + seconds
    for token, app_id in jobs:
        if time.perf_counter() >= deadline:
            break
        started = time.perf_counter()
        try:
            conn.request(
                "POST",
                f"/api/v1/applications/{app_id}/submit/",
                body=b"{}",
                headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
            )
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    return latencies, statuses


# wrk: each request submits the next draft of this thread's share, as its own applicant.
WRK_SUBMIT = """
local counter = 0
request = function()
  local index = counter * nthreads + tid
  counter = counter + 1
  local job = jobs[(index % #jobs) + 1]
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Token " .. job[1]}
  return wrk.format("POST", "/api/v1/applications/" .. job[2] .. "/submit/", headers, "{}")
end
"""


def _wrk_submits(wrk: str, url: str, jobs: list[tuple[str, int]], seconds: float) -> dict:
    from bench.server import WRK_SHOW_FAILURES, WRK_THREAD_IDS, run_wrk

    threads = 2
    lua = (
        "jobs = {"
        + ", ".join(f'{{"{token}", {app_id}}}' for token, app_id in jobs)
        + f"}}\nnthreads = {threads}\n"
        + WRK_THREAD_IDS
        + WRK_SUBMIT
        + WRK_SHOW_FAILURES
    )
    return run_wrk(wrk, url, concurrency=CONCURRENCY, seconds=seconds, threads=threads, script=lua)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000 if ordered else 0.0


def _list_query_counts(seed: dict) -> list[tuple[int, int]]:
    """Queries for the organiser's list with 100 and with 500 sent applications."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from participants.models import Application

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {seed['organiser_token']}")
    url = f"/api/v1/events/{seed['event']}/applications/"
    results = []
    for size in LIST_SIZES:
        # Exactly ``size`` sent applications: the submit run above has already sent an
        # unknown number (often more than either size), so set the statuses outright.
        # This database is dropped afterwards; the missing history rows do not matter.
        keep = list(Application.objects.order_by("pk").values_list("pk", flat=True)[:size])
        Application.objects.exclude(pk__in=keep).update(status="draft")
        Application.objects.filter(pk__in=keep).update(status="submitted")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.status_code
        count = response.json()["count"]
        assert count == size, (count, size)
        results.append((count, len(ctx.captured_queries)))
    return results


def main() -> None:
    from bench.server import (
        GunicornServer,
        ensure_wrk,
        load,
        recreate_database,
        scratch_database,
        server_env,
    )

    url, admin_url, name = scratch_database("applications")
    recreate_database(admin_url, name)
    os.environ.update(server_env(url))
    try:
        seed = _seed()
        with GunicornServer(database_url=url, workers=WORKERS, startup_timeout=300) as server:
            server.warm("/livez")
            wrk = ensure_wrk()
            if wrk:
                # Every job once at most: wrk stops at SECONDS, long before the list wraps.
                jobs = [job for chunk in seed["jobs"] for job in chunk]
                # Warm-up on the last fifth of the drafts: a fresh worker's first submit
                # imports and connects (over a second); long-lived workers have done that.
                warm_from = len(jobs) * 4 // 5
                _wrk_submits(wrk, server.url("/"), jobs[warm_from:], 3)
                # wrk stops at 3 s, the server does not: let the requests still in flight
                # (a worker's first ones are slow) finish before the measured run starts.
                time.sleep(2)
                result = _wrk_submits(wrk, server.url("/"), jobs[:warm_from], SECONDS)
                elapsed, ok = result["seconds"], result["requests"] - result["errors"]
                p50, p99 = result["p50_ms"], result["p99_ms"]
                summary = f"errors {result['errors']} (wrk)"
            else:
                with mp.get_context("fork").Pool(CONCURRENCY) as pool:
                    started = time.perf_counter()
                    results = pool.map(
                        _submitter, [(server.port, jobs, SECONDS) for jobs in seed["jobs"]]
                    )
                    elapsed = time.perf_counter() - started
                latencies = [lat for chunk, _s in results for lat in chunk]
                statuses: dict[int, int] = {}
                for _chunk, chunk_statuses in results:
                    for code, n in chunk_statuses.items():
                        statuses[code] = statuses.get(code, 0) + n
                ok = statuses.get(200, 0)
                p50, p99 = _pct(latencies, 50), _pct(latencies, 99)
                summary = f"statuses {json.dumps(statuses, sort_keys=True)} (python client)"
            # The bare-Django ceiling in the same run puts the figures in context on a busy host.
            ceiling = load(server.url("/livez"), concurrency=CONCURRENCY, seconds=min(SECONDS, 5))
        print(
            f"submit: {CONCURRENCY} concurrent applicants, {WORKERS} gunicorn workers, {elapsed:.1f} s"
        )
        print(
            f"  submits/s {ok / elapsed:.1f}   p50 {p50:.1f} ms   p99 {p99:.1f} ms   {summary}"
            "  (target p99 < 150 ms; errors must be 0)"
        )
        print(
            f"ceiling /livez: {ceiling.requests_per_s:.1f} req/s   p50 {ceiling.p50_ms:.1f} ms   "
            f"p99 {ceiling.p99_ms:.1f} ms ({ceiling.tool})"
        )
        for size, queries in _list_query_counts(seed):
            print(f"organiser list with {size} sent applications: {queries} queries")
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(admin_url, name, drop_only=True)


if __name__ == "__main__":
    main()
