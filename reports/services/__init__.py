"""Every state change of reports/: exports (runs, jobs, schedules), webhooks."""

from .exports import (
    SYNC_MAX_ROWS,
    Download,
    export_check,
    export_file_for,
    export_run,
    export_run_failed,
    export_runs_sweep,
    export_start,
    export_stream,
    export_table,
)
from .scheduled import scheduled_export_create, scheduled_export_delete, scheduled_export_fire
from .tokens import token_create, token_revoke

__all__ = [
    "SYNC_MAX_ROWS",
    "Download",
    "export_check",
    "export_file_for",
    "export_run",
    "export_run_failed",
    "export_runs_sweep",
    "export_start",
    "export_stream",
    "export_table",
    "scheduled_export_create",
    "scheduled_export_delete",
    "scheduled_export_fire",
    "token_create",
    "token_revoke",
]
