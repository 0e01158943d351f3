"""Jobs with progress (letters, rooming): the sweeper for a job whose worker died, and
the rooming solve as a Celery job polled by its page."""

import datetime as dt

import pytest
import time_machine

from audit.models import LogEntry
from logistics import services, tasks
from logistics.enums import JobStatus, VisaStatus
from logistics.models import LetterJob, RoomingJob, VisaLetter
from participants.enums import Gender
from tests.factories.attendance import ParticipantFactory
from tests.logistics.conftest import client_for
from tests.logistics.test_visas import _settings

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC)


def _stuck_letter_job(event, organiser) -> LetterJob:
    """A job a worker took ("running", one letter done) and then died on."""
    with time_machine.travel(T0, tick=False):
        job = services.letter_job_start(event=event, by=organiser)  # not enqueued: no commit
        LetterJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, touched_at=T0)
    return job


def test_the_sweeper_queues_a_lost_letter_job_again_and_it_finishes(
    exchange, with_passport, plain_organiser, eager_celery, django_capture_on_commit_callbacks
):
    event, seoul, _hanoi = exchange
    _settings(event, plain_organiser)
    services.visa_rules_set(event=event, country="KR", nationalities=["VN"], by=plain_organiser)
    job = _stuck_letter_job(event, plain_organiser)

    # Ten minutes without progress: the worker may still be on it; nothing happens.
    with time_machine.travel(T0 + dt.timedelta(minutes=10), tick=False):
        assert tasks.sweep_jobs.apply().get() == {"requeued": 0, "failed": 0}
    assert LetterJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    # Sixteen minutes: queued again, and the task (eager) makes the letter.
    with (
        time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.sweep_jobs.apply().get() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done, job.total) == (JobStatus.DONE, 1, 1, 1)
    assert VisaLetter.objects.filter(application=with_passport, country="KR").count() == 1
    assert with_passport.visa_cases.get(leg=seoul).status == VisaStatus.LETTER_SENT
    assert LogEntry.objects.filter(action_type="logistics.job.requeued").count() == 1

    # A second sweep finds nothing: the job is done.
    with time_machine.travel(T0 + dt.timedelta(hours=2), tick=False):
        assert tasks.sweep_jobs.apply().get() == {"requeued": 0, "failed": 0}


def test_a_job_that_keeps_dying_is_failed_and_frees_the_event(exchange, plain_organiser):
    event, _seoul, _hanoi = exchange
    _settings(event, plain_organiser)
    job = _stuck_letter_job(event, plain_organiser)
    outcomes = []
    for hours in (1, 2, 3, 4):  # the re-queued task never runs (no worker, no commit)
        with time_machine.travel(T0 + dt.timedelta(hours=hours), tick=False):
            outcomes.append(tasks.sweep_jobs.apply().get())
    assert outcomes == [
        {"requeued": 1, "failed": 0},
        {"requeued": 1, "failed": 0},
        {"requeued": 0, "failed": 1},
        {"requeued": 0, "failed": 0},
    ]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 2 and job.error
    # The organiser can start a new run: the failed one no longer blocks.
    assert services.letter_job_start(event=event, by=plain_organiser).pk != job.pk


def _small_inn(event, leg, organiser, rooms: int = 1):
    hotel = services.hotel_add(event=event, leg=leg, name="Small Inn", by=organiser)
    services.block_add(
        hotel=hotel,
        room_type="Twin",
        beds=2,
        rooms=rooms,
        first_night=leg.start_date,
        last_night=leg.end_date,
        by=organiser,
    )


def test_a_rooming_job_that_cannot_hold_says_why_and_the_page_polls_until_then(
    exchange, plain_organiser, django_capture_on_commit_callbacks
):
    event, seoul, _hanoi = exchange
    _small_inn(event, seoul, plain_organiser)
    ParticipantFactory(event=event, gender=Gender.FEMALE)
    ParticipantFactory(event=event, gender=Gender.MALE)
    page = client_for(plain_organiser)
    rooms = f"/organise/events/{event.slug}/logistics/rooms/?leg={seoul.pk}"
    assert page.post(rooms, {"action": "solve"}).status_code == 302  # queued, not yet run
    job = RoomingJob.objects.get(event=event)
    poll = f"/organise/events/{event.slug}/logistics/rooms/jobs/{job.pk}/"
    # While it waits, the page and the poll ask again (htmx, vendored: no CDN).
    body = page.get(rooms).content.decode()
    assert f'hx-get="{poll}"' in body and "/static/vendor/htmx/htmx.min.js" in body
    assert "disabled" in body  # no second solve while one runs
    again = page.post(rooms, {"action": "solve"}, follow=True)
    assert "A rooming list is being made already." in again.content.decode()
    assert RoomingJob.objects.filter(event=event).count() == 1
    tasks.solve_rooming.apply(kwargs={"job_id": job.pk}).get()
    answer = page.get(poll).content.decode()
    assert (
        "Did not finish" in answer
        and "only with people of the same gender" in answer
        and "hx-get" not in answer
    )
    # Another organisation's organiser cannot see the job.
    assert client_for(ParticipantFactory().applicant).get(poll).status_code == 404


def test_the_letter_jobs_progress_is_polled_on_the_overview(
    exchange, with_passport, plain_organiser
):
    event, _seoul, _hanoi = exchange
    _settings(event, plain_organiser)
    services.visa_rules_set(event=event, country="KR", nationalities=["VN"], by=plain_organiser)
    job = services.letter_job_start(event=event, by=plain_organiser)  # queued: no commit
    page = client_for(plain_organiser)
    poll = f"/organise/events/{event.slug}/logistics/letters/jobs/{job.pk}/"
    assert (
        f'hx-get="{poll}"' in page.get(f"/organise/events/{event.slug}/logistics/").content.decode()
    )
    assert "0 of 1" in page.get(poll).content.decode()
    tasks.make_letters.apply(kwargs={"job_id": job.pk}).get()
    answer = page.get(poll).content.decode()
    assert "1 of 1" in answer and "Done" in answer and "hx-get" not in answer
