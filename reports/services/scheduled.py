"""Scheduled exports: an organiser's standing order ("every day at 07:00 event time, the
attendance list to the logistics team"). Each is a django-celery-beat periodic task on a
crontab in the event's zone; a run is keyed by (schedule, local day), so a second beat
or a redelivered task makes no second file and no second mail."""

from __future__ import annotations

import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from audit.services import log_action
from backend.errors import BridgesError
from programmes.models import Event

from ..models import ExportRun, ScheduledExport
from .exports import export_check, export_start


def scheduled_export_create(
    *, event: Event, name: str, fmt: str, hour: int, minute: int, recipients, by
) -> ScheduledExport:
    """Save the order and its periodic task. Recipients must be members of the event's
    organisation who may run the export themselves (others are refused by the form)."""
    export = export_check(user=by, event=event, name=name, fmt=fmt)
    if not export.schedulable:
        raise BridgesError(
            _(
                "This list is read under the name of the person who downloads it: it cannot be scheduled."
            ),
            code="not_schedulable",
            field="export",
        )
    with transaction.atomic():
        scheduled = ScheduledExport.objects.create(
            event=event, export=name, format=fmt, hour=hour, minute=minute, created_by=by
        )
        scheduled.recipients.set(recipients)
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=event.time_zone,
        )
        scheduled.periodic_task = PeriodicTask.objects.create(
            name=f"reports.scheduled_export:{scheduled.pk}",
            task="reports.run_scheduled_export",
            crontab=crontab,
            kwargs=json.dumps({"scheduled_id": scheduled.pk}),
        )
        scheduled.save(update_fields=["periodic_task"])
        log_action(scheduled, "reports.scheduled_export.created", user=by, event=event)
    return scheduled


def scheduled_export_delete(*, scheduled: ScheduledExport, by) -> None:
    with transaction.atomic():
        log_action(scheduled, "reports.scheduled_export.deleted", user=by, event=scheduled.event)
        if scheduled.periodic_task_id:
            PeriodicTask.objects.filter(pk=scheduled.periodic_task_id).delete()
        scheduled.delete()


def scheduled_export_fire(*, scheduled_id: int) -> ExportRun | None:
    """Beat's call: queue today's run (in the event's zone) unless it exists already."""
    scheduled = (
        ScheduledExport.objects.select_related("event", "created_by")
        .filter(pk=scheduled_id)
        .first()
    )
    if scheduled is None:
        return None
    occasion = timezone.now().astimezone(scheduled.event.zone).date().isoformat()
    if ExportRun.objects.filter(scheduled=scheduled, occasion=occasion).exists():
        return None
    try:
        return export_start(
            user=None,
            event=scheduled.event,
            name=scheduled.export,
            fmt=scheduled.format,
            scheduled=scheduled,
            occasion=occasion,
        )
    except IntegrityError:  # another beat or a redelivery queued it first
        return None
