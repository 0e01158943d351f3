from celery.schedules import crontab

SCHEDULE = {
    # Each run only enqueues events with no certificate run yet; the task itself is
    # idempotent (serialised on the policy row, one certificate per application).
    # Windows open 30 minutes (by default) before a session, not at its start, so the
    # scheduling app's start/end signal is not enough: a short scan of nearby sessions.
    "attendance-record-check-in-windows": {
        "task": "attendance.record_check_in_windows",
        "schedule": 60.0,
    },
    "attendance-issue-due-certificates": {
        "task": "attendance.issue_due_certificates",
        "schedule": crontab(minute=17),
    },
}
