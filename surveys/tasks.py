"""Surveys' periodic work: invitations when a wave opens, the reminder when it is due."""

from __future__ import annotations

from backend.celery import app

from . import services


@app.task(name="surveys.send_due")
def send_due() -> dict[str, int]:
    """Idempotent: each wave is sent under its lock and marked, every message has a key."""
    return services.waves_send_due()
