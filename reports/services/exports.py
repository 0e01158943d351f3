"""Running exports: the one path the export page, the API, the background job and the
scheduled exports all take.

``export_check`` is the rule (the export's named permission on the event, the format it
offers) and ``export_params`` validates the export's filters; ``export_table`` applies
the privacy rules (sensitive columns only when asked, and never a protected minor's) and
hands the export an ``ExportContext`` (who asks, the filters), so a list that reveals
protected data per person audits each person seen under the reader's name; every run is
an ``ExportRun`` row with its audit entry (who, which list, format, filters, sensitive or
not, how many rows). Small exports stream at once
(``export_stream``); larger ones (``SYNC_MAX_ROWS``) become a job (``export_start``) run by
the worker (``export_run``: progress on the row, the file in private storage, a link
mailed through the outbox).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.celery import app as celery_app
from backend.errors import BridgesError
from backend.files import private_storage
from notifications.enums import MessageKind
from notifications.services import message_queue
from participants.exports import FORMULA_PREFIXES, spreadsheet_safe
from programmes.models import Event

from ..exports import Column, Export, ExportContext, get_export, writers
from ..models import ExportRun, RunStatus

log = logging.getLogger(__name__)

# Above this many rows an export runs in the background and its link is mailed.
SYNC_MAX_ROWS = 5000
# How often (in rows) a background run saves its progress.
PROGRESS_EVERY = 1000
FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


@dataclass
class Download:
    filename: str
    content_type: str
    chunks: Iterator[bytes]
    run: ExportRun


def export_check(*, user, event: Event, name: str, fmt: str) -> Export:
    """The export, if ``user`` may run it on ``event`` in ``fmt``; PermissionDenied (403)
    for a user without its rule, BridgesError (400, field ``format``) for a format it
    does not offer, and ``name`` (404 upstream) for an unknown export."""
    export = get_export(name)
    if export is None:
        raise BridgesError(_("There is no such export."), code="unknown_export", field="export")
    if not user.has_perm(export.permission, event):
        raise PermissionDenied(_("Only the event's organisers can run this export."))
    if fmt not in export.formats:
        raise BridgesError(
            _("This export is available as %(formats)s.") % {"formats": ", ".join(export.formats)},
            code="format",
            field="format",
        )
    return export


def export_params(export: Export, event: Event, raw: Mapping[str, str] | None) -> dict[str, str]:
    """The export's filters among ``raw`` (a query string: other keys are ignored),
    validated by the export; BridgesError (400, naming the filter) for a bad value."""
    if not export.param_names:
        return {}
    raw = raw or {}
    given = {name: str(raw.get(name, "")) for name in export.param_names if name in raw}
    if export.clean_params is None:
        return {name: value for name, value in given.items() if value}
    return export.clean_params(event, given)


def export_table(
    export: Export,
    event: Event,
    *,
    sensitive: bool,
    user=None,
    params: Mapping[str, str] | None = None,
) -> tuple[list[Column], Iterator[list[Any]]]:
    """The export's columns and plain rows after the privacy rules: sensitive columns are
    left out unless asked for, and a protected row (a minor without a guardian's consent)
    has them blank. ``user`` (who reads the rows) and ``params`` (the validated filters)
    reach the export in its ``ExportContext``."""
    context = ExportContext(user=user, params=dict(params or {}), sensitive=sensitive)
    columns, rows = export.table(event, context)
    keep = [i for i, c in enumerate(columns) if sensitive or not c.sensitive]
    blank = {i for i in keep if columns[i].sensitive}
    # People write these texts and organisers open them in a spreadsheet: a text that
    # could start a formula goes through spreadsheet_safe (checked by its first
    # character first, so a 100,000-row export pays almost nothing for it).
    texts = [n for n, i in enumerate(keep) if columns[i].kind == "text"]

    def plain() -> Iterator[list[Any]]:
        for row in rows:
            values = row.values
            if row.protected and blank:
                out = ["" if i in blank else values[i] for i in keep]
            else:
                out = [values[i] for i in keep]
            for n in texts:
                value = out[n]
                if value and isinstance(value, str) and value[0] in FORMULA_STARTS:
                    out[n] = spreadsheet_safe(value)
            yield out

    return [columns[i] for i in keep], plain()


def _filename(export: Export, event: Event, fmt: str, params: Mapping[str, str]) -> str:
    """``<event>-<export>[-<filter value>...].<fmt>``, safe for a header."""
    parts = [event.slug, export.name, *(slugify(v)[:30] for v in params.values())]
    return "-".join(p for p in parts if p) + f".{fmt}"


def _record(
    *,
    export: Export,
    event: Event,
    fmt: str,
    by,
    sensitive: bool,
    rows: int,
    status: str,
    params: Mapping[str, str],
    scheduled=None,
    occasion: str = "",
) -> ExportRun:
    run = ExportRun.objects.create(
        scheduled=scheduled,
        occasion=occasion,
        event=event,
        export=export.name,
        format=fmt,
        sensitive=sensitive,
        params=dict(params),
        requested_by=by,
        status=status,
        rows_total=rows,
        rows_done=rows if status == RunStatus.DONE else 0,
        finished_at=timezone.now() if status == RunStatus.DONE else None,
    )
    data = {"export": export.name, "format": fmt, "rows": rows, "sensitive": sensitive}
    if params:
        data["params"] = dict(params)
    log_action(run, "reports.export.run", user=by, data=data, event=event, sensitive=sensitive)
    return run


def _write(export: Export, event: Event, fmt: str, columns, rows, out) -> None:
    if fmt == "xlsx":
        writers.write_xlsx(out, str(export.title), columns, rows)
    elif fmt == "pdf":
        writers.write_pdf(out, f"{export.title} · {event.title}", columns, rows)
    else:
        for chunk in writers.csv_chunks([str(c.title) for c in columns], rows):
            out.write(chunk)


def _file_chunks(handle, size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


def export_stream(
    *,
    user,
    event: Event,
    name: str,
    fmt: str,
    sensitive: bool = False,
    params: Mapping[str, str] | None = None,
) -> Download | ExportRun:
    """Run an export now: a Download whose chunks stream (CSV straight from the rows;
    XLSX and PDF through a temporary file that spills to disk), or, past ``SYNC_MAX_ROWS``,
    the queued background run. ``params``: the export's filters (a query string)."""
    export = export_check(user=user, event=event, name=name, fmt=fmt)
    clean = export_params(export, event, params)
    context = ExportContext(user=user, params=clean, sensitive=sensitive)
    count = export.count(event, context)
    if count > SYNC_MAX_ROWS:
        return export_start(
            user=user, event=event, name=name, fmt=fmt, sensitive=sensitive, params=clean
        )
    run = _record(
        export=export,
        event=event,
        fmt=fmt,
        by=user,
        sensitive=sensitive,
        rows=count,
        status=RunStatus.DONE,
        params=clean,
    )
    columns, rows = export_table(export, event, sensitive=sensitive, user=user, params=clean)
    if fmt == "csv":
        chunks = writers.csv_chunks([str(c.title) for c in columns], rows)
    else:
        handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        _write(export, event, fmt, columns, rows, handle)
        handle.seek(0)
        chunks = _file_chunks(handle)
    return Download(_filename(export, event, fmt, clean), writers.CONTENT_TYPES[fmt], chunks, run)


def export_start(
    *,
    user,
    event: Event,
    name: str,
    fmt: str,
    sensitive: bool = False,
    params: Mapping[str, str] | None = None,
    scheduled=None,
    occasion: str = "",
) -> ExportRun:
    """Queue a background run (audited now, with the count at the time of asking)."""
    export = export_check(user=user, event=event, name=name, fmt=fmt) if user else get_export(name)
    if user is None and not export.schedulable:
        # A run nobody asked for would read data that must be read under a person's name.
        raise PermissionDenied
    clean = export_params(export, event, params)
    context = ExportContext(user=user, params=clean, sensitive=sensitive)
    with transaction.atomic():
        run = _record(
            export=export,
            event=event,
            fmt=fmt,
            by=user,
            sensitive=sensitive,
            rows=export.count(event, context),
            status=RunStatus.QUEUED,
            params=clean,
            scheduled=scheduled,
            occasion=occasion,
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    task = celery_app.tasks["reports.run_export"]
    try:
        task.apply_async(kwargs={"run_id": run_id}, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure; the beat scan re-enqueues
        if task.app.conf.task_always_eager:
            raise
        log.warning("Could not enqueue export run %s (%s); the scan will retry.", run_id, exc)


class _Progress:
    """Counts the rows as the writer takes them and saves the count now and then."""

    def __init__(self, run: ExportRun, rows):
        self.run, self.rows = run, rows

    def __iter__(self):
        done = 0
        for row in self.rows:
            yield row
            done += 1
            if done % PROGRESS_EVERY == 0:
                ExportRun.objects.filter(pk=self.run.pk).update(rows_done=done)
        self.run.rows_done = done


def export_run(*, run_id: int) -> ExportRun | None:
    """The worker's part: write the file, keep it privately, mail the link. Idempotent: a
    run that is done (or another worker holds) is left alone; a retry after a crash
    starts the file again."""
    with transaction.atomic():
        run = (
            ExportRun.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "requested_by", "scheduled")
            .filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
            .first()
        )
        if run is None:
            return None
        run.status = RunStatus.RUNNING
        run.save(update_fields=["status"])
    export = get_export(run.export)
    event = run.event
    columns, rows = export_table(
        export, event, sensitive=run.sensitive, user=run.requested_by, params=run.params
    )
    progress = _Progress(run, rows)
    with tempfile.TemporaryFile() as handle:
        _write(export, event, run.format, columns, progress, handle)
        handle.seek(0)
        filename = _filename(export, event, run.format, run.params)
        name = private_storage.save(f"exports/{event.pk}/{run.pk}-{filename}", File(handle))
    with transaction.atomic():
        run.storage_name = name
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["storage_name", "status", "finished_at", "rows_done"])
        recipients = list(run.scheduled.recipients.all()) if run.scheduled else [run.requested_by]
        for user in recipients:
            if user is not None:
                _mail_link(run, export, user)
    return run


def _mail_link(run: ExportRun, export: Export, user) -> None:
    profile = getattr(user, "profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        link = settings.SITE_URL + reverse("reports:export-download", args=[run.pk])
        params = {"export": export.title, "event": run.event.title, "rows": run.rows_done}
        subject = _("Your export is ready: %(export)s, %(event)s") % params
        text = (
            _(
                "The export %(export)s of %(event)s (%(rows)s rows) is ready. Download it here "
                "(sign in first; the link works for the event's organisers):"
            )
            % params
        )
    message_queue(
        kind=MessageKind.ACCOUNT,
        idempotency_key=f"reports-export:{run.pk}:{user.pk}",
        recipient=user,
        context={"account_subject": subject, "account_text": f"{text}\n\n{link}\n"},
        event=run.event,
        language=language,
    )


def export_run_failed(*, run_id: int, error: str) -> None:
    ExportRun.objects.filter(pk=run_id).exclude(status=RunStatus.DONE).update(
        status=RunStatus.FAILED, error=error[:300], finished_at=timezone.now()
    )


def export_file_for(*, user, run: ExportRun) -> str:
    """The stored file of a finished run, for someone who may run that export (the rule
    is asked again: a person who left the team cannot use an old link)."""
    export = get_export(run.export)
    if export is None or not user.has_perm(export.permission, run.event):
        raise PermissionDenied
    if run.status != RunStatus.DONE or not run.storage_name:
        raise BridgesError(_("This export is not ready."), code="not_ready", status=409)
    return run.storage_name


def export_runs_sweep(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> int:
    """Re-enqueue background runs still queued (a broker outage) or running on a killed
    worker well past their start; ``export_run`` locks each, so none runs twice at once."""
    due = timezone.now() - older_than
    ids = list(
        ExportRun.objects.filter(status=RunStatus.QUEUED, created_at__lte=due).values_list(
            "pk", flat=True
        )[:100]
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)
