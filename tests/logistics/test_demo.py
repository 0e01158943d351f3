"""What the demo organiser finds in the travel pages, and a second load changes nothing."""

import pytest

from logistics import demo as logistics_demo
from logistics.models import (
    FollowUpResponse,
    LogisticsAccess,
    RoomAssignment,
    TravelProfile,
    VisaCase,
    VisaLetter,
)
from notifications.models import Message
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo

ESG = "asean-korea-esg-youth-forum"


def _counts():
    return (
        TravelProfile.objects.count(),
        VisaCase.objects.count(),
        VisaLetter.objects.count(),
        RoomAssignment.objects.count(),
        FollowUpResponse.objects.count(),
        Message.objects.count(),
    )


def test_the_demo_organiser_has_travel_work(demo):
    client = client_for("organiser@bridges.demo")
    overview = client.get(f"/organise/events/{ESG}/logistics/").content.decode()
    assert "Thiri Aung" in overview and "Applied" in overview
    passports = client.get(f"/organise/events/{ESG}/logistics/passports/").content.decode()
    assert "MD123456" in passports  # the organiser holds the logistics role
    assert LogisticsAccess.objects.filter(user__email="organiser@bridges.demo").exists()
    follow_up = client.get(f"/organise/events/{ESG}/logistics/follow-up/").content.decode()
    assert "2 people have not answered" in follow_up
    rooms = client.get(f"/organise/events/{ESG}/logistics/rooms/").content.decode()
    assert (
        "Koreana Hotel" in rooms
        and RoomAssignment.objects.filter(block__hotel__event__slug=ESG).count() == 4
    )
    transport = client.get(f"/organise/events/{ESG}/logistics/transport/").content.decode()
    assert "ICN" in transport and "VN416" in transport
    assert VisaLetter.objects.filter(application__event__slug=ESG).count() == 2  # Rizky and Thiri


def test_a_second_load_changes_nothing(demo):
    # The whole load_demo twice is tests/programmes/test_demo.py's; this app's part again:
    before = _counts()
    logistics_demo.load(demo)
    assert _counts() == before
