"""``LoggedModel``: pretix's ``obj.log_action(...)`` for models that want it."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import LogEntry
from .selectors import entries_for
from .services import CURRENT, log_action


class LoggedModel:
    """Mix into a model: ``application.log_action("participants.application.withdrawn", user=by)``."""

    def log_action(
        self, action: str, *, user=CURRENT, data: dict | None = None, before: dict | None = None
    ) -> LogEntry | None:
        return log_action(self, action, user=user, data=data, before=before)

    def log_entries(self) -> QuerySet[LogEntry]:
        return entries_for(self)
