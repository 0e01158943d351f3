"""Delegations' Celery tasks: thin wrappers over the services, by explicit names."""

from __future__ import annotations

from celery import shared_task

from .services import badge_batch_run, bilateral_reminders_send, invitation_reminders_send


@shared_task(name="delegations.print_badges")
def print_badges(*, batch_id: int) -> None:
    badge_batch_run(batch_id=batch_id)


@shared_task(name="delegations.send_invitation_reminders")
def send_invitation_reminders() -> int:
    return invitation_reminders_send()


@shared_task(name="delegations.send_bilateral_reminders")
def send_bilateral_reminders() -> int:
    return bilateral_reminders_send()
