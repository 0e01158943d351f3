"""Two seed events in Korea: the WCIF special session (Daegu) and the EV forum (Seoul)."""

from __future__ import annotations

import datetime as dt

from ..enums import (
    AttendanceMode,
    EventKind,
    EventStatus,
)
from .base import (
    OK,
    Demo,
    S,
    upsert_event,
    upsert_sessions,
    venue,
)


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
