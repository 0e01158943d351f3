"""Periodic work of reports/ (merged by backend/celery.py). The webhook scan writes one
delivery per occurrence (unique key) and the sweep re-sends deliveries a killed worker or
a broker outage left pending (the row lock and its status keep one from going twice)."""

import os

SCAN_EVERY = float(os.environ.get("REPORTS_WEBHOOK_SCAN_SECONDS", "10"))

SCHEDULE = {
    "reports-scan-webhooks": {"task": "reports.scan_webhooks", "schedule": SCAN_EVERY},
    "reports-sweep-webhooks": {"task": "reports.sweep_webhooks", "schedule": 60.0},
    "reports-sweep-export-runs": {"task": "reports.sweep_export_runs", "schedule": 60.0},
}
