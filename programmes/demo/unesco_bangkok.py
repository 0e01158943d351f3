"""UNESCO focal points meeting, Bangkok: a seed event with its historical dates."""

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
        working_languages=["en", "fr"],  # French texts: demo/languages.py
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
