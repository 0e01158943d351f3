"""Delegations benchmark: the list of participants and every badge for 53 delegations of
4 delegates (PDF, fonts embedded, one QR code per badge), and 100 bilateral meetings over
2 days placed by the CP-SAT solver (target: under 10 s), checked for clashes.

The documents are rendered by delegations/pdf.py from plain data and the bilaterals are
the solver problem in the shape ``delegations.services.bilaterals.bilateral_problem``
builds (each delegation a "speaker", each bilateral its own group, plenaries busy for
everyone), so no database is needed.
"""

import datetime as dt
import itertools
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

SOFIA = "Europe/Sofia"


def documents() -> None:
    from delegations.demo import ASEM_PARTNERS
    from delegations.pdf import (
        BadgeData,
        ListDelegation,
        ListEntry,
        ListGroupData,
        render_badges_pdf,
        render_participants_list_pdf,
    )

    delegations = [
        ListDelegation(
            name, [ListEntry(f"Delegate {i} of {alpha}", "Director", i == 0) for i in range(4)]
        )
        for _key, name, alpha, _country, _kind in ASEM_PARTNERS
    ]
    started = time.perf_counter()
    data = render_participants_list_pdf(
        title="List of participants",
        subtitle="ASEM CMM8",
        groups=[ListGroupData("Parties", delegations)],
        head_label="Head of delegation",
    )
    list_seconds = time.perf_counter() - started
    badges = [
        BadgeData(
            name=f"Delegate {i} of {alpha}",
            honorific="H.E." if i == 0 else "",
            function="Director",
            delegation=name,
            category="Parties",
            colour="#12355b",
            code=f"BRG1.{n:06d}.{i}.0123456789abcdef",
            event_title="8th ASEM Culture Ministers' Meeting",
        )
        for n, (_key, name, alpha, _country, _kind) in enumerate(ASEM_PARTNERS)
        for i in range(4)
    ]
    started = time.perf_counter()
    badge_pdf = render_badges_pdf(badges, format="cr80")
    badge_seconds = time.perf_counter() - started
    print(f"list of participants, 53 x 4: {list_seconds:.2f} s, {len(data) // 1024} KiB")
    print(
        f"badges, {len(badges)} (CR80 with QR): {badge_seconds:.2f} s, "
        f"{len(badge_pdf) // 1024} KiB, {badge_seconds / len(badges) * 1000:.1f} ms each"
    )


def bilaterals() -> None:
    from scheduling.cpsat import solve
    from scheduling.problem import ALL, BusyIn, LegIn, Problem, RequestIn, Rules, VenueIn

    zone = zoneinfo.ZoneInfo(SOFIA)
    first = dt.date(2018, 3, 1)
    venues = [VenueIn(100 + i, f"Bilateral room {i + 1}", "Sofia", SOFIA, 12) for i in range(6)]
    venues.append(VenueIn(99, "Plenary hall", "Sofia", SOFIA, 400))
    busy = []
    for day in range(2):
        date = first + dt.timedelta(days=day)
        for start, end in ((dt.time(9, 30), dt.time(11)), (dt.time(14), dt.time(15, 30))):
            busy.append(
                BusyIn(
                    dt.datetime.combine(date, start, zone),
                    dt.datetime.combine(date, end, zone),
                    99,
                    groups=(ALL,),
                )
            )
    pairs = random.Random(18).sample(list(itertools.combinations(range(1, 54), 2)), 100)
    requests = [
        RequestIn(
            n, f"Bilateral {a}-{b}", 30, speaker_ids=(a, b), min_capacity=8, group=f"bilateral:{n}"
        )
        for n, (a, b) in enumerate(pairs, start=1)
    ]
    problem = Problem(
        start_date=first,
        end_date=first + dt.timedelta(days=1),
        time_zone=SOFIA,
        legs=[LegIn("Sofia", first, first + dt.timedelta(days=1))],
        venues=venues,
        requests=requests,
        rules=Rules(meal_breaks=()),
        group_sizes={r.group: 8 for r in requests},
        busy=busy,
    )
    started = time.perf_counter()
    cpu = time.process_time()
    result = solve(problem, time_limit=float(os.environ.get("BENCH_TIME_LIMIT", "10")))
    cpu = time.process_time() - cpu
    seconds = time.perf_counter() - started
    placed = {p.request_id: p for p in result.placements}
    by_id = {r.id: r for r in requests}
    clashes = 0
    for a, b in itertools.combinations(result.placements, 2):
        if (
            a.starts_at < b.ends_at
            and b.starts_at < a.ends_at
            and (
                a.venue_id == b.venue_id
                or set(by_id[a.request_id].speaker_ids) & set(by_id[b.request_id].speaker_ids)
            )
        ):
            clashes += 1
    plenary = sum(
        1
        for p in result.placements
        for s in busy
        if p.starts_at < s.ends_at and s.starts_at < p.ends_at
    )
    print(
        f"bilaterals: {len(placed)}/100 placed over 2 days in {seconds:.2f} s "
        f"({result.status}, {cpu:.2f} s CPU); clashes {clashes}, plenary overlaps {plenary} (target < 10 s)"
    )


def main() -> None:
    import django

    django.setup()
    if not os.environ.get("BENCH_ONLY_BILATERALS"):
        documents()
    bilaterals()


if __name__ == "__main__":
    main()
