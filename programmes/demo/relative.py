"""Events placed relative to the time of loading. The seed events are history; these
four give every role work whenever the demo is loaded: a call that takes minors, a
call whose selection is made, a day running now (check-in) and yesterday's day
(attendance and certificates).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from ..enums import (
    EventKind,
    EventStatus,
)
from ..models import (
    Event,
    Session,
    Venue,
)
from .base import (
    ASEAN,
    OK,
    Demo,
    S,
    at,
    local_midnight,
    upsert_event,
    upsert_sessions,
)
from .youth_network import next_open_call_year


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
