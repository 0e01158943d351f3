"""Reports benchmark: the event dashboard of an event with 10,000 applications and 50,000
attendance rows (p50/p99 of the whole page, uncached, and of the stats selector alone,
with its query count), and a 100,000-row CSV and XLSX export (time, and the peak of
the process's resident memory during it over what it held before: Linux only).

Needs PostgreSQL (DATABASE_URL); builds its data in a throwaway test database.
BENCH_REPORTS_ROUNDS (20) sets how many dashboard requests are timed;
BENCH_REPORTS_PARTS (``dashboard,export``) which parts run (``export`` alone: the exports).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

ROUNDS = int(os.environ.get("BENCH_REPORTS_ROUNDS", "20"))
PARTS = set(os.environ.get("BENCH_REPORTS_PARTS", "dashboard,export").split(","))


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _reset_peak_rss() -> int:
    """Reset the process's peak RSS (Linux: clear_refs 5) and return the current RSS, so
    that the peak afterwards is the export's own (tracemalloc would slow it several-fold)."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def _peak_rss() -> int:
    return _status("VmHWM")


def _build(n_apps=10_000, n_sessions=20, n_messages=100_000):
    import datetime as dt

    from django.contrib.auth import get_user_model

    from attendance.models import CheckIn
    from notifications.models import Message
    from participants.models import Application
    from programmes.enums import MemberRole
    from programmes.models import Event, Membership, Organisation, Session

    User = get_user_model()
    organisation = Organisation.objects.create(name="Bench", slug="bench", kind="government")
    start = dt.date.today() + dt.timedelta(days=30)
    event = Event.objects.create(
        organisation=organisation,
        kind="workshop",
        title="Bench event",
        slug="bench-event",
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        time_zone="Asia/Seoul",
        status="published",
    )
    organiser = User.objects.create(username="bench-organiser", email="organiser@bench.test")
    Membership.objects.create(organisation=organisation, user=organiser, role=MemberRole.ORGANISER)
    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@bench.test") for n in range(n_apps)
    )
    countries = ["VN", "TH", "KR", "ID", "PH", "MY", "KH", "LA", "MM", "SG", "BN"]
    statuses = ["submitted", "under_review", "rejected", "accepted", "confirmed"]
    now = dt.datetime.now(dt.UTC)
    apps = Application.objects.bulk_create(
        Application(
            event=event,
            applicant=user,
            status=statuses[n % 5] if n % 10 else "confirmed",
            country=countries[n % len(countries)],
            gender=["female", "male"][n % 2],
            submitted_at=now - dt.timedelta(hours=n % 500),
        )
        for n, user in enumerate(users)
    )
    sessions = [
        Session.objects.create(
            event=event,
            title=f"Session {n}",
            kind="lecture",
            starts_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)
            + dt.timedelta(hours=5 * n),
            ends_at=dt.datetime.combine(start, dt.time(10), tzinfo=dt.UTC)
            + dt.timedelta(hours=5 * n),
        )
        for n in range(n_sessions)
    ]
    confirmed = [a for a in apps if a.status == "confirmed"]
    # Nine in ten come to each session (the tenth is a no-show), up to 50,000 rows.
    rows = [
        CheckIn(
            session=session,
            application=application,
            nonce=f"b{session.pk}-{application.pk}",
            method="search",
            scanned_at=session.starts_at,
        )
        for session in sessions
        for n, application in enumerate(confirmed)
        if n % 10
    ][:50_000]
    CheckIn.objects.bulk_create(rows, batch_size=5000)
    Message.objects.bulk_create(
        (
            Message(
                to_email=f"m{n}@bench.test",
                kind="broadcast",
                template="broadcast",
                idempotency_key=f"bench-{n}",
                status="sent" if n % 7 else "failed",
                sent_at=now if n % 7 else None,
                last_error="" if n % 7 else "550 mailbox unavailable",
                event=event,
            )
            for n in range(n_messages)
        ),
        batch_size=5000,
    )
    return event, organiser, len(rows)


def _bench_dashboard(event, organiser) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports.selectors import event_stats

    with CaptureQueriesContext(connection) as captured:
        event_stats(event)
    selector = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        event_stats(event)
        selector.append(time.perf_counter() - started)
    print(
        f"stats selector: {len(captured)} queries, p50 {_percentile(selector, 0.5) * 1000:.0f} ms, "
        f"p99 {_percentile(selector, 0.99) * 1000:.0f} ms"
    )
    client = Client()
    client.force_login(organiser)
    page = []
    for _ in range(ROUNDS):
        cache.clear()
        started = time.perf_counter()
        response = client.get(f"/organise/events/{event.slug}/dashboard/")
        page.append(time.perf_counter() - started)
        assert response.status_code == 200
    started = time.perf_counter()
    client.get(f"/organise/events/{event.slug}/dashboard/")
    cached = time.perf_counter() - started
    print(
        f"dashboard page, uncached: p50 {_percentile(page, 0.5) * 1000:.0f} ms, "
        f"p99 {_percentile(page, 0.99) * 1000:.0f} ms; from the cache {cached * 1000:.0f} ms"
    )


def bench() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from reports.services import exports

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        event, organiser, check_ins = _build()
        load = os.getloadavg()[0]
        print(
            f"event: 10,000 applications, {check_ins} check-ins, 100,000 messages "
            f"(load average {load:.1f} on {os.cpu_count()} cores)"
        )
        if "dashboard" in PARTS:
            _bench_dashboard(event, organiser)
        if "export" not in PARTS:
            return
        exports.SYNC_MAX_ROWS = 10**9
        for fmt in ("csv", "xlsx"):
            baseline = _reset_peak_rss()
            started = time.perf_counter()
            download = exports.export_stream(user=organiser, event=event, name="messages", fmt=fmt)
            size = sum(len(chunk) for chunk in download.chunks)
            elapsed = time.perf_counter() - started
            peak = _peak_rss() - baseline
            print(
                f"export messages.{fmt}: {download.run.rows_total} rows, {size / 1e6:.1f} MB in "
                f"{elapsed:.1f} s, peak memory +{peak / 1e6:.1f} MB over the process before it"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    bench()
