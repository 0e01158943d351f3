"""Demo data for logistics/, loaded by ``manage.py load_demo`` after the apps it builds on.

The ESG youth forum (Seoul, in five weeks, selection made) is the demo's event with
confirmed youth, so it carries the travel work: Korea's visa table for ASEAN passports,
passports for all but one participant (one follow-up form missing too), visa letters,
arrivals at Incheon with pickups, a hotel and its rooming list. The organiser holds the
logistics role (granted by the owner), so they see the passports, every view logged.
The youth workshop's next edition is still in review (no one confirmed), so it has no
travel yet. ASEM CMM8 (Sofia): the delegates' visa table for Bulgaria, their visa
statuses and the delegation hotel with heads in single rooms, when delegations/ has
accredited them. Everything goes through the services; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from backend.errors import BridgesError
from participants.enums import ApplicationStatus
from participants.models import Answer
from participants.services import question_create
from programmes.demo import Demo
from programmes.demo.base import at

from . import services
from .enums import VisaStatus
from .models import (
    Flight,
    Hotel,
    LogisticsAccess,
    RoomAssignment,
    TravelProfile,
    VisaCase,
    VisaLetter,
)

SEOUL = "Asia/Seoul"
# Korea's visa-free entry in 2024: Thailand, Malaysia, Singapore, Brunei; the others need one.
KOREA_VISA = ["ID", "KH", "LA", "MM", "PH", "VN"]
# Bulgaria (2018): most non-EU ASEM partners' citizens needed a visa.
BULGARIA_VISA = ["BD", "CN", "ID", "IN", "KH", "KZ", "LA", "MM", "MN", "PH", "PK", "RU", "TH", "VN"]

PASSPORTS = {
    "rizky": ("RIZKY PRATAMA", "C1234567", "ID", "2031-03-14"),
    "meiling": ("TAN MEI LING", "A41234567", "MY", "2029-11-02"),
    "thiri": ("THIRI AUNG", "MD123456", "MM", "2030-06-30"),
    # Nam has not sent his passport or his follow-up form yet.
}
ARRIVALS = {
    "rizky": ("GA878", -1, "08:05"),
    "meiling": ("MH66", -1, "07:20"),
    "thiri": ("KE472", -1, "14:35"),
    "nam": ("VN416", -1, "06:40"),
}


def load(demo: Demo) -> None:
    _esg_forum(demo)
    _asem_sofia(demo)


def _people(demo: Demo, event_key: str) -> dict[str, object]:
    return {
        key: application
        for (key, ev), application in demo.applications.items()
        if ev == event_key and application.status == ApplicationStatus.CONFIRMED
    }


def _esg_forum(demo: Demo) -> None:
    event = demo.events.get("esg-forum")
    people = _people(demo, "esg-forum")
    if event is None or not people:
        return
    owner, organiser = demo.users["owner"], demo.users["organiser"]
    if not LogisticsAccess.objects.filter(organisation=event.organisation, user=organiser).exists():
        services.access_grant(organisation=event.organisation, user=organiser, by=owner)
    services.visa_rules_set(event=event, country="KR", nationalities=KOREA_VISA, by=organiser)
    if not hasattr(event, "letter_settings"):
        services.letter_settings_save(
            event=event,
            data={
                "letterhead": "ASEAN-Korea Centre · 8F, 124 Sejong-daero, Jung-gu, Seoul",
                "purpose": "ASEAN-Korea ESG Cooperation Programme: Youth Forum (invited speaker and participant)",
                "costs_covered_by": "ASEAN-Korea Centre (return flight, accommodation and meals)",
                "signatory_name": "Kim Hae-yong",
                "signatory_title": "Secretary General, ASEAN-Korea Centre",
            },
            by=organiser,
        )
    leg = event.legs.first()
    day = event.start_date
    for key, (name, number, nationality, expiry) in PASSPORTS.items():
        application = people.get(key)
        if (
            application is None
            or TravelProfile.objects.filter(application=application)
            .exclude(passport_number="")
            .exists()
        ):
            continue
        services.passport_save(
            application=application,
            data={
                "passport_name": name,
                "passport_number": number,
                "nationality": nationality,
                "passport_expiry": expiry,
            },
            by=application.applicant,
        )
    for key, application in people.items():
        if (
            leg is not None
            and not VisaCase.objects.filter(application=application, leg=leg).exists()
        ):
            needed = services.visa_needs(application=application, legs=[leg])[leg.pk]
            services.visa_declare(
                application=application, leg=leg, needed=needed, by=application.applicant
            )
        flight, offset, hhmm = ARRIVALS.get(key, (None, 0, ""))
        if (
            flight
            and not Flight.objects.filter(application=application, direction="arrival").exists()
        ):
            services.flight_save(
                application=application,
                direction="arrival",
                flight_number=flight,
                airport="ICN",
                airport_zone=SEOUL,
                at=at(day + dt.timedelta(days=offset), hhmm, SEOUL),
                by=application.applicant,
            )
    # Letters for those who need one and gave their passport (made as the job would).
    if leg is not None and not VisaLetter.objects.filter(application__event=event).exists():
        for application, country, legs in services.letters_due(event=event):
            services.letter_make(
                application=application,
                country=country,
                legs=legs,
                settings_row=event.letter_settings,
            )
        thiri = people.get("thiri")
        if thiri is not None:
            case = VisaCase.objects.get(application=thiri, leg=leg)
            services.visa_status_set(case=case, status=VisaStatus.APPLIED, by=organiser)
    if not event.pickup_groups.exists():
        services.pickups_plan(
            event=event, direction="arrival", window_minutes=90, capacity=3, by=organiser
        )
    if not Hotel.objects.filter(event=event).exists() and leg is not None:
        hotel = services.hotel_add(
            event=event, leg=leg, name="Koreana Hotel, Gwanghwamun", by=organiser
        )
        services.block_add(
            hotel=hotel,
            room_type="Twin",
            beds=2,
            rooms=3,
            first_night=day - dt.timedelta(days=1),
            last_night=day,
            by=organiser,
        )
        services.rooming_solve(event=event, leg=leg, by=organiser, time_limit=5)
    if not hasattr(event, "follow_up"):
        follow_up = services.follow_up_setup(
            event=event,
            deadline=at(day - dt.timedelta(days=21), "18:00", SEOUL),
            title="Travel details",
            by=organiser,
        )
        diet = question_create(
            event=event,
            questionnaire=follow_up.questionnaire,
            data={
                "kind": "single_choice",
                "label": "Dietary needs",
                "required": True,
                "choices": ["None", "Vegetarian", "Halal", "Other"],
            },
        )
        contact = question_create(
            event=event,
            questionnaire=follow_up.questionnaire,
            data={
                "kind": "short_text",
                "label": "Emergency contact (name and phone)",
                "required": True,
            },
        )
        for key, diet_answer, contact_answer in (
            ("rizky", "Halal", "Siti Pratama +62 811 222 333"),
            ("meiling", "None", "Tan Ah Kow +60 12 345 6789"),
        ):
            application = people.get(key)
            if (
                application is not None
                and not Answer.objects.filter(application=application, question=diet).exists()
            ):
                services.follow_up_answer(
                    application=application,
                    follow_up=follow_up,
                    answers={diet.pk: diet_answer, contact.pk: contact_answer},
                    by=application.applicant,
                )


def _asem_sofia(demo: Demo) -> None:
    """The delegates' visas for Bulgaria and their hotel, if delegations/ accredited them."""
    event = demo.events.get("asem-cmm8")
    if event is None:
        return
    delegates = list(services.attending(event).select_related("nominee"))
    if not delegates:
        return
    organiser = demo.users["organiser"]
    leg = event.legs.first()
    if leg is None:
        return
    services.visa_rules_set(event=event, country="BG", nationalities=BULGARIA_VISA, by=None)
    for application in delegates:
        if not VisaCase.objects.filter(application=application, leg=leg).exists():
            needed = services.visa_needs(application=application, legs=[leg])[leg.pk]
            case = services.visa_declare(application=application, leg=leg, needed=needed, by=None)
            if needed:
                services.visa_status_set(case=case, status=VisaStatus.GRANTED, by=None)
        nominee = getattr(application, "nominee", None)
        if nominee is not None and nominee.is_head:
            services.single_room_set(application=application, single=True, by=None)
    if not Hotel.objects.filter(event=event).exists():
        hotel = services.hotel_add(event=event, leg=leg, name="Sofia Hotel Balkan", by=None)
        singles = TravelProfile.objects.filter(application__in=delegates, single_room=True).count()
        services.block_add(
            hotel=hotel,
            room_type="Single (heads of delegation)",
            beds=1,
            rooms=max(1, singles),
            first_night=leg.start_date - dt.timedelta(days=1),
            last_night=leg.end_date,
            by=None,
        )
        services.block_add(
            hotel=hotel,
            room_type="Twin",
            beds=2,
            rooms=max(1, len(delegates)),
            first_night=leg.start_date - dt.timedelta(days=1),
            last_night=leg.end_date,
            by=None,
        )
    if not RoomAssignment.objects.filter(block__hotel__event=event).exists():
        try:
            services.rooming_solve(event=event, leg=leg, by=organiser, time_limit=5)
        except BridgesError:  # the delegations demo changed its numbers: the hotel stays
            return
