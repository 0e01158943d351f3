"""Hotels, room blocks, accompanying persons and the rooming list: solved by CP-SAT
(``logistics.rooming_cpsat``), checked against every rule before it is saved, with the
rooms an organiser arranged kept as they are."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from delegations.enums import NomineeStatus
from delegations.models import Nominee
from participants.models import Application
from programmes.models import Event, Leg
from scheduling.problem import FEASIBLE, OPTIMAL

from ..enums import CompanionRole
from ..models import Companion, Hotel, RoomAssignment, RoomBlock, TravelProfile
from ..rooming import RULES, Occupant, Room, violations
from .attendees import attending


def hotel_add(*, event: Event, name: str, leg: Leg | None = None, address: str = "", by) -> Hotel:
    if leg is not None and leg.event_id != event.pk:
        raise BridgesError(_("This leg is not part of the event."), field="leg")
    if not name.strip():
        raise BridgesError(_("This field is required."), field="name")
    with transaction.atomic():
        hotel = Hotel.objects.create(event=event, leg=leg, name=name.strip(), address=address)
        log_action(hotel, "logistics.hotel.saved", user=by)
    return hotel


def block_add(
    *, hotel: Hotel, room_type: str, beds: int, rooms: int, first_night, last_night, by
) -> RoomBlock:
    if not 1 <= beds <= 8:
        raise BridgesError(_("A room has 1 to 8 beds."), field="beds")
    if not 1 <= rooms <= 1000:
        raise BridgesError(_("A block has 1 to 1,000 rooms."), field="rooms")
    if last_night < first_night:
        raise BridgesError(_("The last night must not be before the first."), field="last_night")
    with transaction.atomic():
        block = RoomBlock.objects.create(
            hotel=hotel,
            room_type=room_type,
            beds=beds,
            rooms=rooms,
            first_night=first_night,
            last_night=last_night,
        )
        log_action(block, "logistics.hotel.saved", user=by, event=hotel.event)
    return block


def companion_add(
    *, application: Application, name: str, role: str, gender: str = "", is_minor: bool = False, by
) -> Companion:
    """Register an accompanying person or chaperone with the person they come with: a
    bed, meals, a badge and a seat in the vehicle, but no place in the event's quotas."""
    if role not in CompanionRole.values:
        raise BridgesError(_("Choose accompanying person or chaperone."), field="role")
    if role == CompanionRole.CHAPERONE and is_minor:
        raise BridgesError(_("A chaperone is an adult."), field="is_minor")
    if not name.strip():
        raise BridgesError(_("This field is required."), field="name")
    with transaction.atomic():
        companion = Companion.objects.create(
            application=application, name=name.strip(), role=role, gender=gender, is_minor=is_minor
        )
        log_action(companion, "logistics.companion.added", user=by, event=application.event)
    return companion


def _stay(leg: Leg | None) -> int:
    return leg.pk if leg is not None else 0


def _hotels(event: Event, leg: Leg | None):
    return Hotel.objects.filter(event=event, leg=leg)


def rooming_problem(*, event: Event, leg: Leg | None) -> tuple[list[Occupant], list[Room], dict]:
    """The people attending (and those who come with them) and the rooms of the leg's
    hotels, with the rooms organisers arranged. Returns (occupants, rooms, blocks by id)."""
    blocks = {
        b.pk: b
        for b in RoomBlock.objects.filter(hotel__in=_hotels(event, leg)).select_related("hotel")
    }
    rooms = [Room(b.pk, n, b.beds) for b in blocks.values() for n in range(1, b.rooms + 1)]
    kept = {
        ("a", a.application_id) if a.application_id else ("c", a.companion_id): (a.block_id, a.room)
        for a in RoomAssignment.objects.filter(stay=_stay(leg), kept=True, block__in=blocks)
    }
    applications = list(attending(event).select_related("travel_profile"))
    singles = set(
        TravelProfile.objects.filter(application__in=applications, single_room=True).values_list(
            "application_id", flat=True
        )
    )
    # An accredited head of delegation sleeps alone without anyone ticking a box.
    singles |= set(
        Nominee.objects.filter(
            application__in=applications, is_head=True, status=NomineeStatus.ACCREDITED
        ).values_list("application_id", flat=True)
    )
    occupants = [
        Occupant(
            key=f"a{a.pk}",
            gender=a.gender or "",
            country=str(a.country or ""),
            is_minor=a.is_minor,
            single=a.pk in singles,
            kept_room=kept.get(("a", a.pk)),
        )
        for a in applications
    ]
    by_application = {a.pk: a for a in applications}
    for companion in Companion.objects.filter(application__in=applications):
        occupants.append(
            Occupant(
                key=f"c{companion.pk}",
                gender=companion.gender or "",
                country=str(by_application[companion.application_id].country or ""),
                is_minor=companion.is_minor,
                is_chaperone=companion.role == CompanionRole.CHAPERONE,
                kept_room=kept.get(("c", companion.pk)),
            )
        )
    return occupants, rooms, blocks


def rooming_solve(*, event: Event, leg: Leg | None, by, time_limit: float = 10.0) -> dict:
    """Assign everyone a room for the leg's stay (organisers' rooms kept); refuses with
    the rules that cannot all hold. Returns {"placed", "same_country_pairs", "seconds"}."""
    from .. import rooming_cpsat  # OR-Tools loads only when a solve runs

    occupants, rooms, _blocks = rooming_problem(event=event, leg=leg)
    if not rooms:
        raise BridgesError(_("Add a hotel with rooms first."), code="no_rooms", field="hotel")
    result = rooming_cpsat.solve(occupants, rooms, time_limit=time_limit)
    if result.status not in (OPTIMAL, FEASIBLE):
        if result.broken:
            reasons = " ".join(str(RULES[rule]) for rule in result.broken)
            raise ConflictError(
                _("No rooming list can keep every rule. Cannot hold: %(rules)s")
                % {"rules": reasons},
                code="rooming_infeasible",
                field="rules",
            )
        raise ConflictError(_("The solver found no rooming list in time."), code="rooming_timeout")
    problems = violations(occupants, rooms, result.rooms)
    if problems:  # the model and the check disagree: never hand that to a hotel
        raise ConflictError(
            _("The rooming list broke a rule: %(rule)s") % {"rule": problems[0]},
            code="rooming_check",
        )
    stay = _stay(leg)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        RoomAssignment.objects.filter(stay=stay, block__hotel__event=event, kept=False).delete()
        kept_keys = {p.key for p in occupants if p.kept_room}
        RoomAssignment.objects.bulk_create(
            [
                RoomAssignment(
                    block_id=block,
                    room=number,
                    stay=stay,
                    application_id=int(key[1:]) if key[0] == "a" else None,
                    companion_id=int(key[1:]) if key[0] == "c" else None,
                )
                for key, (block, number) in result.rooms.items()
                if key not in kept_keys
            ]
        )
        log_action(
            event,
            "logistics.rooming.solved",
            user=by,
            data={
                "stay": stay,
                "people": len(result.rooms),
                "same_country_pairs": result.same_country_pairs,
            },
        )
    return {
        "placed": len(result.rooms),
        "same_country_pairs": result.same_country_pairs,
        "seconds": result.wall_seconds,
    }


def room_assign(
    *,
    event: Event,
    leg: Leg | None,
    application: Application | None = None,
    companion: Companion | None = None,
    block: RoomBlock,
    room: int,
    by,
) -> RoomAssignment:
    """An organiser puts someone in a room; the next solve keeps it."""
    if block.hotel.event_id != event.pk or block.hotel.leg_id != (leg.pk if leg else None):
        raise BridgesError(_("This room block is not part of this stay."), field="block")
    if not 1 <= room <= block.rooms:
        raise BridgesError(_("The block has no room with this number."), field="room")
    stay = _stay(leg)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        if RoomAssignment.objects.filter(block=block, room=room, stay=stay).count() >= block.beds:
            RoomAssignment.objects.filter(block=block, room=room, stay=stay, kept=False).delete()
        who = {"application": application} if application else {"companion": companion}
        RoomAssignment.objects.filter(stay=stay, **who).delete()
        if RoomAssignment.objects.filter(block=block, room=room, stay=stay).count() >= block.beds:
            raise ConflictError(_("This room is full."), code="room_full", field="room")
        assignment = RoomAssignment.objects.create(
            block=block, room=room, stay=stay, kept=True, **who
        )
        log_action(assignment, "logistics.room.assigned", user=by, event=event)
    return assignment


# The hotel export's column of a guest's nights over every leg (``reports.exports.travel``).
NIGHTS_TOTAL_LABEL = gettext_lazy("Nights, every leg")


def _guest_key(assignment: RoomAssignment) -> str:
    if assignment.application_id:
        return f"a{assignment.application_id}"
    return f"c{assignment.companion_id}"


def rooming_list(*, event: Event, leg: Leg | None) -> list[dict]:
    """Per room: hotel, type, number, nights, dates and who sleeps there, each guest with
    their nights in this stay and over every leg (``nights_per_person``). Two queries."""
    assignments = RoomAssignment.objects.filter(
        stay=_stay(leg), block__hotel__event=event
    ).select_related("block__hotel", "application__applicant", "companion__application")
    totals = nights_per_person(event=event)
    rooms: dict[tuple, dict] = {}
    for a in assignments:
        key = (a.block.hotel.name, a.block_id, a.room)
        row = rooms.setdefault(
            key,
            {
                "hotel": a.block.hotel.name,
                "room_type": a.block.room_type,
                "room": a.room,
                "block": a.block,
                "people": [],
            },
        )
        if a.application_id:
            person = a.application.applicant.get_full_name() or a.application.applicant.email
            row["people"].append(
                {
                    "name": person,
                    "gender": a.application.gender,
                    "country": str(a.application.country),
                    "kept": a.kept,
                }
            )
        else:
            row["people"].append(
                {
                    "name": a.companion.name,
                    "gender": a.companion.gender,
                    "country": "",
                    "kept": a.kept,
                }
            )
        row["people"][-1].update(
            key=_guest_key(a), nights=a.block.nights, nights_total=totals[_guest_key(a)]
        )
    return [rooms[k] for k in sorted(rooms)]


def nights_per_person(*, event: Event) -> dict[str, int]:
    """Nights billed per guest (``a<application>``, ``c<companion>``) over every stay of
    the event. One query."""
    nights: dict[str, int] = defaultdict(int)
    for a in RoomAssignment.objects.filter(block__hotel__event=event).select_related("block"):
        nights[_guest_key(a)] += a.block.nights
    return dict(nights)


def nights_by_person(*, event: Event) -> tuple[list[Leg | None], list[dict]]:
    """The billing table: the event's stays (its legs, or [None]) and per guest their
    name, whom a companion accompanies, nights per stay (in the stays' order) and in
    total, by name. One query for the guests (and one for the legs)."""
    stays = list(event.legs.all()) or [None]
    column = {_stay(leg): i for i, leg in enumerate(stays)}
    guests: dict[str, dict] = {}
    assignments = RoomAssignment.objects.filter(block__hotel__event=event).select_related(
        "block", "application__applicant", "companion__application__applicant"
    )
    for a in assignments:
        if a.application_id:
            user, accompanies = a.application.applicant, ""
            name = user.get_full_name() or user.email
        else:
            user = a.companion.application.applicant
            name, accompanies = a.companion.name, user.get_full_name() or user.email
        row = guests.setdefault(
            _guest_key(a),
            {
                "key": _guest_key(a),
                "name": name,
                "accompanies": accompanies,
                "nights": [0] * len(stays),
                "total": 0,
            },
        )
        if a.stay in column:
            row["nights"][column[a.stay]] += a.block.nights
        row["total"] += a.block.nights
    return stays, sorted(guests.values(), key=lambda row: (row["name"].casefold(), row["key"]))


def single_room_set(*, application: Application, single: bool, by) -> TravelProfile:
    """Give a person (a delegation head, say) a room of their own at the next solve."""
    with transaction.atomic():
        profile, _created = TravelProfile.objects.select_for_update().get_or_create(
            application=application
        )
        if profile.single_room != single:
            profile.single_room = single
            profile.save(update_fields=["single_room", "updated_at"])
            log_action(
                profile,
                "logistics.single_room.changed",
                user=by,
                data={"single_room": single},
                event=application.event,
            )
    return profile
