"""Services of every app write their entries: through the API, the pages and the tasks."""

from django.urls import reverse

from audit.models import LogEntry
from notifications.models import TemplateOverride


def test_scheduling_rules_through_the_api_log_the_changed_fields(organiser_client, event):
    url = reverse("scheduling-rules", kwargs={"event_id": event.pk})
    response = organiser_client.put(
        url, {"slot_minutes": 30, "day_starts_at": "08:30"}, format="json"
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get()
    assert (entry.action_type, entry.actor, entry.event) == (
        "scheduling.rules.changed",
        organiser_client.user,
        event,
    )
    assert entry.data["changes"] == {
        "slot_minutes": {"before": 15, "after": 30},
        "day_starts_at": {"before": "09:00:00", "after": "08:30:00"},
    }


def test_scheduling_rules_refused_write_no_entry(organiser_client, event):
    url = reverse("scheduling-rules", kwargs={"event_id": event.pk})
    response = organiser_client.put(url, {"day_ends_at": "08:00"}, format="json")
    assert response.status_code == 400
    assert not LogEntry.objects.exists()


def test_message_template_saved_on_the_page_logs_subject_and_body(organiser_client, event):
    from django.test import Client

    browser = Client()
    browser.force_login(organiser_client.user)
    url = f"/organiser/events/{event.pk}/messages/"
    data = {
        "kind": "decision_accepted",
        "language": "",
        "subject": "Welcome to {event_title}",
        "body": "Dear {first_name}, see you.",
        "save": "1",
    }
    assert browser.post(url, data).status_code == 302, TemplateOverride.objects.all()
    entry = LogEntry.objects.get(action_type="notifications.template.saved")
    assert entry.actor == organiser_client.user
    assert entry.data["changes"]["subject"] == {"before": None, "after": "Welcome to {event_title}"}
