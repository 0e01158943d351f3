from celery.schedules import crontab

SCHEDULE = {
    # Passport data is erased LOGISTICS_PASSPORT_RETENTION_DAYS after an event's last day;
    # a daily scan (idempotent: erased rows are marked and skipped).
    "logistics-erase-passports": {
        "task": "logistics.erase_passports",
        "schedule": crontab(hour=3, minute=41),
    },
    # Reminders keyed by person and occasion: a second scan or beat sends nothing twice.
    "logistics-follow-up-reminders": {
        "task": "logistics.follow_up_reminders",
        "schedule": crontab(minute=23),
    },
    # Jobs (letters, rooming) whose worker died: queued again, failed after a few tries.
    "logistics-sweep-jobs": {
        "task": "logistics.sweep_jobs",
        "schedule": crontab(minute="*/5"),
    },
}
