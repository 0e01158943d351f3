"""Periodic work of surveys (merged by backend/celery.py): one scan a minute opens
waves (sends their invitations) and sends due reminders; a wave closes by its time."""

import os

EVERY = float(os.environ.get("NOTIFICATIONS_BEAT_SECONDS", "60"))

SCHEDULE = {"surveys-send-due": {"task": "surveys.send_due", "schedule": EVERY}}
