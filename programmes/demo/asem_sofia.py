"""ASEM Culture Ministers' Meeting (CMM8), Sofia: a seed event with its historical dates."""

from __future__ import annotations

import datetime as dt

from ..enums import (
    EventKind,
    EventStatus,
)
from .base import (
    OK,
    Demo,
    S,
    person,
    upsert_event,
    upsert_sessions,
    venue,
)


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
