"""The hand-built JSON of the hot reads equals what the documented serializers produce."""

import datetime as dt

from programmes.api import render
from programmes.api.serializers import EventSerializer, SessionSerializer
from programmes.models import Event, Session
from programmes.selectors import event_sessions, with_event_relations
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    VenueFactory,
)


def test_event_json_matches_serializer(organisation):
    full = EventFactory(
        organisation=organisation,
        programme=ProgrammeFactory(organisation=organisation),
        applications_open_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        applications_close_at=dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
        eligible_countries=["KR", "VN", "TH"],
        min_age=18,
        max_age=29,
    )
    full.co_organisers.add(OrganisationFactory())
    full.partners.add(OrganisationFactory())
    LegFactory(event=full)
    CountryQuotaFactory(event=full)
    bare = EventFactory(host_country="VN", time_zone="Asia/Ho_Chi_Minh")

    for event in with_event_relations(Event.objects.filter(pk__in=[full.pk, bare.pk])):
        assert render.event_json(event) == EventSerializer(event).data


def test_session_json_matches_serializer(event):
    venue = VenueFactory(
        organisation=event.organisation, city="Hanoi", country="VN", time_zone="Asia/Ho_Chi_Minh"
    )
    with_venue = SessionFactory(event=event, venue=venue, capacity=30, description="Bring water.")
    with_venue.speakers.add(
        PersonFactory(organisation=event.organisation, country=""),
        PersonFactory(organisation=event.organisation, country="TH"),
    )
    SessionFactory(event=event, venue=None)

    sessions = list(event_sessions(event))
    assert len(sessions) == 2
    for session in sessions:
        assert render.session_json(session, event) == SessionSerializer(session).data
    assert Session.objects.count() == 2
