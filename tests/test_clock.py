"""The tests' clock (tests/factories/clock.py): every test starts at the pinned instant, and
factory dates are counted from the clock, so they never fall into the past."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.clock import FROZEN_NOW
from tests.factories.participants import ApplicationFactory, GuardianConsentFactory
from tests.factories.programmes import EventFactory


def test_every_test_starts_at_the_pinned_clock(frozen_now):
    assert frozen_now == FROZEN_NOW
    assert FROZEN_NOW <= timezone.now() < FROZEN_NOW + dt.timedelta(minutes=5)


def test_the_factories_event_is_in_july_2027_under_the_pin():
    # Tests that spell out 2027 dates rely on this.
    event = EventFactory.build()
    assert (event.start_date, event.end_date) == (dt.date(2027, 7, 5), dt.date(2027, 7, 13))


@pytest.mark.django_db
def test_factory_dates_move_with_the_clock(time_machine):
    time_machine.move_to(dt.datetime(2031, 2, 10, 8, 0, tzinfo=dt.UTC))
    event = EventFactory()
    assert (event.start_date, event.end_date) == (dt.date(2031, 8, 11), dt.date(2031, 8, 19))
    application = ApplicationFactory(event=event)
    assert application.submitted_at == dt.datetime(2031, 2, 9, 3, 0, tzinfo=dt.UTC)
    # 25 on the day, 26 before the event starts.
    assert application.date_of_birth == dt.date(2005, 4, 20)
    assert application.applicant.profile.date_of_birth == dt.date(2005, 4, 20)
    consent = GuardianConsentFactory(application__event=event)
    assert consent.expires_at > timezone.now() + dt.timedelta(days=300)
