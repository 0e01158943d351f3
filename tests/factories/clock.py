"""The tests' clock.

tests/conftest.py pins every test (except browser and integration tests, whose browser or
worker runs on the real clock) to FROZEN_NOW, with a ticking clock. Factory dates are
counted from `timezone.now()` when the object is built, so under the pin they are the
same on every run (the factories' event runs 5-13 July 2027), and without it they stay
ahead of the real clock instead of falling into the past.
"""

import datetime as dt

from django.utils import timezone

# 09:00 on a Monday in Seoul, six months (182 days) before the factories' event.
FROZEN_NOW = dt.datetime(2027, 1, 4, 0, 0, tzinfo=dt.UTC)


def today() -> dt.date:
    """Today's date in UTC (the project's TIME_ZONE)."""
    return timezone.now().date()


def days_from_today(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def at(*, days: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """`days` after today at hour:minute UTC: the same instant for every object a test
    builds that day, however long the test runs."""
    return dt.datetime.combine(days_from_today(days), dt.time(hour, minute), tzinfo=dt.UTC)


def birthday(*, age: int, in_days: int) -> dt.date:
    """The date of birth of someone who is `age` today and one year older in `in_days`."""
    turns_next = days_from_today(in_days)
    try:
        return turns_next.replace(year=turns_next.year - age - 1)
    except ValueError:  # born on 29 February
        return turns_next.replace(year=turns_next.year - age - 1, day=28)
