"""The ASEAN-Korea youth network workshop: the seed edition and the next one, whose
call for applications is open whenever the demo is loaded.
"""

from __future__ import annotations

import datetime as dt

from ..enums import (
    EventKind,
    EventStatus,
    SessionStatus,
)
from ..models import (
    Programme,
)
from .base import (
    ASEAN,
    OK,
    AgendaRow,
    Demo,
    S,
    local_midnight,
    person,
    upsert_event,
    upsert_sessions,
    venue,
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
        "working_languages": ["en", "ko", "vi"],  # their texts: demo/languages.py
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
