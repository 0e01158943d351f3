"""Celery tasks for applications: guardian consents that lapsed (periodic)."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="participants.lapse_guardian_consents")
def lapse_guardian_consents() -> int:
    """Close applications whose guardian did not consent before the call ended (safe to
    run twice at once: each is re-checked under its row lock)."""
    lapsed = services.guardian_consents_lapse()
    if lapsed:
        logger.info("Applications lapsed without guardian consent: %s", lapsed)
    return lapsed
