"""A participant fills the follow-up form on a phone, and the reminder stops."""

import datetime as dt

import pytest
from django.utils import timezone

from logistics import services
from notifications.models import Message
from tests.browser.helpers import log_in
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.logistics.test_follow_up import make_follow_up

pytestmark = pytest.mark.django_db(transaction=True)


def test_participant_fills_the_follow_up_form_on_a_phone_and_reminders_stop(page):
    now = timezone.now()
    event = EventFactory(
        start_date=(now + dt.timedelta(days=40)).date(),
        end_date=(now + dt.timedelta(days=45)).date(),
    )
    organiser = MembershipFactory(organisation=event.organisation, role="organiser").user
    follow_up, flight, diet = make_follow_up(event, organiser, deadline=now + dt.timedelta(days=6))
    participant = ParticipantFactory(event=event)
    assert services.follow_up_reminders_due(now=now) == 1  # 6 days left: the 7-day reminder

    log_in(page, participant.applicant)
    page.goto(f"/events/{event.slug}/travel/follow-up/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Arrival flight").fill("VN416")
    page.get_by_label("Halal").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector("#follow-up-done")
    assert page.get_by_label("Arrival flight").input_value() == "VN416"

    # The 2-day reminder finds nobody left to remind.
    assert services.follow_up_reminders_due(now=now + dt.timedelta(days=4, hours=1)) == 0
    assert (
        Message.objects.filter(idempotency_key__startswith="logistics:follow-up-reminder:").count()
        == 1
    )
