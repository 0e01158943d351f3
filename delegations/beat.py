"""Periodic delegations work: reminders to partners who have not answered their
invitation, and to both sides of a bilateral about to start. Each is a scan keyed by
delegation and reminder number (or bilateral), claimed under a row lock."""

from celery.schedules import crontab

SCHEDULE = {
    "delegations-invitation-reminders": {
        "task": "delegations.send_invitation_reminders",
        "schedule": crontab(minute=15),
    },
    "delegations-bilateral-reminders": {
        "task": "delegations.send_bilateral_reminders",
        "schedule": crontab(minute="*/10"),
    },
}
