"""The demo Youth Network Workshop as plain solver input: 9 days, Seoul then Hanoi.

Days 1-5 (5-9 July 2027) in Seoul, day 6 (10 July) is the flight to Hanoi, days 7-9
(11-13 July) in Hanoi. 48 participants in 8 teams of 6; about 40 sessions.
"""

import datetime as dt

from scheduling.solver import ALL, LegIn, Problem, RequestIn, Rules, VenueIn

SEOUL = "Asia/Seoul"
HANOI = "Asia/Ho_Chi_Minh"
TEAMS = [f"team-{n}" for n in range(1, 9)]


def demo_problem() -> Problem:
    venues = [
        VenueIn(1, "KF Global Center hall", "Seoul", SEOUL, 80, dt.time(8), dt.time(21)),
        VenueIn(2, "ASEAN Culture House", "Seoul", SEOUL, 60, dt.time(10), dt.time(17)),
        VenueIn(3, "Seminar room A", "Seoul", SEOUL, 12),
        VenueIn(4, "Seminar room B", "Seoul", SEOUL, 12),
        VenueIn(5, "Seminar room C", "Seoul", SEOUL, 12),
        VenueIn(6, "Seminar room D", "Seoul", SEOUL, 12),
        VenueIn(11, "Hanoi convention hall", "Hanoi", HANOI, 100),
        VenueIn(12, "Temple of Literature", "Hanoi", HANOI, 60, dt.time(8), dt.time(17)),
        VenueIn(13, "Hanoi studio 1", "Hanoi", HANOI, 15),
        VenueIn(14, "Hanoi studio 2", "Hanoi", HANOI, 15),
        VenueIn(15, "Hanoi studio 3", "Hanoi", HANOI, 15),
        VenueIn(16, "Hanoi studio 4", "Hanoi", HANOI, 15),
    ]
    requests: list[RequestIn] = []
    day1_9am = (
        dt.datetime(2027, 7, 5, 9, 0, tzinfo=dt.ZoneInfo(SEOUL))
        if hasattr(dt, "ZoneInfo")
        else None
    )
    import zoneinfo

    seoul = zoneinfo.ZoneInfo(SEOUL)
    hanoi = zoneinfo.ZoneInfo(HANOI)
    del day1_9am
    requests.append(
        RequestIn(
            1,
            "Opening ceremony",
            60,
            (1, 2),
            "Seoul",
            50,
            ALL,
            fixed_start=dt.datetime(2027, 7, 5, 9, 0, tzinfo=seoul),
        )
    )
    requests.append(
        RequestIn(2, "Keynote: ASEAN-Korea partnership", 90, (1,), "Seoul", 50, ALL, after_ids=(1,))
    )
    lectures = [
        (3, "Lecture: ESG cooperation", (3,)),
        (4, "Lecture: Electric vehicles in ASEAN", (4,)),
        (5, "Lecture: Cultural diplomacy", (5,)),
        (6, "Panel: Youth and the SDGs", (3, 5, 6)),
        (7, "Lecture: Korean wave and ASEAN", (7,)),
        (8, "Workshop: Project design", (6,)),
    ]
    for rid, title, speakers in lectures:
        requests.append(RequestIn(rid, title, 90, speakers, "Seoul", 0, ALL, after_ids=(1,)))
    requests.append(
        RequestIn(
            9,
            "Site visit: Korean Film Archive",
            180,
            (7,),
            "Seoul",
            0,
            ALL,
            after_ids=(7,),
            not_before_day=3,
        )
    )
    requests.append(
        RequestIn(10, "Cultural exchange night", 120, (), "Seoul", 0, ALL, venue_ids=(1,))
    )
    rid = 11
    for team in TEAMS:  # team mission 1 in Seoul, each team in a seminar room
        requests.append(
            RequestIn(
                rid,
                f"Team mission 1 · {team}",
                120,
                (),
                "Seoul",
                6,
                team,
                after_ids=(8,),
                not_before_day=2,
            )
        )
        rid += 1
    requests.append(
        RequestIn(
            19,
            "Team mission 1 presentations",
            120,
            (6,),
            "Seoul",
            0,
            ALL,
            after_ids=tuple(range(11, 19)),
            not_after_day=5,
        )
    )
    # Hanoi
    requests.append(
        RequestIn(
            20,
            "Welcome to Hanoi",
            60,
            (8,),
            "Hanoi",
            0,
            ALL,
            fixed_start=dt.datetime(2027, 7, 11, 9, 0, tzinfo=hanoi),
        )
    )
    hanoi_talks = [
        (21, "Lecture: Vietnam's digital economy", (9,)),
        (22, "Lecture: Heritage and tourism", (10,)),
        (23, "Panel: Regional connectivity", (8, 9, 10)),
        (24, "Lecture: Mekong climate resilience", (11,)),
    ]
    for rid2, title, speakers in hanoi_talks:
        requests.append(RequestIn(rid2, title, 90, speakers, "Hanoi", 0, ALL, after_ids=(20,)))
    requests.append(
        RequestIn(
            25,
            "Site visit: Temple of Literature",
            120,
            (10,),
            "Hanoi",
            0,
            ALL,
            venue_ids=(12,),
            after_ids=(22,),
        )
    )
    rid = 26
    for team in TEAMS:
        requests.append(
            RequestIn(rid, f"Team mission 2 · {team}", 120, (), "Hanoi", 6, team, after_ids=(20,))
        )
        rid += 1
    requests.append(
        RequestIn(
            34,
            "Team mission 2 presentations",
            120,
            (8,),
            "Hanoi",
            0,
            ALL,
            after_ids=tuple(range(26, 34)),
        )
    )
    requests.append(
        RequestIn(
            35,
            "Closing ceremony",
            60,
            (1, 8),
            "Hanoi",
            50,
            ALL,
            after_ids=(34, 21, 22, 23, 24, 25),
            not_before_day=9,
        )
    )
    requests.append(RequestIn(36, "Networking reception", 90, (), "Hanoi", 0, ALL, after_ids=(35,)))
    requests.append(
        RequestIn(37, "Lecture: Korean language basics", 60, (2,), "Seoul", 0, ALL, after_ids=(1,))
    )
    requests.append(RequestIn(38, "Cultural performance", 60, (), "Hanoi", 0, ALL))
    requests.append(
        RequestIn(39, "Reflection session", 60, (6,), "Seoul", 0, ALL, not_before_day=4)
    )
    requests.append(RequestIn(40, "Reflection session Hanoi", 60, (6,), "Hanoi", 0, ALL))

    availability = {
        # The keynote speaker is in Seoul only on the first two days.
        1: [
            (dt.datetime(2027, 7, 5, 8, tzinfo=seoul), dt.datetime(2027, 7, 6, 20, tzinfo=seoul)),
            (dt.datetime(2027, 7, 13, 8, tzinfo=hanoi), dt.datetime(2027, 7, 13, 20, tzinfo=hanoi)),
        ],
        # A speaker who teaches in the morning only.
        4: [
            (dt.datetime(2027, 7, d, 8, tzinfo=seoul), dt.datetime(2027, 7, d, 12, tzinfo=seoul))
            for d in (6, 7, 8)
        ],
    }
    groups = {ALL: 48, **{team: 6 for team in TEAMS}}
    return Problem(
        start_date=dt.date(2027, 7, 5),
        end_date=dt.date(2027, 7, 13),
        time_zone=SEOUL,
        legs=[
            LegIn("Seoul", dt.date(2027, 7, 5), dt.date(2027, 7, 9)),
            LegIn("Hanoi", dt.date(2027, 7, 10), dt.date(2027, 7, 13)),
        ],
        venues=venues,
        requests=requests,
        rules=Rules(
            slot_minutes=15,
            day_start=dt.time(9),
            day_end=dt.time(18),
            meal_breaks=((dt.time(12), dt.time(13)),),
        ),
        group_sizes=groups,
        availability=availability,
        speaker_names={i: f"Speaker {i}" for i in range(1, 12)},
    )
