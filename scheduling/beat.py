"""Periodic scheduling work.

Whether a session is upcoming, in progress or finished is derived from the clock
(``selectors.session_phase``); the live scan records each start and end once and
announces it (``signals.session_phase_changed``) so other apps can react, e.g. open
and close check-in. A second sweep fails solver runs whose worker died.
"""

from celery.schedules import crontab

SCHEDULE = {
    "scheduling-advance-live": {
        "task": "scheduling.advance_live",
        "schedule": 60.0,
    },
    "scheduling-reap-stale-runs": {
        "task": "scheduling.reap_stale_runs",
        "schedule": crontab(minute="*/5"),
    },
}
