"""The dashboard's seats by gender against each gender's quota (programmes.GenderQuota):
the selector, the stats API and the dashboard page read the same figures."""

from __future__ import annotations

from django.core.cache import cache

from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from programmes.models import GenderQuota
from reports.selectors import event_stats
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.pages import browser


def test_seats_by_gender_against_their_minimum_and_maximum(organisation, organiser_client):
    event = EventFactory(organisation=organisation, capacity=10)
    GenderQuota.objects.create(event=event, gender="female", minimum=2, maximum=5)
    GenderQuota.objects.create(event=event, gender="male", maximum=1)
    GenderQuota.objects.create(event=event, gender="non_binary", minimum=1)
    ApplicationFactory(event=event, gender="female", status=S.ACCEPTED)
    for _ in range(2):
        ApplicationFactory(event=event, gender="male", status=S.CONFIRMED)
    ApplicationFactory(event=event, gender="female", status=S.SUBMITTED)  # holds no seat

    fill = {g.gender: g for g in event_stats(event).gender_fill}
    assert [(g, f.filled, f.minimum, f.maximum) for g, f in fill.items()] == [
        ("male", 2, 0, 1),
        ("female", 1, 2, 5),
        ("non_binary", 0, 1, None),
    ]
    assert fill["female"].under_minimum and fill["non_binary"].under_minimum
    assert fill["male"].over_maximum and not fill["male"].under_minimum

    cache.clear()
    rows = organiser_client.get(f"/api/v1/events/{event.slug}/stats/").json()["gender_fill"]
    female = next(row for row in rows if row["gender"] == "female")
    assert (female["filled"], female["minimum"], female["maximum"]) == (1, 2, 5)
    assert female["under_minimum"] is True

    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    html = browser(owner).get(f"/organise/events/{event.slug}/dashboard/").content.decode()
    assert "The line marks the gender&#x27;s minimum; a red bar is under it." in html
