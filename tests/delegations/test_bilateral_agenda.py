"""A scheduled bilateral in each side's delegates' own agenda page and calendar feed
(attendance's personal_appointments, fed by delegations.selectors.bilateral_appointments),
in the event's time zone, and its reminder through the outbox to both sides' focal points
and accredited delegates."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from attendance.models import Pass
from attendance.services import pass_for_application
from delegations import services
from delegations.models import Bilateral
from notifications.models import Message
from participants.enums import ApplicationStatus
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import LegFactory, VenueFactory

from .conftest import person


def _delegate(meeting, delegation, n, *, accredit=True):
    nominee = services.nominee_nominate(
        delegation=delegation, data=person(n), by=delegation.partner.focal_points.first()
    )
    if accredit:
        nominee = services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    return nominee


def _feed(application) -> str:
    token = Pass.objects.get(application=application).feed_token
    response = Client().get(f"/ical/{token}.ics")
    assert response.status_code == 200
    return response.content.decode()


def test_both_sides_see_their_bilateral_on_their_agenda_and_feed_and_get_a_reminder(meeting):
    event = meeting.event
    event.time_zone = "Europe/Sofia"
    event.save()
    LegFactory(event=event, city="Sofia", start_date=event.start_date, end_date=event.end_date)
    VenueFactory(organisation=event.organisation, city="Sofia", time_zone="Europe/Sofia")
    bg = _delegate(meeting, meeting.first, 1)
    th = _delegate(meeting, meeting.second, 2)
    pending = _delegate(meeting, meeting.second, 3, accredit=False)
    outsider = ApplicationFactory(event=event, status=ApplicationStatus.CONFIRMED)
    pass_for_application(application=outsider)

    bilateral = services.bilateral_request(
        requester=meeting.first, counterpart=meeting.second, by=meeting.first_focal
    )
    services.bilateral_answer(bilateral=bilateral, accept=True, by=meeting.second_focal)
    result = services.bilaterals_schedule(event=event, by=meeting.organiser, time_limit=2)
    assert result.placements
    bilateral = Bilateral.objects.get(pk=bilateral.pk)
    local = bilateral.starts_at.astimezone(event.zone)
    tzid = f"DTSTART;TZID=Europe/Sofia:{local:%Y%m%dT%H%M%S}"

    for nominee, other in ((bg, "Kingdom of Thailand"), (th, "Republic of Bulgaria")):
        page = Client()
        page.force_login(nominee.user)
        html = page.get(f"/events/{event.slug}/my-agenda/").content.decode()
        assert f"Bilateral meeting with {other}" in html
        assert f"{local:%H:%M}" in html
        feed = _feed(nominee.application)
        assert f"UID:bilateral-{bilateral.pk}@bridges" in feed
        assert f"SUMMARY:Bilateral meeting with {other}" in feed
        assert tzid in feed
    # A participant outside both delegations sees nothing of it.
    assert "bilateral-" not in _feed(outsider)
    page = Client()
    page.force_login(outsider.applicant)
    assert "Bilateral meeting" not in page.get(f"/events/{event.slug}/my-agenda/").content.decode()

    # The reminder scan, an hour before: both focal points and both accredited delegates
    # (with their own agenda's link), not the nominee who is not accredited; once.
    with time_machine.travel(bilateral.starts_at - dt.timedelta(hours=1), tick=False):
        assert services.bilateral_reminders_send() == 1
        assert services.bilateral_reminders_send() == 0
    reminders = Message.objects.filter(template="delegations/bilateral", context__what="reminder")
    assert set(reminders.values_list("recipient_id", flat=True)) == {
        meeting.first_focal.pk,
        meeting.second_focal.pk,
        bg.user_id,
        th.user_id,
    }
    assert pending.user_id not in set(reminders.values_list("recipient_id", flat=True))
    to_delegate = reminders.get(recipient_id=bg.user_id)
    assert to_delegate.context["link"].endswith(f"/events/{event.slug}/my-agenda/")
    assert to_delegate.context["times"]["bilateral"]["zone"] == "Europe/Sofia"
