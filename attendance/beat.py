from celery.schedules import crontab

SCHEDULE = {
    # Each run only enqueues events with no certificate run yet; the task itself is
    # idempotent (serialised on the policy row, one certificate per application).
    "attendance-issue-due-certificates": {
        "task": "attendance.issue_due_certificates",
        "schedule": crontab(minute=17),
    },
}
