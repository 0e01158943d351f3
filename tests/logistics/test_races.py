"""Races on real PostgreSQL: two organisers start the letter job at the same instant."""

import pytest

from backend.errors import ConflictError
from logistics import services
from logistics.models import LetterJob
from tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_letter_jobs_started_together_make_one(exchange, plain_organiser):
    event, _seoul, _hanoi = exchange
    services.letter_settings_save(
        event=event,
        data={
            "letterhead": "AKC",
            "purpose": "Workshop",
            "costs_covered_by": "AKC",
            "signatory_name": "Kim",
        },
        by=plain_organiser,
    )
    results = run_concurrently(
        4, lambda _i: services.letter_job_start(event=event, by=plain_organiser)
    )
    assert sum(isinstance(r, LetterJob) for r in results) == 1
    assert all(isinstance(r, (LetterJob, ConflictError)) for r in results), results
    assert LetterJob.objects.filter(event=event).count() == 1
