"""The log itself: entries written with the change, in its transaction, with before/after."""

import pytest
from django.db import transaction

from audit.models import LogEntry
from audit.services import log_action, snapshot
from backend.errors import BridgesError
from programmes import services as programme_services


def test_a_change_through_the_api_writes_one_entry_with_actor_and_fields(event, organiser_client):
    response = organiser_client.patch(
        f"/api/v1/events/{event.slug}/", {"title": "Youth Network Workshop 2027"}, format="json"
    )
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get(action_type="programmes.event.changed")
    assert entry.actor == organiser_client.user
    assert (entry.content_object, entry.event, entry.organisation) == (
        event,
        event,
        event.organisation,
    )
    assert entry.data == {
        "changes": {"title": {"before": event.title, "after": "Youth Network Workshop 2027"}}
    }


def test_a_refused_change_writes_nothing(event, organiser_client):
    response = organiser_client.patch(
        f"/api/v1/events/{event.slug}/", {"end_date": "1999-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert not LogEntry.objects.exists()


def test_a_change_that_changes_nothing_writes_nothing(event):
    programme_services.event_update(event=event, data={"title": event.title})
    assert not LogEntry.objects.exists()


def test_the_entry_rolls_back_with_the_change(event):
    with pytest.raises(RuntimeError), transaction.atomic():
        programme_services.event_update(event=event, data={"title": "Renamed"})
        assert LogEntry.objects.count() == 1
        raise RuntimeError("after log_action, before commit")
    event.refresh_from_db()
    assert event.title != "Renamed"
    assert not LogEntry.objects.exists()


def test_a_service_outside_a_request_logs_the_system(event):
    programme_services.event_update(event=event, data={"title": "By a task"})
    assert LogEntry.objects.get().actor is None


def test_unknown_action_types_are_refused(event):
    with pytest.raises(ValueError, match="unknown audit action type"):
        log_action(event, "programmes.event.renamed")


def test_snapshot_writes_dates_and_keys_as_json(event):
    values = snapshot(event, ["start_date", "organisation", "title"])
    assert values == {
        "start_date": event.start_date.isoformat(),
        "organisation": event.organisation_id,
        "title": event.title,
    }


def test_validation_errors_name_the_field_and_leave_no_entry(event):
    with pytest.raises(BridgesError):
        programme_services.event_update(event=event, data={"nope": 1})
    assert not LogEntry.objects.exists()
