"""Periodic scheduling work. Session phases (upcoming, in progress, finished) are derived
from the clock in ``selectors.session_phase``, so nothing needs flipping on a timer;
what does need a sweep is a solver run whose worker died mid-run."""

from celery.schedules import crontab

SCHEDULE = {
    "scheduling-reap-stale-runs": {
        "task": "scheduling.reap_stale_runs",
        "schedule": crontab(minute="*/5"),
    },
}
