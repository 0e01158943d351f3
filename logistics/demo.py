"""Demo data for logistics/, loaded by ``manage.py load_demo`` after the apps it builds on.

The ESG youth forum (Seoul, in five weeks, selection made) is the demo's event with
confirmed youth, so it carries the travel work: Korea's visa table for ASEAN passports,
passports for all but one participant (one follow-up form missing too), visa letters,
arrivals at Incheon with pickups, a hotel and its rooming list. The organiser holds the
logistics role (granted by the owner), so they see the passports, every view logged.
The ASEAN-Korea Youth Network Workshop 2023 (Seoul, then Hanoi; its 48 youth confirmed by
surveys/demo.py, which load_demo runs before this) carries the rest: Korea's visa table
and Viet Nam's (empty: ASEAN and Korean passports enter visa-free), each person's word per
leg and their visas granted, arrivals at Incheon, the transfer flights into Noi Bai and
the departures from there with pickups for each, a hotel per city with its rooming list,
an accompanying person, three follow-up forms never sent, and grants for the youth from
Cambodia, Laos and Myanmar. Its passports are not kept: the edition ended long ago, past
the retention period. The next edition is still in review (no one confirmed). ASEM CMM8 (Sofia): the delegates' visa table for Bulgaria, their visa
statuses and the delegation hotel with heads in single rooms, when delegations/ has
accredited them. Everything goes through the services; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from backend.content_language import column, set_translations
from backend.errors import BridgesError
from participants.enums import ApplicationStatus
from participants.models import Answer
from participants.services import question_create
from programmes.demo import Demo
from programmes.demo.base import at

from . import services
from .enums import VisaStatus
from .models import (
    Companion,
    Flight,
    Grant,
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
    _youth_workshop(demo)
    _asem_sofia(demo)


def _logistics_role(event, demo: Demo) -> None:
    owner, organiser = demo.users["owner"], demo.users["organiser"]
    if not LogisticsAccess.objects.filter(organisation=event.organisation, user=organiser).exists():
        services.access_grant(organisation=event.organisation, user=organiser, by=owner)


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
    organiser = demo.users["organiser"]
    _logistics_role(event, demo)
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


HANOI = "Asia/Ho_Chi_Minh"
# Arrival at Incheon the day before the workshop, by departure country: (flight, local time).
YOUTH_ARRIVALS = {
    "BN": ("BI651", "06:10"),
    "KH": ("KE690", "06:45"),
    "ID": ("GA870", "07:40"),
    "LA": ("TW102", "06:20"),
    "MY": ("MH66", "07:20"),
    "MM": ("KE472", "14:35"),
    "PH": ("PR468", "11:05"),
    "SG": ("SQ608", "15:55"),
    "TH": ("TG656", "08:30"),
    "VN": ("VN416", "06:40"),
}
YOUTH_GRANT_COUNTRIES = ("KH", "LA", "MM")
YOUTH_NO_FORM = 3  # the last three people never sent their follow-up form


def _youth_workshop(demo: Demo) -> None:
    event = demo.events.get("akynw-2023")
    people = (
        list(services.attending(event).select_related("applicant").order_by("pk")) if event else []
    )
    legs = list(event.legs.order_by("start_date")) if event else []
    if not people or len(legs) != 2:
        return
    organiser = demo.users["organiser"]
    seoul, hanoi = legs
    _logistics_role(event, demo)
    services.visa_rules_set(event=event, country="KR", nationalities=KOREA_VISA, by=organiser)
    services.visa_rules_set(event=event, country="VN", nationalities=[], by=organiser)
    for application in people:
        needs = services.visa_needs(application=application, legs=legs)
        for leg in legs:
            if VisaCase.objects.filter(application=application, leg=leg).exists():
                continue
            case = services.visa_declare(
                application=application, leg=leg, needed=needs[leg.pk], by=application.applicant
            )
            if needs[leg.pk]:
                services.visa_status_set(case=case, status=VisaStatus.GRANTED, by=organiser)
    _youth_flights(event, people, seoul, hanoi, organiser)
    _youth_follow_up(event, people, organiser)
    _youth_rooms(event, people, seoul, hanoi, organiser)
    _youth_grants(event, people, seoul, hanoi, organiser)


def _youth_flights(event, people, seoul, hanoi, organiser) -> None:
    have = set(
        Flight.objects.filter(application__event=event).values_list("application_id", "direction")
    )
    for index, application in enumerate(people):
        country = str(application.country)
        flights = []
        if country in YOUTH_ARRIVALS:  # Korean youth come to Seoul by train or bus
            number, hhmm = YOUTH_ARRIVALS[country]
            day = seoul.start_date - dt.timedelta(days=1)
            flights.append(("arrival", number, "ICN", SEOUL, at(day, hhmm, SEOUL)))
        # Everyone flies Seoul -> Hanoi together on the travel day, on two flights.
        transfer = ("VN417", "13:20") if index % 2 else ("KE679", "12:50")
        flights.append(
            ("transfer", transfer[0], "HAN", HANOI, at(hanoi.start_date, transfer[1], HANOI))
        )
        home = "KE680" if country in ("KR", "") else "VN" + str(600 + index % 7 * 11)
        flights.append(
            (
                "departure",
                home,
                "HAN",
                HANOI,
                at(hanoi.end_date, "10:30" if index % 3 else "23:45", HANOI),
            )
        )
        for direction, number, airport, zone, when in flights:
            if (application.pk, direction) in have:
                continue
            services.flight_save(
                application=application,
                direction=direction,
                flight_number=number,
                airport=airport,
                airport_zone=zone,
                at=when,
                by=application.applicant,
            )
    if not event.pickup_groups.exists():
        for direction, window, capacity in (
            ("arrival", 90, 12),
            ("transfer", 45, 45),
            ("departure", 60, 16),
        ):
            services.pickups_plan(
                event=event,
                direction=direction,
                window_minutes=window,
                capacity=capacity,
                by=organiser,
            )


# The youth workshop's follow-up form in its other working languages (issue 17): the
# choices' values (what answers keep) stay English, their labels are translated.
YOUTH_FOLLOW_UP_TITLE = {"ko": "여행 정보", "vi": "Thông tin chuyến đi"}
YOUTH_DIET = {
    "label_ko": "식사 요구 사항",
    "label_vi": "Nhu cầu ăn uống",
    "choice_labels_ko": ["없음", "채식", "할랄", "기타"],
    "choice_labels_vi": ["Không có", "Ăn chay", "Halal", "Khác"],
}
YOUTH_CONTACT = {
    "label_ko": "비상 연락처 (이름과 전화번호)",
    "label_vi": "Người liên hệ khẩn cấp (tên và số điện thoại)",
}


def _youth_follow_up(event, people, organiser) -> None:
    if hasattr(event, "follow_up"):
        return
    follow_up = services.follow_up_setup(
        event=event,
        deadline=at(event.start_date - dt.timedelta(days=21), "18:00", SEOUL),
        title="Travel details",
        by=organiser,
    )
    form = follow_up.questionnaire
    set_translations(form, "title", YOUTH_FOLLOW_UP_TITLE)
    form.save(update_fields=[column("title", code) for code in YOUTH_FOLLOW_UP_TITLE])
    diet = question_create(
        event=event,
        questionnaire=form,
        data={
            "kind": "single_choice",
            "label": "Dietary needs",
            "required": True,
            "choices": ["None", "Vegetarian", "Halal", "Other"],
            **YOUTH_DIET,
        },
    )
    contact = question_create(
        event=event,
        questionnaire=form,
        data={
            "kind": "short_text",
            "label": "Emergency contact (name and phone)",
            "required": True,
            **YOUTH_CONTACT,
        },
    )
    halal = {"BN", "ID", "MY"}
    for index, application in enumerate(people[: len(people) - YOUTH_NO_FORM]):
        country = str(application.country)
        answer = (
            "Halal"
            if country in halal and index % 2 == 0
            else ("Vegetarian" if index % 9 == 4 else "None")
        )
        services.follow_up_answer(
            application=application,
            follow_up=follow_up,
            answers={
                diet.pk: answer,
                contact.pk: f"{application.applicant.last_name} family +00 {1000 + index}",
            },
            by=application.applicant,
        )


def _youth_rooms(event, people, seoul, hanoi, organiser) -> None:
    if not Companion.objects.filter(application__event=event).exists():
        # One participant comes with a personal assistant: a bed, meals, a badge and a seat
        # in the vehicles, no place in the quotas.
        helped = next((a for a in people if str(a.country) == "PH"), people[0])
        services.companion_add(
            application=helped,
            name="Grace Dela Cruz",
            role="accompanying",
            gender=helped.gender or "",
            by=organiser,
        )
    rooms = (len(people) + 1) // 2 + 2
    for leg, name in ((seoul, "Hotel Skypark Central Myeongdong"), (hanoi, "Fortuna Hotel Hanoi")):
        if Hotel.objects.filter(event=event, leg=leg).exists():
            continue
        hotel = services.hotel_add(event=event, leg=leg, name=name, by=organiser)
        services.block_add(
            hotel=hotel,
            room_type="Twin",
            beds=2,
            rooms=rooms,
            first_night=leg.start_date - dt.timedelta(days=1) if leg == seoul else leg.start_date,
            last_night=leg.end_date - dt.timedelta(days=1)
            if leg == seoul
            else leg.end_date - dt.timedelta(days=1),
            by=organiser,
        )
        try:
            services.rooming_solve(event=event, leg=leg, by=organiser, time_limit=1)
        except BridgesError:  # the cohort changed: the hotel stays, the list is made on the page
            continue


def _youth_grants(event, people, seoul, hanoi, organiser) -> None:
    """Per diem in both cities (a line each: Seoul's days, then Hanoi's)."""
    if Grant.objects.filter(application__event=event).exists():
        return
    services.airfare_cap_set(
        event=event,
        region="Mainland Southeast Asia",
        countries=["KH", "LA", "MM", "TH", "VN"],
        amount="600",
        currency="USD",
        by=organiser,
    )
    services.airfare_cap_set(
        event=event,
        region="Maritime Southeast Asia",
        countries=["BN", "ID", "MY", "PH", "SG"],
        amount="750",
        currency="USD",
        by=organiser,
    )
    # Each city's per diem in its own currency: the grants page totals them apart.
    seoul_rate = services.per_diem_set(
        event=event, city="Seoul", amount="80000", currency="KRW", by=organiser
    )
    hanoi_rate = services.per_diem_set(
        event=event, city="Hanoi", amount="900000", currency="VND", by=organiser
    )
    grants = []
    for index, application in enumerate(
        a for a in people if str(a.country) in YOUTH_GRANT_COUNTRIES
    ):
        grant = services.grant_approve(
            application=application,
            budget_line="ASEAN-Korea Cooperation Fund",
            airfare=str(420 + 15 * index),
            per_diem_lines=[
                (seoul_rate, (seoul.end_date - seoul.start_date).days + 1),
                (hanoi_rate, (hanoi.end_date - hanoi.start_date).days + 1),
            ],
            by=organiser,
        )
        grants.append(grant)
    _youth_claims(grants, organiser)


# (amount, currency, what, reviewed: True approved, False rejected, None waiting)
YOUTH_CLAIMS = [
    ("55000", "KRW", "Taxi from Incheon to the hotel", True),
    ("450000", "VND", "Meals on the Hanoi site visit", None),
    ("40", "USD", "Extra baggage on the return flight", False),
    ("120000", "VND", "Airport bus from Noi Bai", True),
]


def _receipt(what: str, amount: str, currency: str):
    """A one-page receipt PDF made on the spot (the claim checks the file's content)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(300, 200))
    pdf.drawString(20, 160, "RECEIPT")
    pdf.drawString(20, 130, what)
    pdf.drawString(20, 100, f"{amount} {currency}")
    pdf.save()
    return SimpleUploadedFile("receipt.pdf", buffer.getvalue(), content_type="application/pdf")


def _youth_claims(grants, organiser) -> None:
    """Reimbursement claims with receipts: approved, waiting and refused, in three
    currencies."""
    for grant, (amount, currency, what, reviewed) in zip(grants, YOUTH_CLAIMS, strict=False):
        claim = services.claim_submit(
            grant=grant,
            amount=amount,
            currency=currency,
            description=what,
            receipt=_receipt(what, amount, currency),
            by=grant.application.applicant,
        )
        if reviewed is not None:
            services.claim_review(claim=claim, approve=reviewed, by=organiser)


def _asem_sofia(demo: Demo) -> None:
    """The delegates' visas for Bulgaria and their hotel, if delegations/ accredited them."""
    event = demo.events.get("asem-cmm8")
    if event is None:
        return
    delegates = list(
        services.attending(event).select_related(
            "applicant__profile", "nominee__delegation__partner"
        )
    )
    if not delegates:
        return
    organiser = demo.users["organiser"]
    leg = event.legs.first()
    if leg is None:
        return
    services.visa_rules_set(event=event, country="BG", nationalities=BULGARIA_VISA, by=None)
    for application in delegates:
        # A delegate travels on their delegation's country's passport (the EU's delegates
        # on their own, which the table does not list): they say so per leg.
        nominee = getattr(application, "nominee", None)
        country = str(nominee.delegation.partner.country or "") if nominee else ""
        if not VisaCase.objects.filter(application=application, leg=leg).exists():
            needed = services.visa_needs(application=application, legs=[leg])[leg.pk] or (
                country in BULGARIA_VISA
            )
            case = services.visa_declare(application=application, leg=leg, needed=needed, by=None)
            if needed:
                services.visa_status_set(case=case, status=VisaStatus.GRANTED, by=None)
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
