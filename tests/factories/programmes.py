import datetime as dt

import factory
from django.contrib.auth import get_user_model

from programmes.enums import EventKind, EventStatus, MemberRole, OrganisationKind, SessionType
from programmes.models import CountryQuota, Event, Leg, Membership, Organisation, Person, Programme, Session, Venue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"ASEAN-Korea Centre {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    country = "KR"
    kind = OrganisationKind.CENTRE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.ORGANISER


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"ASEAN-Korea Youth Network Workshop {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    organisation = factory.SubFactory(OrganisationFactory)
    kind = EventKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Youth Network Workshop {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "Lectures, site visits, team missions and cultural exchanges."
    host_country = "KR"
    start_date = dt.date(2027, 7, 5)
    end_date = dt.date(2027, 7, 13)
    time_zone = "Asia/Seoul"
    capacity = 48
    status = EventStatus.PUBLISHED
    working_languages = ["en"]


class LegFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leg

    event = factory.SubFactory(EventFactory)
    city = "Seoul"
    country = "KR"
    start_date = factory.LazyAttribute(lambda leg: leg.event.start_date)
    end_date = factory.LazyAttribute(lambda leg: leg.event.end_date)


class CountryQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryQuota

    event = factory.SubFactory(EventFactory)
    country = "VN"
    minimum = 2
    maximum = 4


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Hall {n}")
    city = "Seoul"
    country = "KR"
    time_zone = "Asia/Seoul"
    capacity = 120


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    affiliation = "Korea National University of Arts"
    country = "KR"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Lecture {n}")
    kind = SessionType.LECTURE
    # 09:00-10:30 in Seoul on the first day.
    starts_at = factory.LazyAttribute(
        lambda s: dt.datetime.combine(s.event.start_date, dt.time(9, 0), tzinfo=s.event.zone)
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(minutes=90))
