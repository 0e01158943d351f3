import datetime as dt

import factory

from programmes.enums import SessionType
from scheduling.models import (
    ScheduleRun,
    SchedulingRules,
    SessionRequest,
    SpeakerAvailability,
    Team,
    TeamMember,
)
from tests.factories.programmes import EventFactory, PersonFactory, UserFactory


class SchedulingRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchedulingRules
        django_get_or_create = ("event",)

    event = factory.SubFactory(EventFactory)
    slot_minutes = 15
    day_starts_at = dt.time(9, 0)
    day_ends_at = dt.time(18, 0)
    lunch_starts_at = dt.time(12, 0)
    lunch_ends_at = dt.time(13, 0)
    time_limit_seconds = 10


class SessionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRequest

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Lecture request {n}")
    kind = SessionType.LECTURE
    duration_minutes = 90
    city = "Seoul"


class SpeakerAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerAvailability

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..event.organisation")
    )
    starts_at = factory.LazyAttribute(lambda a: a.event.starts_at())
    ends_at = factory.LazyAttribute(lambda a: a.event.ends_at())


class ScheduleRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleRun

    event = factory.SubFactory(EventFactory)
    time_limit_seconds = 10


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda t: f"Team {t.number}")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    event = factory.SelfAttribute("team.event")
    user = factory.SubFactory(UserFactory)


def demo_workshop(event, problem=None):
    """Put the demo Youth Network Workshop (tests/scheduling/demo.py) into the database
    for ``event`` (5-13 July 2027, Asia/Seoul). Returns {solver id: request}."""
    from programmes.models import Leg
    from tests.factories.programmes import VenueFactory
    from tests.scheduling.demo import demo_problem

    problem = problem or demo_problem()
    org = event.organisation
    for leg in problem.legs:
        Leg.objects.create(
            event=event,
            city=leg.city,
            country="KR" if leg.city == "Seoul" else "VN",
            start_date=leg.start_date,
            end_date=leg.end_date,
        )
    venues = {
        v.id: VenueFactory(
            organisation=org,
            name=v.name,
            city=v.city,
            country="KR" if v.city == "Seoul" else "VN",
            time_zone=v.time_zone,
            capacity=v.capacity,
            opens_at=v.opens_at,
            closes_at=v.closes_at,
        )
        for v in problem.venues
    }
    people = {
        i: PersonFactory(organisation=org, name=problem.speaker_names.get(i, f"Speaker {i}"))
        for i in sorted(
            {s for r in problem.requests for s in r.speaker_ids} | set(problem.availability)
        )
    }
    teams = {}
    for r in problem.requests:
        if r.group != "all" and r.group not in teams:
            number = int(r.group.split("-")[1])
            teams[r.group] = TeamFactory(event=event, number=number, name=f"Team {number}")
    SchedulingRulesFactory(
        event=event,
        slot_minutes=problem.rules.slot_minutes,
        day_starts_at=problem.rules.day_start,
        day_ends_at=problem.rules.day_end,
        lunch_starts_at=problem.rules.meal_breaks[0][0],
        lunch_ends_at=problem.rules.meal_breaks[0][1],
    )
    requests = {}
    for r in problem.requests:
        request = SessionRequestFactory(
            event=event,
            title=r.title,
            duration_minutes=r.duration_minutes,
            city=r.city,
            min_capacity=r.min_capacity,
            venue=venues[r.venue_ids[0]] if r.venue_ids else None,
            team=teams.get(r.group),
            fixed_start=r.fixed_start,
            not_before_day=r.not_before_day,
            not_after_day=r.not_after_day,
        )
        request.speakers.set([people[s] for s in r.speaker_ids])
        requests[r.id] = request
    for r in problem.requests:
        requests[r.id].after.set([requests[a] for a in r.after_ids])
    for person_id, windows in problem.availability.items():
        for a, b in windows:
            SpeakerAvailabilityFactory(
                event=event, person=people[person_id], starts_at=a, ends_at=b
            )
    return requests
