"""Foundation benchmark: public event list and agenda against the /livez ceiling.

Serves Bridges with gunicorn on 127.0.0.1 (bench/server.py) on the PostgreSQL database
in DATABASE_URL, migrates it, creates 50 published events x 60 sessions once (kept
between runs under the organisation slug ``bench-foundation``), then measures with
wrk, on the same server:

  /livez                               the ceiling: Django answering without the database
  /api/v1/events/                      public event list (API, first page)
  /                                    home page: open calls + upcoming events
  /events/                             event list page
  /api/v1/events/<slug>/agenda/        one event's agenda, 60 sessions (API)
  /events/<slug>/                      event page with the agenda

and prints requests/s, p50, p99 and the ratio to the ceiling. Target: agenda >= 0.5.
Usage: make bench BENCH=foundation
Env: BENCH_SECONDS (default 8), BENCH_CONCURRENCY (default 8), BENCH_WORKERS (default 2),
BENCH_THREADS (gunicorn threads per worker, default 1: sync workers).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.server import GunicornServer, ensure_database, load, manage, print_results  # noqa: E402 - needs the path

SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
EVENTS = 50
SESSIONS_PER_EVENT = 60
ORG_SLUG = "bench-foundation"
TARGET = 0.5


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench_foundation needs PostgreSQL: set DATABASE_URL (make bench does).")
    return url


def seed(database_url: str) -> str:
    """Create the 50 x 60 data set unless it is already there; returns one event's slug."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from programmes.enums import EventKind, EventStatus, OrganisationKind, SessionType
    from programmes.models import CountryQuota, Event, Leg, Organisation, Person, Session, Venue

    organisation, _ = Organisation.objects.get_or_create(
        slug=ORG_SLUG,
        defaults={
            "name": "Benchmark Exchange Centre",
            "country": "KR",
            "kind": OrganisationKind.CENTRE,
        },
    )
    events = Event.objects.filter(organisation=organisation)
    if (
        events.count() == EVENTS
        and Session.objects.filter(event__organisation=organisation).count()
        == EVENTS * SESSIONS_PER_EVENT
    ):
        return events.order_by("slug").first().slug

    seoul, hanoi = zoneinfo.ZoneInfo("Asia/Seoul"), zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    now = timezone.now()
    kinds = [
        SessionType.LECTURE,
        SessionType.SITE_VISIT,
        SessionType.TEAM_MISSION,
        SessionType.MEAL,
    ]
    with transaction.atomic():
        events.delete()
        Venue.objects.filter(organisation=organisation).delete()
        Person.objects.filter(organisation=organisation).delete()
        hall = Venue.objects.create(
            organisation=organisation,
            name="Bench Hall",
            city="Seoul",
            country="KR",
            time_zone="Asia/Seoul",
            capacity=200,
        )
        campus = Venue.objects.create(
            organisation=organisation,
            name="Bench Campus",
            city="Hanoi",
            country="VN",
            time_zone="Asia/Ho_Chi_Minh",
            capacity=200,
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    organisation=organisation, name=f"Speaker {i}", affiliation="Bench University"
                )
                for i in range(20)
            ]
        )
        start = (now + dt.timedelta(days=200)).date()
        created = Event.objects.bulk_create(
            [
                Event(
                    organisation=organisation,
                    kind=EventKind.YOUTH_EXCHANGE,
                    title=f"Bench Youth Exchange {i:02d}",
                    slug=f"bench-exchange-{i:02d}",
                    summary="Lectures, site visits, team missions and cultural exchanges.",
                    host_country="KR",
                    start_date=start + dt.timedelta(days=i),
                    end_date=start + dt.timedelta(days=i + 9),
                    time_zone="Asia/Seoul",
                    capacity=48,
                    working_languages=["en", "ko"],
                    eligible_countries=["KR", "VN", "TH", "ID"],
                    applications_open_at=now - dt.timedelta(days=5) if i % 2 == 0 else None,
                    applications_close_at=now + dt.timedelta(days=30) if i % 2 == 0 else None,
                    status=EventStatus.PUBLISHED,
                )
                for i in range(EVENTS)
            ]
        )
        legs, quotas, sessions = [], [], []
        for event in created:
            legs += [
                Leg(
                    event=event,
                    city="Seoul",
                    country="KR",
                    start_date=event.start_date,
                    end_date=event.start_date + dt.timedelta(days=5),
                ),
                Leg(
                    event=event,
                    city="Hanoi",
                    country="VN",
                    start_date=event.start_date + dt.timedelta(days=6),
                    end_date=event.end_date,
                ),
            ]
            quotas += [
                CountryQuota(event=event, country=c, minimum=2, maximum=12)
                for c in ("KR", "VN", "TH", "ID")
            ]
            for n in range(SESSIONS_PER_EVENT):
                day, slot = divmod(n, 6)
                in_seoul = day < 6
                zone, venue = (seoul, hall) if in_seoul else (hanoi, campus)
                begins = dt.datetime.combine(
                    event.start_date + dt.timedelta(days=day), dt.time(8 + slot * 2), tzinfo=zone
                )
                sessions.append(
                    Session(
                        event=event,
                        title=f"Session {n + 1}",
                        kind=kinds[n % len(kinds)],
                        starts_at=begins,
                        ends_at=begins + dt.timedelta(minutes=90),
                        venue=venue,
                    )
                )
        Leg.objects.bulk_create(legs)
        CountryQuota.objects.bulk_create(quotas)
        Session.objects.bulk_create(sessions)
        through = Session.speakers.through
        through.objects.bulk_create(
            [
                through(session_id=s.pk, person_id=people[(i + k) % len(people)].pk)
                for i, s in enumerate(
                    Session.objects.filter(event__organisation=organisation).order_by("pk")
                )
                for k in range(2)
            ]
        )
    return created[0].slug


def main() -> None:
    database_url = _database_url()
    print(f"Migrating and seeding {EVENTS} events x {SESSIONS_PER_EVENT} sessions ...", flush=True)
    ensure_database(database_url)
    manage("migrate", "--noinput", "-v", "0", database_url=database_url)
    slug = seed(database_url)
    endpoints = [
        ("ceiling /livez", "/livez"),
        ("event list API /api/v1/events/", "/api/v1/events/"),
        ("home page /", "/"),
        ("event list page /events/", "/events/"),
        ("agenda API (60 sessions)", f"/api/v1/events/{slug}/agenda/"),
        ("event page (60 sessions)", f"/events/{slug}/"),
    ]
    print(
        f"gunicorn: {WORKERS} workers x {THREADS} threads; wrk: {CONCURRENCY} connections, {SECONDS:.0f} s per endpoint; "
        f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    with GunicornServer(database_url=database_url, workers=WORKERS, threads=THREADS) as server:
        server.warm(*(path for _, path in endpoints))
        results = []
        for label, path in endpoints:
            # Let requests still queued from the previous (slower) endpoint drain first,
            # or they land in this endpoint's latencies.
            time.sleep(1)
            results.append(
                load(server.url(path), label=label, concurrency=CONCURRENCY, seconds=SECONDS)
            )
    ceiling = results[0]
    print_results(results, ceiling=ceiling)
    failed = [r.label for r in results if r.errors]
    if failed:
        print(f"WARNING: failed or non-2xx requests on: {', '.join(failed)}")
    agenda = results[4]
    ratio = agenda.requests_per_s / ceiling.requests_per_s if ceiling.requests_per_s else 0.0
    verdict = "meets" if ratio >= TARGET else "BELOW"
    print(f"agenda API at {ratio:.2f} of the ceiling: {verdict} the {TARGET} target")


if __name__ == "__main__":
    main()
