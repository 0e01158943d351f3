"""Periodic work of the notifications app (merged by backend/celery.py).

Both entries are scans under row locks and unique keys, so a second beat process or a
late run never sends anything twice. NOTIFICATIONS_BEAT_SECONDS (environment) shortens
the period for integration tests.
"""

import os

EVERY = float(os.environ.get("NOTIFICATIONS_BEAT_SECONDS", "60"))

SCHEDULE = {
    "notifications-scan-reminders": {"task": "notifications.scan_reminders", "schedule": EVERY},
    "notifications-sweep-outbox": {"task": "notifications.sweep_outbox", "schedule": EVERY},
}
