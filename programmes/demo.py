"""Demo data for programmes: organisations, demo users, people, venues and events.

Run first by ``manage.py load_demo``; every row is looked up by a natural key (a slug,
a name within an organisation, a session's title and start) and updated in place, so a
second run changes nothing. The seed events keep their historical dates; four events
are placed relative to the time of loading (one today, one yesterday, two calls) so
that every role finds work whenever the demo is loaded.

``Demo`` carries what each app built, by stable keys, to the apps that load after it
(``demo.users["applicant"]``, ``demo.events["akynw-next"]``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from .enums import (
    AttendanceMode,
    EventKind,
    EventStatus,
    MemberRole,
    OrganisationKind,
    SessionStatus,
    SessionType,
)
from .models import (
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

DEMO_PASSWORD = "bridges-demo"
ASEAN = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


@dataclass
class Demo:
    """What the sections built, by stable keys, for later sections to use."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    # (person key, event key) -> Application, filled by participants/demo.py.
    applications: dict[tuple[str, str], object] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def today_in(self, zone: str) -> dt.date:
        """Today's date where the event is (the demo's "today" event follows its zone)."""
        return self.now.astimezone(zoneinfo.ZoneInfo(zone)).date()


# (key, role label, email, Membership role or None, organisation key, is_staff, is_superuser)
DEMO_USERS = [
    (
        "owner",
        "Owner (ASEAN-Korea Centre)",
        "owner@bridges.demo",
        MemberRole.OWNER,
        "akc",
        True,
        False,
    ),
    (
        "organiser",
        "Organiser (ASEAN-Korea Centre)",
        "organiser@bridges.demo",
        MemberRole.ORGANISER,
        "akc",
        True,
        False,
    ),
    (
        "reviewer",
        "Reviewer (ASEAN-Korea Centre)",
        "reviewer@bridges.demo",
        MemberRole.REVIEWER,
        "akc",
        False,
        False,
    ),
    (
        "staff",
        "Check-in staff (ASEAN-Korea Centre)",
        "staff@bridges.demo",
        MemberRole.STAFF,
        "akc",
        False,
        False,
    ),
    ("applicant", "Applicant", "applicant@bridges.demo", None, None, False, False),
    (
        "minor",
        "Applicant under 18 (awaiting guardian consent)",
        "minor@bridges.demo",
        None,
        None,
        False,
        False,
    ),
    ("admin", "Site administrator", "admin@bridges.demo", None, None, True, True),
]


# Applicants are people: messages and pages greet them by name.
DEMO_NAMES = {"applicant": ("Dewi", "Lestari"), "minor": ("Mai", "Tran")}


def at(day: dt.date, hhmm: str, zone: str) -> dt.datetime:
    """A local wall-clock time on ``day`` in ``zone``, as an aware datetime (stored as UTC)."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def local_midnight(day: dt.date, zone: str) -> dt.datetime:
    return at(day, "00:00", zone)


# --- sections ---------------------------------------------------------------------------------


def load_organisations(demo: Demo) -> None:
    rows = [
        ("akc", "ASEAN-Korea Centre", "KR", OrganisationKind.CENTRE, "https://www.aseankorea.org"),
        (
            "asef",
            "Asia-Europe Foundation (ASEF)",
            "SG",
            OrganisationKind.FOUNDATION,
            "https://asef.org",
        ),
        (
            "mocbg",
            "Ministry of Culture of the Republic of Bulgaria",
            "BG",
            OrganisationKind.MINISTRY,
            "https://mc.government.bg",
        ),
        (
            "unesco-bangkok",
            "UNESCO Asia and Pacific Regional Bureau for Education (UNESCO Bangkok)",
            "TH",
            OrganisationKind.UN_OFFICE,
            "https://www.unesco.org/en/fieldoffice/bangkok",
        ),
        (
            "ifacca",
            "International Federation of Arts Councils and Culture Agencies (IFACCA)",
            "AU",
            OrganisationKind.NGO,
            "https://ifacca.org",
        ),
        ("wcif", "World Cultural Industry Forum (WCIF)", "KR", OrganisationKind.OTHER, ""),
    ]
    for slug, name, country, kind, website in rows:
        demo.organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "country": country, "kind": kind, "website": website}
        )


def load_users(demo: Demo) -> None:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    for key, label, email, role, org_key, is_staff, is_superuser in DEMO_USERS:
        username = email.split("@")[0]
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.is_staff = is_staff
        user.is_superuser = is_superuser
        user.first_name, user.last_name = DEMO_NAMES.get(key, (key.capitalize(), "Demo"))
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        # Sign-in is by verified email address (allauth); the demo addresses are verified.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role:
            Membership.objects.update_or_create(
                organisation=demo.organisations[org_key], user=user, defaults={"role": role}
            )
        demo.users[key] = user
        demo.logins.append((label, email, DEMO_PASSWORD))
    # The owner also owns the other demo organisations, so the admin shows all demo data.
    for slug, organisation in demo.organisations.items():
        if slug != "akc":
            Membership.objects.update_or_create(
                organisation=organisation,
                user=demo.users["owner"],
                defaults={"role": MemberRole.OWNER},
            )


def person(
    demo: Demo, key: str, org_key: str, name: str, affiliation: str, country: str = ""
) -> Person:
    demo.people[key], _ = Person.objects.update_or_create(
        organisation=demo.organisations[org_key],
        name=name,
        defaults={"affiliation": affiliation, "country": country},
    )
    return demo.people[key]


def venue(
    demo: Demo,
    key: str,
    org_key: str,
    name: str,
    *,
    address: str,
    city: str,
    country: str,
    time_zone: str,
    capacity: int,
) -> Venue:
    demo.venues[key], _ = Venue.objects.update_or_create(
        organisation=demo.organisations[org_key],
        name=name,
        defaults={
            "address": address,
            "city": city,
            "country": country,
            "time_zone": time_zone,
            "capacity": capacity,
        },
    )
    return demo.venues[key]


def upsert_event(
    demo: Demo,
    key: str,
    *,
    org_key: str,
    co_organisers: tuple[str, ...] = (),
    partners: tuple[str, ...] = (),
    legs: tuple[tuple[str, str, dt.date, dt.date], ...] = (),
    quotas: dict[str, tuple[int, int | None]] | None = None,
    **fields,
) -> Event:
    slug = fields.pop("slug")
    event, _ = Event.objects.update_or_create(
        slug=slug, defaults={"organisation": demo.organisations[org_key], **fields}
    )
    event.co_organisers.set([demo.organisations[k] for k in co_organisers])
    event.partners.set([demo.organisations[k] for k in partners])
    for city, country, start, end in legs:
        Leg.objects.update_or_create(
            event=event,
            start_date=start,
            defaults={"city": city, "country": country, "end_date": end},
        )
    for country, (minimum, maximum) in (quotas or {}).items():
        CountryQuota.objects.update_or_create(
            event=event, country=country, defaults={"minimum": minimum, "maximum": maximum}
        )
    demo.events[key] = event
    return event


# One agenda row: (day index from 0, start "HH:MM", end "HH:MM", title, type, venue key or
# None for the event's zone, speaker keys, status). Times are local to the venue.
AgendaRow = tuple[int, str, str, str, str, str | None, tuple[str, ...], str]


def upsert_sessions(demo: Demo, event: Event, rows: list[AgendaRow]) -> None:
    for day, start, end, title, kind, venue_key, speaker_keys, status in rows:
        place = demo.venues[venue_key] if venue_key else None
        zone = place.time_zone if place else event.time_zone
        date = event.start_date + dt.timedelta(days=day)
        session, _ = Session.objects.update_or_create(
            event=event,
            title=title,
            starts_at=at(date, start, zone),
            defaults={
                "ends_at": at(date, end, zone),
                "kind": kind,
                "venue": place,
                "status": status,
            },
        )
        session.speakers.set([demo.people[k] for k in speaker_keys])


OK = SessionStatus.CONFIRMED
S = SessionType


def load_asem_cmm8(demo: Demo) -> None:
    person(
        demo,
        "banov",
        "mocbg",
        "Boil Banov",
        "Minister of Culture of the Republic of Bulgaria",
        "BG",
    )
    person(
        demo,
        "warnecke",
        "asef",
        "Karsten Warnecke",
        "Executive Director, Asia-Europe Foundation (ASEF)",
        "DE",
    )
    venue(
        demo,
        "ndk",
        "mocbg",
        "National Palace of Culture (NDK)",
        address="1 Bulgaria Square",
        city="Sofia",
        country="BG",
        time_zone="Europe/Sofia",
        capacity=400,
    )
    venue(
        demo,
        "boyana",
        "mocbg",
        "Boyana Church",
        address="1-3 Boyansko Ezero St",
        city="Sofia",
        country="BG",
        time_zone="Europe/Sofia",
        capacity=60,
    )
    event = upsert_event(
        demo,
        "asem-cmm8",
        slug="asem-cmm8-sofia-2018",
        org_key="mocbg",
        co_organisers=("asef",),
        kind=EventKind.MINISTERIAL_MEETING,
        title="8th ASEM Culture Ministers' Meeting (ASEM CMM8)",
        theme="The Role of Culture in International Relations: The Road Forward",
        summary=(
            "Culture ministers of the Asia-Europe Meeting partners on the shift from top-down "
            "cultural diplomacy to people-to-people cultural relations."
        ),
        description=(
            "Hosted by the Ministry of Culture of Bulgaria in the framework of the Bulgarian "
            "Presidency of the Council of the European Union, with the Asia-Europe Foundation.\n\n"
            "Key conclusions: the shift from a top-down showcasing approach to a people-to-people "
            "approach; inter-cultural dialogue for peaceful inter-community relations; culture as a "
            "strategic element of urban development; reinforced co-operation on cultural heritage "
            "between Asia and Europe."
        ),
        working_languages=["en"],
        host_country="BG",
        start_date=dt.date(2018, 3, 1),
        end_date=dt.date(2018, 3, 2),
        time_zone="Europe/Sofia",
        capacity=250,
        status=EventStatus.PUBLISHED,
        legs=(("Sofia", "BG", dt.date(2018, 3, 1), dt.date(2018, 3, 2)),),
    )
    upsert_sessions(
        demo,
        event,
        [
            (0, "08:30", "09:30", "Registration of delegations", S.NETWORKING, "ndk", (), OK),
            (
                0,
                "09:30",
                "10:15",
                "Opening address by H.E. Boil Banov, Minister of Culture of Bulgaria",
                S.PLENARY,
                "ndk",
                ("banov", "warnecke"),
                OK,
            ),
            (
                0,
                "10:30",
                "12:30",
                "Session 1: From cultural diplomacy to people-to-people cultural relations",
                S.PLENARY,
                "ndk",
                (),
                OK,
            ),
            (0, "12:30", "14:00", "Lunch hosted by the Ministry of Culture", S.MEAL, "ndk", (), OK),
            (
                0,
                "14:00",
                "16:00",
                "Session 2: Inter-cultural dialogue for peaceful inter-community relations",
                S.PLENARY,
                "ndk",
                (),
                OK,
            ),
            (
                0,
                "16:30",
                "18:00",
                "Session 3: Culture, a strategic element in urban development policies",
                S.PLENARY,
                "ndk",
                (),
                OK,
            ),
            (0, "19:30", "21:30", "Official dinner", S.MEAL, "ndk", (), OK),
            (
                1,
                "09:30",
                "11:30",
                "Session 4: Reinforcing co-operation on cultural heritage between Asia and Europe",
                S.PLENARY,
                "ndk",
                ("warnecke",),
                OK,
            ),
            (
                1,
                "11:45",
                "12:30",
                "Adoption of the Chair's Statement and closing",
                S.PLENARY,
                "ndk",
                ("banov",),
                OK,
            ),
            (1, "12:30", "14:00", "Farewell lunch", S.MEAL, "ndk", (), OK),
            (
                1,
                "14:30",
                "17:00",
                "Cultural programme: Boyana Church (UNESCO World Heritage)",
                S.SITE_VISIT,
                "boyana",
                (),
                OK,
            ),
        ],
    )


# Nine Parties to the 2005 Convention in Asia-Pacific at the time, plus the two observers.
FOCAL_POINT_PARTIES = ["AU", "BD", "CN", "KH", "KR", "LA", "MN", "NZ", "VN"]
FOCAL_POINT_OBSERVERS = ["TH", "NP"]


def load_unesco_focal_points(demo: Demo) -> None:
    person(demo, "gjkim", "unesco-bangkok", "Gwang-Jo Kim", "Director, UNESCO Bangkok", "KR")
    person(
        demo,
        "cliche",
        "unesco-bangkok",
        "Danielle Cliche",
        "Chief, Diversity of Cultural Expressions, UNESCO; Secretary of the 2005 Convention",
    )
    person(
        demo,
        "dupin",
        "unesco-bangkok",
        "Gisele Dupin",
        "Focal point of Brazil for the 2005 Convention",
        "BR",
    )
    venue(
        demo,
        "unesco-bkk",
        "unesco-bangkok",
        "UNESCO Bangkok, Conference Room",
        address="920 Sukhumvit Road, Prakanong, Klongtoey",
        city="Bangkok",
        country="TH",
        time_zone="Asia/Bangkok",
        capacity=60,
    )
    event = upsert_event(
        demo,
        "focal-points-2014",
        slug="unesco-2005-convention-focal-points-2014",
        org_key="unesco-bangkok",
        co_organisers=("ifacca",),
        kind=EventKind.WORKSHOP,
        title="First Meeting of Focal Points for the 2005 Convention in the Asia-Pacific Region",
        theme=(
            "Diversity of Cultural Expressions in Asia: Challenges and Perspectives on the "
            "Implementation of the 2005 Convention"
        ),
        summary=(
            "Three days on the key principles and periodic reporting of the Convention on the "
            "Protection and Promotion of the Diversity of Cultural Expressions."
        ),
        description=(
            "The first-ever meeting of focal points for the 2005 Convention in Asia-Pacific, "
            "co-organised with IFACCA: nine Parties from the region, with Thailand and Nepal, which "
            "were considering ratification, as observers. The focal point for Brazil shared her "
            "experience with delegates."
        ),
        working_languages=["en"],
        host_country="TH",
        start_date=dt.date(2014, 3, 4),
        end_date=dt.date(2014, 3, 6),
        time_zone="Asia/Bangkok",
        capacity=30,
        eligible_countries=FOCAL_POINT_PARTIES + FOCAL_POINT_OBSERVERS,
        status=EventStatus.PUBLISHED,
        legs=(("Bangkok", "TH", dt.date(2014, 3, 4), dt.date(2014, 3, 6)),),
        quotas={
            **{c: (1, 2) for c in FOCAL_POINT_PARTIES},
            **{c: (0, 1) for c in FOCAL_POINT_OBSERVERS},
        },
    )
    upsert_sessions(
        demo,
        event,
        [
            (0, "08:30", "09:00", "Registration", S.NETWORKING, "unesco-bkk", (), OK),
            (0, "09:00", "09:45", "Opening remarks", S.PLENARY, "unesco-bkk", ("gjkim",), OK),
            (
                0,
                "10:00",
                "12:00",
                "The 2005 Convention: key principles",
                S.LECTURE,
                "unesco-bkk",
                ("cliche",),
                OK,
            ),
            (0, "12:00", "13:30", "Lunch", S.MEAL, "unesco-bkk", (), OK),
            (
                0,
                "13:30",
                "15:30",
                "Periodic reporting: how it works",
                S.WORKSHOP,
                "unesco-bkk",
                ("cliche",),
                OK,
            ),
            (0, "16:00", "17:30", "Country presentations (I)", S.PANEL, "unesco-bkk", (), OK),
            (
                1,
                "09:00",
                "10:30",
                "Sharing experience: the focal point of Brazil",
                S.LECTURE,
                "unesco-bkk",
                ("dupin",),
                OK,
            ),
            (1, "10:45", "12:30", "Country presentations (II)", S.PANEL, "unesco-bkk", (), OK),
            (1, "12:30", "13:30", "Lunch", S.MEAL, "unesco-bkk", (), OK),
            (
                1,
                "13:30",
                "17:00",
                "Working groups: implementing the Convention at the national level",
                S.WORKSHOP,
                "unesco-bkk",
                ("cliche",),
                OK,
            ),
            (
                2,
                "09:00",
                "10:30",
                "Observers' perspectives: Thailand and Nepal",
                S.PANEL,
                "unesco-bkk",
                (),
                OK,
            ),
            (
                2,
                "10:45",
                "12:00",
                "A network of focal points in Asia-Pacific: next steps",
                S.WORKSHOP,
                "unesco-bkk",
                ("cliche", "dupin"),
                OK,
            ),
            (2, "12:00", "12:30", "Closing", S.PLENARY, "unesco-bkk", ("gjkim",), OK),
            (2, "12:30", "13:30", "Farewell lunch", S.MEAL, "unesco-bkk", (), OK),
        ],
    )


def _youth_network_venues(demo: Demo) -> None:
    seoul = {"city": "Seoul", "country": "KR", "time_zone": "Asia/Seoul"}
    hanoi = {"city": "Hanoi", "country": "VN", "time_zone": "Asia/Ho_Chi_Minh"}
    venue(
        demo,
        "akc-hall",
        "akc",
        "ASEAN-Korea Centre, ASEAN Hall",
        address="124 Sejong-daero, Jung-gu",
        capacity=80,
        **seoul,
    )
    venue(
        demo,
        "seoul-hostel",
        "akc",
        "Seoul Youth Hostel, Dining Hall",
        address="Namsan, Jung-gu",
        capacity=120,
        **seoul,
    )
    venue(
        demo,
        "gyeongbokgung",
        "akc",
        "Gyeongbokgung Palace",
        address="161 Sajik-ro, Jongno-gu",
        capacity=300,
        **seoul,
    )
    venue(
        demo,
        "bukchon",
        "akc",
        "Bukchon Hanok Village",
        address="Gyedong-gil, Jongno-gu",
        capacity=200,
        **seoul,
    )
    venue(
        demo,
        "hikr",
        "akc",
        "HiKR Ground (Korea Tourism Organization)",
        address="40 Cheonggyecheon-ro, Jung-gu",
        capacity=80,
        **seoul,
    )
    venue(
        demo,
        "ussh",
        "akc",
        "University of Social Sciences and Humanities, VNU Hanoi",
        address="336 Nguyen Trai, Thanh Xuan",
        capacity=150,
        **hanoi,
    )
    venue(
        demo,
        "hanoi-hotel",
        "akc",
        "Hanoi Youth Hotel, Meeting Room",
        address="Hoan Kiem",
        capacity=80,
        **hanoi,
    )
    venue(
        demo,
        "van-mieu",
        "akc",
        "Temple of Literature (Van Mieu - Quoc Tu Giam)",
        address="58 Quoc Tu Giam, Dong Da",
        capacity=300,
        **hanoi,
    )
    venue(
        demo,
        "old-quarter",
        "akc",
        "Hoan Kiem Lake and the Old Quarter",
        address="Hoan Kiem",
        capacity=500,
        **hanoi,
    )
    venue(
        demo,
        "bat-trang",
        "akc",
        "Bat Trang Ceramic Village",
        address="Bat Trang, Gia Lam",
        capacity=100,
        **hanoi,
    )


def youth_network_agenda() -> list[AgendaRow]:
    """Nine days: five in Seoul, a travel day, three in Hanoi (about forty sessions)."""
    K = "kim-hae-yong"
    # fmt: off
    return [
        # Day 1, Seoul
        (
            0,
            "10:00",
            "12:00",
            "Arrival, registration and welcome kit",
            S.NETWORKING,
            "akc-hall",
            (),
            OK,
        ),
        (0, "12:00", "13:00", "Welcome lunch", S.MEAL, "seoul-hostel", (), OK),
        (0, "14:00", "15:00", "Opening ceremony", S.PLENARY, "akc-hall", (K,), OK),
        (
            0,
            "15:30",
            "17:00",
            "Lecture: 35 years of ASEAN-Korea dialogue relations",
            S.LECTURE,
            "akc-hall",
            (K,),
            OK,
        ),
        (0, "18:00", "20:00", "Welcome dinner and team building", S.MEAL, "seoul-hostel", (), OK),
        # Day 2
        (
            1,
            "09:30",
            "11:00",
            "Lecture: Mutual perceptions of ASEAN and Korean youth",
            S.LECTURE,
            "akc-hall",
            (),
            OK,
        ),
        (1, "11:15", "12:30", "Lecture: Innovating changes in tourism", S.LECTURE, "hikr", (), OK),
        (1, "12:30", "13:30", "Lunch", S.MEAL, "seoul-hostel", (), OK),
        (
            1,
            "14:00",
            "17:00",
            "Site visit: Gyeongbokgung Palace",
            S.SITE_VISIT,
            "gyeongbokgung",
            (),
            OK,
        ),
        (1, "18:00", "19:30", "Dinner", S.MEAL, "seoul-hostel", (), OK),
        # Day 3
        (
            2,
            "09:30",
            "12:00",
            "Team mission briefing: Seoul through visitors' eyes",
            S.TEAM_MISSION,
            "akc-hall",
            (),
            OK,
        ),
        (2, "12:00", "13:00", "Lunch", S.MEAL, "seoul-hostel", (), OK),
        (
            2,
            "13:30",
            "17:30",
            "Team mission: Bukchon field research",
            S.TEAM_MISSION,
            "bukchon",
            (),
            OK,
        ),
        (
            2,
            "19:00",
            "21:00",
            "Cultural exchange night: traditions of ASEAN and Korea",
            S.CULTURAL_EXCHANGE,
            "seoul-hostel",
            (),
            OK,
        ),
        # Day 4
        (
            3,
            "09:30",
            "11:00",
            "Panel: Youth shaping the future of ASEAN-Korea tourism",
            S.PANEL,
            "akc-hall",
            (K,),
            OK,
        ),
        (3, "11:15", "12:30", "Workshop: Designing a sustainable tour", S.WORKSHOP, "hikr", (), OK),
        (3, "12:30", "13:30", "Lunch", S.MEAL, "seoul-hostel", (), OK),
        (
            3,
            "14:00",
            "17:00",
            "Site visit: HiKR Ground and Cheonggyecheon",
            S.SITE_VISIT,
            "hikr",
            (),
            OK,
        ),
        (3, "18:00", "19:30", "Dinner", S.MEAL, "seoul-hostel", (), OK),
        # Day 5
        (
            4,
            "09:30",
            "12:00",
            "Team mission presentations (Korea leg)",
            S.TEAM_MISSION,
            "akc-hall",
            (),
            OK,
        ),
        (4, "12:00", "13:30", "Lunch", S.MEAL, "seoul-hostel", (), OK),
        (4, "14:00", "17:30", "Free afternoon in Seoul", S.FREE_TIME, None, (), OK),
        (4, "18:30", "20:30", "Farewell dinner, Korea leg", S.MEAL, "seoul-hostel", (), OK),
        # Day 6: fly Incheon -> Hanoi (times of the flight in Seoul time; no venue)
        (5, "07:00", "08:00", "Breakfast and check-out", S.MEAL, "seoul-hostel", (), OK),
        (5, "08:30", "15:30", "Travel day: Incheon (ICN) to Hanoi (HAN)", S.TRAVEL, None, (), OK),
        (5, "17:00", "18:00", "Arrival briefing in Hanoi", S.NETWORKING, "hanoi-hotel", (), OK),
        (5, "18:30", "20:00", "Dinner", S.MEAL, "hanoi-hotel", (), OK),
        # Day 7, Hanoi
        (6, "09:00", "10:30", "Lecture: Tourism and youth in Viet Nam", S.LECTURE, "ussh", (), OK),
        (
            6,
            "10:45",
            "12:00",
            "Lecture: Heritage and community-based tourism",
            S.LECTURE,
            "ussh",
            (),
            OK,
        ),
        (6, "12:00", "13:30", "Lunch", S.MEAL, "hanoi-hotel", (), OK),
        (6, "14:00", "17:00", "Site visit: Temple of Literature", S.SITE_VISIT, "van-mieu", (), OK),
        (
            6,
            "19:00",
            "21:00",
            "Cultural exchange with Vietnamese students",
            S.CULTURAL_EXCHANGE,
            "ussh",
            (),
            OK,
        ),
        # Day 8
        (
            7,
            "08:30",
            "12:00",
            "Team mission: Hanoi Old Quarter",
            S.TEAM_MISSION,
            "old-quarter",
            (),
            OK,
        ),
        (7, "12:00", "13:30", "Lunch", S.MEAL, "hanoi-hotel", (), OK),
        (
            7,
            "14:00",
            "17:00",
            "Site visit: Bat Trang ceramic village",
            S.SITE_VISIT,
            "bat-trang",
            (),
            SessionStatus.CANCELLED,
        ),
        (
            7,
            "14:00",
            "17:00",
            "Team mission: proposals for youth tourism",
            S.TEAM_MISSION,
            "ussh",
            (),
            OK,
        ),
        (7, "18:00", "19:30", "Dinner", S.MEAL, "hanoi-hotel", (), OK),
        # Day 9
        (
            8,
            "09:00",
            "11:30",
            "Final presentations: innovating changes in tourism",
            S.TEAM_MISSION,
            "ussh",
            (),
            OK,
        ),
        (8, "11:30", "12:30", "Closing ceremony and certificates", S.PLENARY, "ussh", (K,), OK),
        (8, "12:30", "14:00", "Farewell lunch", S.MEAL, "hanoi-hotel", (), OK),
        (8, "15:00", "18:00", "Check-out and airport transfers", S.TRAVEL, "hanoi-hotel", (), OK),
    ]
    # fmt: on


# 48 places: four per ASEAN member state (at least three), eight for Korea (at least six).
YOUTH_NETWORK_QUOTAS = {**{c: (3, 4) for c in ASEAN}, "KR": (6, 8)}


def next_open_call_year(today: dt.date) -> int:
    """The first July that is at least four months away, so the demo always has an open call."""
    year = today.year
    while dt.date(year, 7, 1) - today < dt.timedelta(days=120):
        year += 1
    return year


def load_youth_network(demo: Demo) -> None:
    person(
        demo, "kim-hae-yong", "akc", "Kim Hae-yong", "Secretary General, ASEAN-Korea Centre", "KR"
    )
    _youth_network_venues(demo)
    programme, _ = Programme.objects.update_or_create(
        organisation=demo.organisations["akc"],
        slug="asean-korea-youth-network-workshop",
        defaults={
            "title": "ASEAN-Korea Youth Network Workshop",
            "description": (
                "Youth of the ten ASEAN member states and Korea learn the history and cultures of "
                "ASEAN and Korea through lectures, site visits, team missions and cultural exchanges, "
                "and forge a network based on mutual understanding."
            ),
        },
    )
    common = {
        "org_key": "akc",
        "programme": programme,
        "kind": EventKind.YOUTH_EXCHANGE,
        "working_languages": ["en"],
        "host_country": "KR",
        "time_zone": "Asia/Seoul",
        "capacity": 48,
        "min_age": 19,
        "max_age": 29,
        "eligible_countries": [*ASEAN, "KR"],
        "status": EventStatus.PUBLISHED,
        "quotas": YOUTH_NETWORK_QUOTAS,
    }

    def legs(start: dt.date) -> tuple:
        # Day 6 is the travel day: breakfast in Seoul, dinner in Hanoi, so both legs cover it.
        return (
            ("Seoul", "KR", start, start + dt.timedelta(days=5)),
            ("Hanoi", "VN", start + dt.timedelta(days=5), start + dt.timedelta(days=8)),
        )

    # The 2023 edition from the seed article: resumed in July after three years of pandemic.
    start = dt.date(2023, 7, 3)
    past = upsert_event(
        demo,
        "akynw-2023",
        slug="asean-korea-youth-network-workshop-2023",
        title="ASEAN-Korea Youth Network Workshop 2023",
        theme="Youth Shaping the Future: Building Enhanced Perceptions among Youth and Innovating Changes in Tourism",
        summary="Nine days in Korea and Viet Nam for 48 youth from the ten ASEAN member states and Korea.",
        start_date=start,
        end_date=start + dt.timedelta(days=8),
        applications_open_at=local_midnight(dt.date(2023, 4, 3), "Asia/Seoul"),
        applications_close_at=local_midnight(dt.date(2023, 5, 8), "Asia/Seoul"),
        legs=legs(start),
        **common,
    )
    upsert_sessions(demo, past, youth_network_agenda())

    # The next edition takes applications now: opened two weeks ago, closes in six weeks
    # (both at local midnight in Seoul), so the demo always has an open call.
    year = next_open_call_year(demo.today)
    start = dt.date(year, 7, 5)
    closes = min(demo.today + dt.timedelta(days=42), start - dt.timedelta(days=60))
    upcoming = upsert_event(
        demo,
        "akynw-next",
        slug=f"asean-korea-youth-network-workshop-{year}",
        title=f"ASEAN-Korea Youth Network Workshop {year}",
        theme="Youth Shaping the Future: Heritage, Tourism and Friendship across ASEAN and Korea",
        summary=(
            "Nine days in Seoul and Hanoi for 48 youth aged 19-29 from the ten ASEAN member states "
            "and Korea: lectures, site visits, team missions and cultural exchanges."
        ),
        description=(
            "Travel, board and lodging are covered. Participants join every session, work in "
            "mixed teams on a tourism mission in each city and present their proposals on the last day."
        ),
        start_date=start,
        end_date=start + dt.timedelta(days=8),
        applications_open_at=local_midnight(demo.today - dt.timedelta(days=14), "Asia/Seoul"),
        applications_close_at=local_midnight(closes, "Asia/Seoul"),
        legs=legs(start),
        **common,
    )
    upsert_sessions(demo, upcoming, youth_network_agenda())


def load_wcif_special_session(demo: Demo) -> None:
    venue(
        demo,
        "exco",
        "akc",
        "EXCO (Daegu Exhibition & Convention Center)",
        address="10 Exco-ro, Buk-gu",
        city="Daegu",
        country="KR",
        time_zone="Asia/Seoul",
        capacity=500,
    )
    event = upsert_event(
        demo,
        "wcif-2023",
        slug="wcif-asean-korea-special-session-2023",
        org_key="akc",
        partners=("wcif",),
        kind=EventKind.FORUM,
        title="ASEAN-Korea Special Session at the 4th World Cultural Industry Forum",
        theme="Creative Economy and Sustainability in the Global Music and Entertainment Industry",
        summary=(
            "Influencers and industry professionals from ASEAN member states on synergies between "
            "the Korean Wave (Hallyu) and the ASEAN Wave."
        ),
        working_languages=["en", "ko"],
        host_country="KR",
        start_date=dt.date(2023, 7, 13),
        end_date=dt.date(2023, 7, 13),
        time_zone="Asia/Seoul",
        capacity=300,
        status=EventStatus.PUBLISHED,
        legs=(("Daegu", "KR", dt.date(2023, 7, 13), dt.date(2023, 7, 13)),),
    )
    upsert_sessions(
        demo,
        event,
        [
            (0, "14:00", "14:15", "Opening remarks", S.PLENARY, "exco", ("kim-hae-yong",), OK),
            (
                0,
                "14:15",
                "15:30",
                "Panel: Synergies between the K-Wave and the ASEAN-Wave",
                S.PANEL,
                "exco",
                (),
                OK,
            ),
            (
                0,
                "15:45",
                "16:45",
                "Talk: Creators from ASEAN on building global audiences",
                S.PANEL,
                "exco",
                (),
                OK,
            ),
            (0, "17:00", "18:00", "Networking reception", S.NETWORKING, "exco", (), OK),
        ],
    )


def load_ev_forum(demo: Demo) -> None:
    venue(
        demo,
        "akc-seminar",
        "akc",
        "Korea Press Center, International Conference Hall",
        address="124 Sejong-daero, Jung-gu",
        city="Seoul",
        country="KR",
        time_zone="Asia/Seoul",
        capacity=150,
    )
    event = upsert_event(
        demo,
        "ev-forum-6",
        slug="asean-korea-ev-forum-6",
        org_key="akc",
        kind=EventKind.FORUM,
        title="6th ASEAN-Korea Electric Vehicle (EV) Forum",
        theme="Cleaner and more sustainable transport in ASEAN and Korea",
        summary="EV policies of ASEAN and Korea, and business opportunities around the industry.",
        working_languages=["en", "ko"],
        host_country="KR",
        start_date=dt.date(2023, 6, 22),
        end_date=dt.date(2023, 6, 22),
        time_zone="Asia/Seoul",
        capacity=150,
        attendance_mode=AttendanceMode.HYBRID,
        online_url="https://www.aseankorea.org",
        status=EventStatus.PUBLISHED,
    )
    upsert_sessions(
        demo,
        event,
        [
            (0, "09:30", "10:00", "Registration", S.NETWORKING, "akc-seminar", (), OK),
            (
                0,
                "10:00",
                "10:20",
                "Opening remarks",
                S.PLENARY,
                "akc-seminar",
                ("kim-hae-yong",),
                OK,
            ),
            (
                0,
                "10:30",
                "12:00",
                "Session 1: EV policies of ASEAN member states",
                S.PANEL,
                "akc-seminar",
                (),
                OK,
            ),
            (0, "12:00", "13:30", "Networking lunch", S.MEAL, "akc-seminar", (), OK),
            (
                0,
                "13:30",
                "15:00",
                "Session 2: Korea's EV policy and industry",
                S.PANEL,
                "akc-seminar",
                (),
                OK,
            ),
            (
                0,
                "15:15",
                "16:45",
                "Session 3: Business opportunities in the ASEAN EV market",
                S.PANEL,
                "akc-seminar",
                (),
                OK,
            ),
        ],
    )


# --- events placed relative to the time of loading ----------------------------------------
# The seed events above are history; these four give every role work whenever the demo
# is loaded: a call that takes minors, a call whose selection is made, a day running
# now (check-in) and yesterday's day (attendance and certificates).


def fresh_relative_event(slug: str, start: dt.date) -> None:
    """Drop this demo event when an earlier load placed it on another day.

    Its sessions, applications and check-ins belong to that day; the sections that
    follow rebuild them for today, through the services, as on a first load.
    """
    Event.objects.filter(slug=slug).exclude(start_date=start).delete()


def upsert_timed_sessions(
    event: Event, rows: list[tuple[str, dt.datetime, dt.datetime, str, Venue]]
) -> None:
    """Sessions keyed by title alone: their times follow the clock of the load."""
    for title, starts_at, ends_at, kind, place in rows:
        Session.objects.update_or_create(
            event=event,
            title=title,
            defaults={
                "starts_at": starts_at,
                "ends_at": ends_at,
                "kind": kind,
                "venue": place,
                "status": OK,
            },
        )


def todays_session_times(
    now: dt.datetime, zone: str
) -> tuple[tuple | None, tuple[dt.datetime, dt.datetime], tuple | None]:
    """(earlier, current, later) session times around ``now`` on today's date in ``zone``.

    The current session runs from the last half hour before ``now`` for three hours;
    the earlier and later ones are left out when they would leave today's date.
    """
    tz = zoneinfo.ZoneInfo(zone)
    local = now.astimezone(tz)
    midnight = dt.datetime.combine(local.date(), dt.time(0, 0), tzinfo=tz)
    last_minute = dt.datetime.combine(local.date(), dt.time(23, 59), tzinfo=tz)
    anchor = local.replace(minute=local.minute - local.minute % 30, second=0, microsecond=0)
    start = max(midnight, anchor - dt.timedelta(minutes=30))
    end = min(start + dt.timedelta(hours=3), last_minute)
    earlier_end = start - dt.timedelta(minutes=15)
    earlier = (earlier_end - dt.timedelta(minutes=90), earlier_end)
    later_start = end + dt.timedelta(minutes=15)
    later = (later_start, later_start + dt.timedelta(minutes=60))
    return (
        earlier if earlier[0] >= midnight else None,
        (start, end),
        later if later[1] <= last_minute else None,
    )


SEOUL = "Asia/Seoul"


def one_day_in_seoul(demo: Demo, key: str, *, slug: str, day: dt.date, **fields) -> Event:
    """A published one-day ASEAN-Korea Centre event in Seoul on ``day``."""
    fresh_relative_event(slug, day)
    return upsert_event(
        demo,
        key,
        slug=slug,
        org_key="akc",
        host_country="KR",
        working_languages=["en"],
        start_date=day,
        end_date=day,
        time_zone=SEOUL,
        status=EventStatus.PUBLISHED,
        legs=(("Seoul", "KR", day, day),),
        **fields,
    )


def load_youth_dialogue_today(demo: Demo) -> None:
    """A one-day dialogue on the AKC's 2021-2022 youth perceptions survey, held today."""
    event = one_day_in_seoul(
        demo,
        "dialogue-today",
        slug="asean-korea-youth-perceptions-dialogue",
        day=demo.today_in(SEOUL),
        kind=EventKind.FORUM,
        title="ASEAN-Korea Youth Dialogue: Mutual Perceptions",
        theme="Moving beyond short-term exchanges: what ASEAN and Korean youth see in each other",
        summary=(
            "Youth of ASEAN and Korea discuss the findings of the AKC survey 'Mutual Perceptions "
            "of ASEAN and Korean Youths' (2021 and 2022) and what would make exchanges last."
        ),
        capacity=40,
    )
    earlier, current, later = todays_session_times(demo.now, SEOUL)
    hall = demo.venues["akc-hall"]
    rows = [("Dialogue: asymmetries in what youth know about each other", *current, S.PANEL, hall)]
    if earlier:
        title = "Survey findings: Mutual Perceptions of ASEAN and Korean Youths"
        rows.insert(0, (title, *earlier, S.LECTURE, hall))
    if later:
        rows.append(("Networking: plans for longer exchanges", *later, S.NETWORKING, hall))
    upsert_timed_sessions(event, rows)


def load_alumni_day_yesterday(demo: Demo) -> None:
    """Alumni of the 2023 Youth Network Workshop met yesterday: a finished event."""
    day = demo.today_in(SEOUL) - dt.timedelta(days=1)
    event = one_day_in_seoul(
        demo,
        "alumni-yesterday",
        slug="asean-korea-youth-network-alumni-day",
        day=day,
        kind=EventKind.WORKSHOP,
        title="ASEAN-Korea Youth Network Alumni Day",
        theme="Youth Shaping the Future: what the 2023 teams did next",
        summary=(
            "Alumni of the ASEAN-Korea Youth Network Workshop 2023 report on their tourism "
            "missions and plan the network's next year."
        ),
        capacity=30,
    )
    hall = demo.venues["akc-hall"]
    upsert_timed_sessions(
        event,
        [
            (title, at(day, start, SEOUL), at(day, end, SEOUL), kind, hall)
            for title, start, end, kind in [
                ("Alumni stories: the 2023 team missions", "10:00", "11:30", S.PANEL),
                ("Workshop: the network's plan for next year", "13:00", "15:00", S.WORKSHOP),
                ("Closing and certificates", "15:30", "16:00", S.PLENARY),
            ]
        ],
    )


def load_esg_youth_forum(demo: Demo) -> None:
    """A forum in five weeks whose call closed last week: the selection is made."""
    day = demo.today_in(SEOUL) + dt.timedelta(days=35)
    event = one_day_in_seoul(
        demo,
        "esg-forum",
        slug="asean-korea-esg-youth-forum",
        day=day,
        kind=EventKind.FORUM,
        title="ASEAN-Korea ESG Cooperation Programme: Youth Forum",
        theme="Sustainable and responsible business between ASEAN and Korea",
        summary=(
            "Young professionals discuss the ESG policies and practices summarised by the "
            "ASEAN-Korea ESG Cooperation Programme before its results are published."
        ),
        capacity=12,
        min_age=19,
        max_age=35,
        eligible_countries=[*ASEAN, "KR"],
        applications_open_at=local_midnight(day - dt.timedelta(days=75), SEOUL),
        applications_close_at=local_midnight(day - dt.timedelta(days=40), SEOUL),
    )
    seminar = demo.venues["akc-seminar"]
    upsert_timed_sessions(
        event,
        [
            (title, at(day, start, SEOUL), at(day, end, SEOUL), kind, seminar)
            for title, start, end, kind in [
                ("ESG policies in ASEAN and Korea", "10:00", "12:00", S.PANEL),
                ("Workshop: an ESG check for a small business", "13:30", "16:00", S.WORKSHOP),
            ]
        ],
    )


def load_youth_culture_camp(demo: Demo) -> None:
    """An open call for ages 15-29: applicants under 18 need their guardian's consent."""
    year = next_open_call_year(demo.today)
    start = dt.date(year, 8, 6)  # ending on ASEAN Day, 8 August
    opened = demo.today - dt.timedelta(days=7)
    closes = min(demo.today + dt.timedelta(days=42), start - dt.timedelta(days=60))
    event = upsert_event(
        demo,
        "culture-camp",
        slug=f"asean-day-youth-culture-camp-{year}",
        org_key="akc",
        kind=EventKind.YOUTH_EXCHANGE,
        title=f"ASEAN Day Youth Culture Camp {year}",
        theme="Culture, a powerful vehicle that connects the peoples of ASEAN and Korea",
        summary=(
            "Three days in Seoul for 40 young people aged 15 to 29 from the ten ASEAN member "
            "states and Korea, ending with the ASEAN Day celebration on 8 August. Applicants "
            "under 18 take part with their parent's or guardian's consent."
        ),
        working_languages=["en"],
        host_country="KR",
        start_date=start,
        end_date=start + dt.timedelta(days=2),
        time_zone=SEOUL,
        capacity=40,
        min_age=15,
        max_age=29,
        eligible_countries=[*ASEAN, "KR"],
        applications_open_at=local_midnight(opened, SEOUL),
        applications_close_at=local_midnight(closes, SEOUL),
        status=EventStatus.PUBLISHED,
        legs=(("Seoul", "KR", start, start + dt.timedelta(days=2)),),
    )
    upsert_sessions(
        demo,
        event,
        [
            (0, "10:00", "12:00", "Welcome and team building", S.WORKSHOP, "akc-hall", (), OK),
            (
                0,
                "14:00",
                "17:00",
                "Workshop: traditional music of ASEAN and Korea",
                S.WORKSHOP,
                "akc-hall",
                (),
                OK,
            ),
            (
                1,
                "10:00",
                "16:00",
                "Site visit: Bukchon and Gyeongbokgung",
                S.SITE_VISIT,
                "bukchon",
                (),
                OK,
            ),
            (2, "10:00", "12:00", "ASEAN Day celebration", S.CULTURAL_EXCHANGE, "akc-hall", (), OK),
        ],
    )


def load(demo: Demo) -> None:
    """The programmes section: organisations, users, the seed events, the relative events."""
    for section in (
        load_organisations,
        load_users,
        load_asem_cmm8,
        load_unesco_focal_points,
        load_youth_network,
        load_wcif_special_session,
        load_ev_forum,
        load_youth_culture_camp,
        load_esg_youth_forum,
        load_youth_dialogue_today,
        load_alumni_day_yesterday,
    ):
        section(demo)
