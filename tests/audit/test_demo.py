"""What the demo organiser finds on an event's history: the demo's own changes, made
through the services (so audit/ needs no demo.py of its own)."""

import pytest
from django.urls import reverse

from audit.models import LogEntry
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module


def test_organiser_finds_the_demo_decisions_in_the_event_history(demo):
    event = demo.events["akynw-next"]
    entries = LogEntry.objects.filter(event=event)
    assert entries.filter(action_type="participants.application.submitted").exists()
    page = client_for("organiser@bridges.demo").get(reverse("audit-event-log", args=[event.slug]))
    assert page.status_code == 200
    assert "Application submitted" in page.content.decode()
