import datetime as dt
import functools
import zoneinfo

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher, make_password

from programmes.enums import (
    EventKind,
    EventStatus,
    MemberRole,
    OrganisationKind,
    SessionStatus,
    SessionType,
)
from programmes.models import (
    CountryQuota,
    Event,
    Leg,
    Membership,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
)
from tests.factories import clock

PASSWORD = "correct-horse-battery"


@functools.cache
def _hash(raw: str, hashers: tuple[str, ...]) -> str:
    # The production hasher takes ~0.3 s (more on a busy CI core), so test users share one
    # hash per password. Keyed by PASSWORD_HASHERS: some test modules switch to MD5.
    return make_password(raw)


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose password is ``PASSWORD`` (or the raw ``password=`` passed in)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        raw = kwargs.get("password")
        if raw:
            try:
                identify_hasher(raw)
            except ValueError:
                kwargs["password"] = _hash(raw, tuple(settings.PASSWORD_HASHERS))
        return super()._create(model_class, *args, **kwargs)


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
    # Half a year ahead, nine days long: 5-13 July 2027 under the tests' pinned clock.
    start_date = factory.LazyFunction(lambda: clock.days_from_today(182))
    end_date = factory.LazyAttribute(lambda e: e.start_date + dt.timedelta(days=8))
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


def seoul_hanoi_legs(event) -> tuple[Leg, Leg]:
    """The exchange's two legs: Seoul for the first five days, Hanoi for the rest
    (5-9 and 10-13 July 2027 for the factories' event under the pinned clock)."""
    seoul = LegFactory(
        event=event,
        city="Seoul",
        country="KR",
        start_date=event.start_date,
        end_date=event.start_date + dt.timedelta(days=4),
    )
    hanoi = LegFactory(
        event=event,
        city="Hanoi",
        country="VN",
        start_date=event.start_date + dt.timedelta(days=5),
        end_date=event.end_date,
    )
    return seoul, hanoi


def seoul_hanoi_exchange(*, organisation, cancelled_on_day: int = 7):
    """A nine-day exchange, Seoul then Hanoi, from the factories' first day (Monday
    5 July 2027 under the pinned clock): an opening in Seoul (14:00 KST on day 1), a site
    visit in Hanoi (09:30 ICT on day 7) and a cancelled visit on day `cancelled_on_day`."""
    seoul_zone = zoneinfo.ZoneInfo("Asia/Seoul")
    hanoi_zone = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    event = EventFactory(
        organisation=organisation,
        title="ASEAN-Korea Youth Network Workshop 2027",
        slug="akynw-2027",
    )
    seoul = VenueFactory(organisation=organisation, name="ASEAN Hall", city="Seoul")
    hanoi = VenueFactory(
        organisation=organisation,
        name="Temple of Literature",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
    )
    for venue, title, status, day, start, end, zone in (
        (seoul, "Opening ceremony", SessionStatus.CONFIRMED, 1, (14, 0), (15, 0), seoul_zone),
        (
            hanoi,
            "Site visit: Temple of Literature",
            SessionStatus.CONFIRMED,
            7,
            (9, 30),
            (12, 0),
            hanoi_zone,
        ),
        (
            hanoi,
            "Bat Trang ceramic village",
            SessionStatus.CANCELLED,
            cancelled_on_day,
            (14, 0),
            (17, 0),
            hanoi_zone,
        ),
    ):
        date = event.start_date + dt.timedelta(days=day - 1)
        SessionFactory(
            event=event,
            venue=venue,
            title=title,
            status=status,
            starts_at=dt.datetime.combine(date, dt.time(*start), tzinfo=zone),
            ends_at=dt.datetime.combine(date, dt.time(*end), tzinfo=zone),
        )
    return event
