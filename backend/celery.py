import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("bridges")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each app keeps its periodic work in `<app>/beat.py` as a plain SCHEDULE dict, so the
# schedule lives beside the tasks it runs. Every entry is a scan for what is due
# (idempotent under a lock), so two beat processes never make a message or a change twice.
BEAT_MODULES = (
    "programmes",
    "participants",
    "review",
    "notifications",
    "scheduling",
    "attendance",
    "delegations",
    "logistics",
    "surveys",
    "reports",
)


def collect_beat_schedule() -> dict:
    schedule: dict = {}
    for name in BEAT_MODULES:
        try:
            module = importlib.import_module(f"{name}.beat")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.beat":
                raise
            continue
        schedule.update(module.SCHEDULE)
    return schedule


app.conf.beat_schedule = collect_beat_schedule()
