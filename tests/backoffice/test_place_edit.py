"""Changing a leg or a venue after it was added, on the wizard's pages: every language side
by side, saved through the services (audited), a refusal beside its field with nothing
saved, a venue that holds sessions kept, and no one else's leg or venue reachable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import LogEntry
from programmes.enums import MemberRole
from programmes.models import Venue
from tests.factories.programmes import (
    EventFactory,
    LegFactory,
    MembershipFactory,
    SessionFactory,
    VenueFactory,
)
from tests.pages import browser, field_container


@pytest.fixture
def organiser_and_event(organisation):
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    event = EventFactory(
        organisation=organisation,
        working_languages=["en", "fr"],
        start_date=dt.date(2027, 7, 5),
        end_date=dt.date(2027, 7, 13),
        time_zone="Europe/Paris",
    )
    return browser(user), event


def _fr(name, event, *args):
    with translation.override("fr"):
        return reverse(f"backoffice:event-{name}", args=[event.slug, *args])


def test_a_leg_is_changed_in_each_language(organiser_and_event):
    client, event = organiser_and_event
    leg = LegFactory(event=event, city_en="Lyons", country="FR", time_zone="Europe/Paris")
    dates = client.get(_fr("dates", event)).content.decode()
    assert _fr("leg-edit", event, leg.pk) in dates

    page = client.get(_fr("leg-edit", event, leg.pk)).content.decode()
    assert 'value="Lyons"' in field_container(page, "id_city_en")
    data = {
        "city_en": "Lyons",
        "city_fr": "Lyon",
        "country": "FR",
        "time_zone": "Europe/Paris",
        "start_date": "2027-07-06",
        "end_date": "2027-07-09",
    }
    assert client.post(_fr("leg-edit", event, leg.pk), data).status_code == 302
    leg.refresh_from_db()
    assert (leg.city_en, leg.city_fr, str(leg.start_date)) == ("Lyons", "Lyon", "2027-07-06")
    assert LogEntry.objects.filter(action_type="programmes.leg.changed").count() == 1

    refused = client.post(_fr("leg-edit", event, leg.pk), {**data, "city_en": "", "city_fr": "X"})
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in field_container(refused.content.decode(), "id_city_en")
    leg.refresh_from_db()
    assert (leg.city_en, leg.city_fr) == ("Lyons", "Lyon")


def test_a_venue_is_changed_and_removed_only_when_it_holds_no_session(organiser_and_event):
    client, event = organiser_and_event
    venue = VenueFactory(organisation=event.organisation, name_en="Hall A", capacity=80)
    assert _fr("venue-edit", event, venue.pk) in client.get(_fr("venues", event)).content.decode()
    data = {
        "name_en": "Hall A",
        "name_fr": "Salle A",
        "city": "Seoul",
        "country": "KR",
        "time_zone": "Asia/Seoul",
        "capacity": 120,
    }
    assert client.post(_fr("venue-edit", event, venue.pk), data).status_code == 302
    venue.refresh_from_db()
    assert (venue.name_en, venue.name_fr, venue.capacity) == ("Hall A", "Salle A", 120)

    # Lower than a session it holds needs: refused beside the capacity, nothing saved.
    SessionFactory(event=event, venue=venue, capacity=100)
    refused = client.post(_fr("venue-edit", event, venue.pk), {**data, "capacity": 50})
    assert refused.status_code == 400
    assert "100" in field_container(refused.content.decode(), "id_capacity")
    venue.refresh_from_db()
    assert venue.capacity == 120

    # A venue with sessions stays; an empty one goes.
    kept = client.post(_fr("venue-delete", event, venue.pk), follow=True)
    assert Venue.objects.filter(pk=venue.pk).exists()
    assert "Des sessions ont lieu dans ce lieu" in kept.content.decode()
    empty = VenueFactory(organisation=event.organisation)
    assert client.post(_fr("venue-delete", event, empty.pk)).status_code == 302
    assert not Venue.objects.filter(pk=empty.pk).exists()


def test_no_one_elses_leg_or_venue(organiser_and_event):
    client, event = organiser_and_event
    other = EventFactory()
    foreign_leg = LegFactory(event=other)
    foreign_venue = VenueFactory(organisation=other.organisation)
    assert client.get(_fr("leg-edit", event, foreign_leg.pk)).status_code == 404
    assert client.get(_fr("venue-edit", event, foreign_venue.pk)).status_code == 404
    assert client.post(_fr("venue-delete", event, foreign_venue.pk)).status_code == 404
    assert Venue.objects.filter(pk=foreign_venue.pk).exists()
    # Nor may another organisation's organiser open this event's.
    outsider = browser(MembershipFactory(role=MemberRole.ORGANISER).user)
    venue = VenueFactory(organisation=event.organisation)
    assert outsider.get(_fr("venue-edit", event, venue.pk)).status_code == 404
