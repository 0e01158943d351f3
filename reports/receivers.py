"""What reports/ does when other apps announce a change: the event's cached figures are
dropped (a new version key), so a dashboard shows a decision at once."""

from __future__ import annotations

from django.db import transaction

from .selectors import stats_version_bump


def on_application_status_changed(sender, *, application, **kwargs) -> None:
    event_id = application.event_id
    transaction.on_commit(lambda: stats_version_bump("event", event_id))
