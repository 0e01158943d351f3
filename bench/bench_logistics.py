"""Logistics benchmark: 500 visa support letters made by the Celery job end to end (the
job started through the service, the task run in-process as eager Celery does, each
letter's PDF written to private storage and its mail through the outbox and delivery),
and a rooming solve for 300 people (target < 10 s).

Needs PostgreSQL (DATABASE_URL); builds its data in a throwaway test database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

LETTERS = int(os.environ.get("BENCH_LOGISTICS_LETTERS", "500"))
ROOMING = 300
COUNTRIES = ["VN", "TH", "KR", "ID", "PH", "MY", "KH", "LA", "MM", "SG", "BN"]


def _event(name: str):
    import datetime as dt

    from django.contrib.auth import get_user_model

    from programmes.enums import MemberRole
    from programmes.models import Event, Leg, Membership, Organisation

    organisation = Organisation.objects.create(name=name, slug=name, kind="centre")
    start = dt.date.today() + dt.timedelta(days=60)
    event = Event.objects.create(
        organisation=organisation,
        kind="workshop",
        title=f"Bench {name}",
        slug=f"bench-{name}",
        start_date=start,
        end_date=start + dt.timedelta(days=8),
        time_zone="Asia/Seoul",
        status="published",
    )
    leg = Leg.objects.create(
        event=event,
        city="Seoul",
        country="KR",
        start_date=start,
        end_date=start + dt.timedelta(days=4),
    )
    organiser = get_user_model().objects.create(
        username=f"{name}-organiser", email=f"organiser@{name}.test"
    )
    Membership.objects.create(organisation=organisation, user=organiser, role=MemberRole.ORGANISER)
    return event, leg, organiser


def _people(event, count: int, prefix: str, *, minors: bool = False):
    import random

    from django.contrib.auth import get_user_model

    from participants.models import Application

    rng = random.Random(1)
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"{prefix}{n}",
            email=f"{prefix}{n}@bench.test",
            first_name="Bench",
            last_name=f"Person {n}",
        )
        for n in range(count)
    )
    return Application.objects.bulk_create(
        Application(
            event=event,
            applicant=user,
            status="confirmed",
            country=COUNTRIES[n % len(COUNTRIES)],
            gender=["female", "male"][n % 2],
            is_minor=minors and rng.random() < 0.15,
        )
        for n, user in enumerate(users)
    )


def bench_letters() -> None:
    from django.db import transaction

    from backend.celery import app as celery_app
    from logistics import services
    from logistics.models import TravelProfile, VisaLetter
    from notifications.models import Message

    event, _leg, organiser = _event("letters")
    applications = _people(event, LETTERS, "letters")
    TravelProfile.objects.bulk_create(
        TravelProfile(
            application=a,
            passport_name=f"BENCH PERSON {a.pk}",
            passport_number=f"B{a.pk:07d}",
            nationality="VN",
            passport_expiry="2035-01-01",
        )
        for a in applications
    )
    services.visa_rules_set(event=event, country="KR", nationalities=["VN"], by=organiser)
    services.letter_settings_save(
        event=event,
        data={
            "letterhead": "Bench Centre",
            "purpose": "Bench",
            "costs_covered_by": "Bench Centre",
            "signatory_name": "Bench Signatory",
        },
        by=organiser,
    )
    celery_app.conf.task_always_eager = True
    started = time.perf_counter()
    with transaction.atomic():
        job = services.letter_job_start(event=event, by=organiser)
    # The on-commit hook ran the job (and the mail delivery) in-process.
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    letters = VisaLetter.objects.filter(application__event=event).exclude(storage_name="").count()
    mails = Message.objects.filter(idempotency_key__startswith="logistics:visa-letter:").count()
    print(
        f"visa letters: {letters} PDFs and {mails} mails by the job in {elapsed:.1f} s "
        f"({elapsed / max(1, letters) * 1000:.0f} ms a letter; job {job.status} {job.done}/{job.total})"
    )


def bench_rooming() -> None:
    from logistics import services

    event, leg, organiser = _event("rooming")
    applications = _people(event, ROOMING - 22, "rooming", minors=True)
    for country in COUNTRIES:
        owner = next(a for a in applications if a.country == country)
        for gender in ("female", "male"):
            services.companion_add(
                application=owner,
                name=f"Chaperone {country}",
                role="chaperone",
                gender=gender,
                by=organiser,
            )
    for a in applications[:8]:
        if not a.is_minor:
            services.single_room_set(application=a, single=True, by=organiser)
    hotel = services.hotel_add(event=event, leg=leg, name="Bench Hotel", by=organiser)
    for room_type, beds, rooms in (("Twin", 2, 120), ("Triple", 3, 40), ("Single", 1, 30)):
        services.block_add(
            hotel=hotel,
            room_type=room_type,
            beds=beds,
            rooms=rooms,
            first_night=leg.start_date,
            last_night=leg.end_date,
            by=organiser,
        )
    started = time.perf_counter()
    result = services.rooming_solve(event=event, leg=leg, by=organiser, time_limit=10)
    elapsed = time.perf_counter() - started
    print(
        f"rooming: {result['placed']} people placed in {elapsed:.2f} s end to end "
        f"(solver {result['seconds']:.2f} s; target < 10 s), same-country room-mates: {result['same_country_pairs']}"
    )


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_rooming()
        bench_letters()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
