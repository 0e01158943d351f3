"""Protocol order of precedence, one service for every list it orders: the official list
of participants (PDF and CSV), the seating plan with its name plates, and the speakers'
list.

Delegations go in alphabetical order of their "alphabetical as" names in the meeting's
language, optionally starting from a letter drawn by lot (UN practice) and wrapping round;
the host and the chair are placed as the event's settings say. Within a delegation the
head comes first, then by rank, then by name. The order is computed in Python from folded
names (no accents, no case), so it is the same on PostgreSQL and SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from backend.names import fold
from programmes.models import Event

from ..enums import (
    GROUP_COLOURS,
    GROUP_OF,
    GROUP_ORDER,
    ChairPlacement,
    ListGroup,
    NomineeStatus,
    Participation,
    SeatingLayout,
)
from ..models import EventPartner, Nominee
from ..pdf import (
    ListDelegation,
    ListEntry,
    ListGroupData,
    Seat,
    render_participants_list_pdf,
    render_seating_pdf,
)
from .common import settings_for


def _key(delegation: EventPartner) -> str:
    return fold(delegation.partner.sort_name)


def order_delegations(
    delegations: Sequence[EventPartner],
    *,
    drawn_letter: str = "",
    host_first: bool = True,
    chair_id: int | None = None,
    chair_placement: str = ChairPlacement.IN_ORDER,
) -> list[EventPartner]:
    """``delegations`` in protocol order (the pure rule; ``protocol_order`` reads the
    event's settings)."""
    ordered = sorted(delegations, key=lambda d: (_key(d), d.pk))
    letter = fold(drawn_letter or "")
    if letter:
        start = next((i for i, d in enumerate(ordered) if _key(d) >= letter), 0)
        ordered = ordered[start:] + ordered[:start]
    hosts = [d for d in ordered if d.participation == Participation.HOST] if host_first else []
    chair = next((d for d in ordered if d.pk == chair_id), None)
    if chair_placement == ChairPlacement.IN_ORDER:
        chair = None
    rest = [d for d in ordered if d not in hosts and d is not chair]
    front = [d for d in hosts if d is not chair]
    if chair is not None:
        front = [chair, *front] if chair_placement == ChairPlacement.FIRST else [*front, chair]
    return front + rest


def in_meeting_language(event: Event):
    """The meeting's language for the block: protocol order sorts by the "alphabetical as"
    names in it, and every list it orders (PDF, CSV, seating plan, speakers) names the
    delegations in it, whatever the reader's language."""
    return translation.override(settings_for(event).meeting_language or None)


def protocol_order(event: Event, *, only_attending: bool = False) -> list[EventPartner]:
    """The event's delegations in protocol order (declined invitations left out), sorted
    in the meeting's language."""
    config = settings_for(event)
    rows = EventPartner.objects.filter(event=event).exclude(invitation_status="declined")
    rows = list(rows.select_related("partner"))
    with in_meeting_language(event):
        return order_delegations(
            rows,
            drawn_letter=config.drawn_letter,
            host_first=config.host_first,
            chair_id=config.chair_id,
            chair_placement=config.chair_placement,
        )


def order_people(people: Sequence[Nominee]) -> list[Nominee]:
    return sorted(people, key=lambda n: (not n.is_head, n.rank, fold(n.full_name), n.pk))


@dataclass(frozen=True)
class ListedDelegation:
    delegation: EventPartner
    group: str
    people: list[Nominee]


def participants_list(
    event: Event, *, statuses=(NomineeStatus.ACCREDITED,)
) -> list[ListedDelegation]:
    """Every delegation with its people (accredited by default), in protocol order within
    each group (Parties, Observers, Guests, Secretariat). Two queries."""
    order = protocol_order(event)
    people: dict[int, list[Nominee]] = {}
    for nominee in Nominee.objects.filter(event=event, status__in=statuses):
        people.setdefault(nominee.delegation_id, []).append(nominee)
    listed = [
        ListedDelegation(d, GROUP_OF[d.participation], order_people(people.get(d.pk, [])))
        for d in order
    ]
    return sorted(listed, key=lambda row: GROUP_ORDER.index(row.group))


def participants_list_pdf(event: Event) -> bytes:
    with in_meeting_language(event):
        listed = participants_list(event)
        groups = []
        for group in GROUP_ORDER:
            rows = [r for r in listed if r.group == group and r.people]
            if rows:
                groups.append(
                    ListGroupData(
                        heading=str(ListGroup(group).label),
                        delegations=[
                            ListDelegation(
                                r.delegation.partner.official_name,
                                [
                                    ListEntry(_person_name(p), p.function, p.is_head)
                                    for p in r.people
                                ],
                            )
                            for r in rows
                        ],
                    )
                )
        return render_participants_list_pdf(
            title=_("List of participants"),
            subtitle=event.title,
            groups=groups,
            head_label=_("Head of delegation"),
        )


def _person_name(nominee: Nominee) -> str:
    return f"{nominee.honorific} {nominee.full_name}".strip()


def badge_colour(delegation: EventPartner) -> str:
    return GROUP_COLOURS[GROUP_OF[delegation.participation]]


# ------------------------------------------------------------------ seating and speakers


def seating_plan(event: Event) -> list[Seat]:
    """One seat per delegation in protocol order: round the U from the chair's right, or
    theatre rows from the front, left to right."""
    order = [d for d in protocol_order(event) if GROUP_OF[d.participation] != ListGroup.SECRETARIAT]
    count = len(order)
    seats: list[Seat] = []
    if settings_for(event).seating_layout == SeatingLayout.THEATRE:
        per_row = 8
        rows = max(1, (count + per_row - 1) // per_row)
        for i, delegation in enumerate(order):
            row, col = divmod(i, per_row)
            seats.append(
                Seat(
                    delegation.partner.official_name,
                    col / (per_row - 1),
                    row / max(1, rows - 1) if rows > 1 else 0,
                )
            )
        return seats
    side = (count + 2) // 3
    bottom = count - 2 * side
    for i, delegation in enumerate(order):
        name = delegation.partner.official_name
        if i < side:  # the left arm, from the front down
            seats.append(Seat(name, 0.0, i / max(1, side - 1)))
        elif i < side + bottom:  # the base, left to right
            j = i - side
            seats.append(Seat(name, (j + 1) / (bottom + 1), 1.0))
        else:  # the right arm, from the back up
            j = i - side - bottom
            seats.append(Seat(name, 1.0, 1 - j / max(1, side - 1)))
    return seats


def seating_plan_pdf(event: Event) -> bytes:
    with in_meeting_language(event):
        return render_seating_pdf(
            title=_("Seating plan: %(event)s") % {"event": event.title},
            seats=seating_plan(event),
            front_label=_("Chair"),
        )


def speakers_list(event: Event) -> list[dict]:
    """The plenary's speakers' list: each attending delegation's head (or first accredited
    member) in protocol order, named in the meeting's language."""
    with in_meeting_language(event):
        return _speakers_list(event)


def _speakers_list(event: Event) -> list[dict]:
    result = []
    for row in participants_list(event):
        if row.people:
            person = row.people[0]
            result.append(
                {
                    "delegation": row.delegation.partner.official_name,
                    "group": row.group,
                    "speaker": _person_name(person),
                    "nominee_id": person.pk,
                }
            )
    return result
