"""Everything that changes scheduling state, one module per job:

- ``requests``: what the solver is asked (the event's rules, session requests,
  speakers' availability)
- ``runs``: solver runs (start, cancel, the worker's solve, reaping lost runs) and
  accepting a proposal, whose placements become sessions through ``programmes.services``
- ``teams``: teams of confirmed participants (formed balanced, a member moved, renamed)
- ``live``: sessions that started or ended, recorded and announced once

Callers import from ``scheduling.services``; the names below are the public ones.
"""

from .live import LIVE_LOOKBACK, live_phases_advance
from .requests import (
    AVAILABILITY_FIELDS,
    REQUEST_FIELDS,
    RULES_FIELDS,
    availability_add,
    availability_delete,
    rules_update,
    session_request_create,
    session_request_delete,
    session_request_update,
)
from .runs import (
    STALE_GRACE,
    proposal_accept,
    schedule_run_cancel,
    schedule_run_execute,
    schedule_run_start,
    schedule_runs_reap,
)
from .teams import team_member_move, team_rename, teams_form

__all__ = [
    "AVAILABILITY_FIELDS",
    "LIVE_LOOKBACK",
    "REQUEST_FIELDS",
    "RULES_FIELDS",
    "STALE_GRACE",
    "availability_add",
    "availability_delete",
    "live_phases_advance",
    "proposal_accept",
    "rules_update",
    "schedule_run_cancel",
    "schedule_run_execute",
    "schedule_run_start",
    "schedule_runs_reap",
    "session_request_create",
    "session_request_delete",
    "session_request_update",
    "team_member_move",
    "team_rename",
    "teams_form",
]
