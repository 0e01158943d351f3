"""Celery tasks: thin wrappers with explicit names that call the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="logistics.make_letters")
def make_letters(*, job_id: int) -> None:
    services.letters_make(job_id=job_id)


@shared_task(name="logistics.erase_passports")
def erase_passports() -> int:
    return services.passports_erase_due()


@shared_task(name="logistics.follow_up_reminders")
def follow_up_reminders() -> int:
    return services.follow_up_reminders_due()


@shared_task(name="logistics.solve_rooming")
def solve_rooming(*, job_id: int) -> None:
    services.rooming_job_run(job_id=job_id)


@shared_task(name="logistics.sweep_jobs")
def sweep_jobs() -> dict:
    return services.jobs_sweep()
