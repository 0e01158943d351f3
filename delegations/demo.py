"""Demo data for delegations/, loaded by ``manage.py load_demo`` after the apps it builds on.

ASEM CMM8 (Sofia, 1-2 March 2018): the 53 ASEM partners invited (host Bulgaria), a few
invitations unanswered, one declined, about 150 delegates nominated and accredited, one
substitution, two extra-seat requests (one approved, one waiting), meeting documents and
bilaterals. The UNESCO Bangkok focal points meeting (4-6 March 2014): nine Parties, two
observers (Thailand, Nepal), one guest (Brazil), IFACCA as co-organiser; its nominations
stay open (no cut-off), so the demo focal point (Viet Nam) has a delegation to complete.

Everything goes through the services; a second run finds every row by its natural key
and changes nothing (no second mail).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from programmes.demo import Demo
from programmes.demo.base import venue

from . import services
from .enums import (
    DocumentKind,
    InvitationStatus,
    NomineeStatus,
    Participation,
    PartnerKind,
    Visibility,
)
from .models import Bilateral, EventPartner, MeetingDocument, Nominee, SeatRequest

P, C, ORG = Participation, PartnerKind.COUNTRY, PartnerKind.ORGANISATION

# (key, official name, alphabetical as, country, kind): the 53 ASEM partners in 2018.
ASEM_PARTNERS = [
    ("at", "Republic of Austria", "Austria", "AT", C),
    ("be", "Kingdom of Belgium", "Belgium", "BE", C),
    ("bg", "Republic of Bulgaria", "Bulgaria", "BG", C),
    ("hr", "Republic of Croatia", "Croatia", "HR", C),
    ("cy", "Republic of Cyprus", "Cyprus", "CY", C),
    ("cz", "Czech Republic", "Czech Republic", "CZ", C),
    ("dk", "Kingdom of Denmark", "Denmark", "DK", C),
    ("ee", "Republic of Estonia", "Estonia", "EE", C),
    ("fi", "Republic of Finland", "Finland", "FI", C),
    ("fr", "French Republic", "France", "FR", C),
    ("de", "Federal Republic of Germany", "Germany", "DE", C),
    ("gr", "Hellenic Republic", "Greece", "GR", C),
    ("hu", "Hungary", "Hungary", "HU", C),
    ("ie", "Ireland", "Ireland", "IE", C),
    ("it", "Italian Republic", "Italy", "IT", C),
    ("lv", "Republic of Latvia", "Latvia", "LV", C),
    ("lt", "Republic of Lithuania", "Lithuania", "LT", C),
    ("lu", "Grand Duchy of Luxembourg", "Luxembourg", "LU", C),
    ("mt", "Republic of Malta", "Malta", "MT", C),
    ("nl", "Kingdom of the Netherlands", "Netherlands", "NL", C),
    ("no", "Kingdom of Norway", "Norway", "NO", C),
    ("pl", "Republic of Poland", "Poland", "PL", C),
    ("pt", "Portuguese Republic", "Portugal", "PT", C),
    ("ro", "Romania", "Romania", "RO", C),
    ("sk", "Slovak Republic", "Slovakia", "SK", C),
    ("si", "Republic of Slovenia", "Slovenia", "SI", C),
    ("es", "Kingdom of Spain", "Spain", "ES", C),
    ("se", "Kingdom of Sweden", "Sweden", "SE", C),
    ("ch", "Swiss Confederation", "Switzerland", "CH", C),
    ("gb", "United Kingdom of Great Britain and Northern Ireland", "United Kingdom", "GB", C),
    ("au", "Commonwealth of Australia", "Australia", "AU", C),
    ("bd", "People's Republic of Bangladesh", "Bangladesh", "BD", C),
    ("bn", "Brunei Darussalam", "Brunei Darussalam", "BN", C),
    ("kh", "Kingdom of Cambodia", "Cambodia", "KH", C),
    ("cn", "People's Republic of China", "China", "CN", C),
    ("in", "Republic of India", "India", "IN", C),
    ("id", "Republic of Indonesia", "Indonesia", "ID", C),
    ("jp", "Japan", "Japan", "JP", C),
    ("kz", "Republic of Kazakhstan", "Kazakhstan", "KZ", C),
    ("kr", "Republic of Korea", "Korea", "KR", C),
    ("la", "Lao People's Democratic Republic", "Lao", "LA", C),
    ("my", "Malaysia", "Malaysia", "MY", C),
    ("mn", "Mongolia", "Mongolia", "MN", C),
    ("mm", "Republic of the Union of Myanmar", "Myanmar", "MM", C),
    ("nz", "New Zealand", "New Zealand", "NZ", C),
    ("pk", "Islamic Republic of Pakistan", "Pakistan", "PK", C),
    ("ph", "Republic of the Philippines", "Philippines", "PH", C),
    ("ru", "Russian Federation", "Russian Federation", "RU", C),
    ("sg", "Republic of Singapore", "Singapore", "SG", C),
    ("th", "Kingdom of Thailand", "Thailand", "TH", C),
    ("vn", "Socialist Republic of Viet Nam", "Viet Nam", "VN", C),
    ("eu", "European Union", "European Union", "", ORG),
    ("asean", "ASEAN Secretariat", "ASEAN Secretariat", "", ORG),
]
ASEM_UNANSWERED = ("pk", "kz", "bd")
ASEM_DECLINED = "nz"
ASEM_SEAT_REQUESTS = (("cn", True), ("fr", False))
ASEM_SUBSTITUTION = "de"

# (key, official name, alphabetical as, country, kind, participation)
BANGKOK_PARTNERS = [
    ("au", "Commonwealth of Australia", "Australia", "AU", C, P.MEMBER),
    ("bd", "People's Republic of Bangladesh", "Bangladesh", "BD", C, P.MEMBER),
    ("kh", "Kingdom of Cambodia", "Cambodia", "KH", C, P.MEMBER),
    ("cn", "People's Republic of China", "China", "CN", C, P.MEMBER),
    ("kr", "Republic of Korea", "Korea", "KR", C, P.MEMBER),
    ("la", "Lao People's Democratic Republic", "Lao", "LA", C, P.MEMBER),
    ("mn", "Mongolia", "Mongolia", "MN", C, P.MEMBER),
    ("nz", "New Zealand", "New Zealand", "NZ", C, P.MEMBER),
    ("vn", "Socialist Republic of Viet Nam", "Viet Nam", "VN", C, P.MEMBER),
    ("th", "Kingdom of Thailand", "Thailand", "TH", C, P.OBSERVER),
    ("np", "Federal Democratic Republic of Nepal", "Nepal", "NP", C, P.OBSERVER),
    ("br", "Federative Republic of Brazil", "Brazil", "BR", C, P.GUEST),
    (
        "ifacca",
        "International Federation of Arts Councils and Culture Agencies",
        "IFACCA",
        "",
        ORG,
        P.CO_ORGANISER,
    ),
]

# Names for the demo's delegates: plainly invented, one per seat, the same on every run.
GIVEN = [
    "Alex",
    "Maria",
    "Jan",
    "Elena",
    "Tomas",
    "Sofia",
    "Lukas",
    "Anna",
    "Minh",
    "Aiko",
    "Arjun",
    "Mei",
    "Kim",
    "Nadia",
    "Omar",
    "Ines",
    "Pavel",
    "Lea",
    "Ravi",
    "Dana",
]
FAMILY = [
    "Petrov",
    "Keller",
    "Novak",
    "Rossi",
    "Larsen",
    "Tanaka",
    "Nguyen",
    "Silva",
    "Horvath",
    "Dubois",
    "Kowalski",
    "Lim",
    "Haddad",
    "Ivanova",
    "Santos",
]
ROLES = [
    ("H.E.", "Minister of Culture", 1),
    ("Ambassador", "Ambassador to Bulgaria", 2),
    ("Ms/Mr", "Director, International Cultural Relations", 3),
]


def _name(index: int) -> str:
    return f"{GIVEN[index % len(GIVEN)]} {FAMILY[(index * 7) % len(FAMILY)]}"


def _focal_point(key: str, org_key: str):
    User = get_user_model()
    email = f"focal.{key}.{org_key}@bridges.demo"
    user, _created = User.objects.get_or_create(
        username=f"focal-{key}-{org_key}", defaults={"email": email}
    )
    return user


def _partner(demo: Demo, org_key: str, row, focal_points) -> object:
    key, name, alpha, country, kind = row[:5]
    return services.partner_save(
        organisation=demo.organisations[org_key],
        key=key,
        data={"kind": kind, "official_name": name, "alphabetical_name": alpha, "country": country},
        focal_points=focal_points,
    )


def _nominate(delegation: EventPartner, index: int, rank: int, by, **extra) -> Nominee | None:
    email = f"delegate{index}.{delegation.partner.key}@{delegation.event.slug}.bridges.demo"
    if Nominee.objects.filter(event=delegation.event, email=email).exists():
        return None
    honorific, function, _rank = ROLES[min(rank, len(ROLES) - 1)]
    return services.nominee_nominate(
        delegation=delegation,
        data={
            "full_name": _name(index),
            "honorific": honorific,
            "function": function,
            "organisation_name": f"Ministry of Culture, {delegation.partner.alphabetical_name}"
            if delegation.partner.kind == C
            else delegation.partner.official_name,
            "email": email,
            "rank": rank + 1,
            "is_head": rank == 0,
            **extra,
        },
        by=by,
    )


def load(demo: Demo) -> None:
    organiser = demo.users.get("owner")
    _load_asem(demo, organiser)
    _load_bangkok(demo, organiser)


def _load_asem(demo: Demo, organiser) -> None:
    event = demo.events["asem-cmm8"]
    services.delegation_settings_update(
        event=event,
        data={
            "nomination_cutoff": dt.datetime(2018, 2, 20, 12, tzinfo=dt.UTC),
            "reply_by": dt.datetime(2018, 1, 31, 12, tzinfo=dt.UTC),
            "drawn_letter": "M",
            "meeting_language": "en",
        },
        by=organiser,
    )
    delegations = {}
    for row in ASEM_PARTNERS:
        focal = (
            demo.users["focalpoint"]
            if row[0] == "vn" and "focalpoint" in demo.users
            else _focal_point(row[0], "asem")
        )
        partner = _partner(demo, "mocbg", row, [focal])
        participation = P.HOST if row[0] == "bg" else P.MEMBER
        delegations[row[0]] = services.delegation_invite(
            event=event,
            partner=partner,
            participation=participation,
            seats=3,
            by=organiser,
        )
    services.invitations_send(event=event, by=organiser)
    index = 0
    for key, delegation in delegations.items():
        delegation.refresh_from_db()
        if key in ASEM_UNANSWERED:
            continue
        focal = delegation.partner.focal_points.first()
        if key == ASEM_DECLINED:
            if delegation.invitation_status == InvitationStatus.INVITED:
                services.invitation_answer(delegation=delegation, answer="declined", by=focal)
            continue
        if delegation.invitation_status == InvitationStatus.INVITED:
            services.invitation_answer(delegation=delegation, answer="acknowledged", by=focal)
        for rank in range(3):
            index += 1
            # Nominated before the cut-off in 2018, so by the organiser now.
            _nominate(delegation, index, rank, organiser)
    for key, approve in ASEM_SEAT_REQUESTS:
        delegation = delegations[key]
        if not SeatRequest.objects.filter(delegation=delegation).exists():
            request = services.seat_request_create(
                delegation=delegation, seats=1, reason="Interpreter", by=organiser
            )
            if approve:
                services.seat_request_decide(request=request, approve=True, by=organiser)
                delegation.refresh_from_db()
                _nominate(delegation, 900, 2, organiser)
    substituted = delegations[ASEM_SUBSTITUTION]
    replaced = Nominee.objects.filter(
        delegation=substituted,
        rank=3,
        status=NomineeStatus.NOMINATED,
        replaces__isnull=True,
        replaced_by__isnull=True,
    ).first()
    if replaced is not None:
        services.nominee_substitute(
            nominee=replaced,
            data={
                "full_name": "Jonas Becker",
                "honorific": "Mr",
                "function": "Head of Division, Federal Foreign Office",
                "email": f"substitute.de@{event.slug}.bridges.demo",
            },
            by=organiser,
        )
    for nominee in Nominee.objects.filter(event=event, status=NomineeStatus.NOMINATED):
        services.nominee_accredit(nominee=nominee, by=organiser)
    _documents(event, organiser)
    _bilaterals(demo, event, delegations, organiser)


def _documents(event, organiser) -> None:
    for symbol, title, kind, visibility in (
        (
            "CMM8/INF.1",
            "Information note for delegations",
            DocumentKind.INFORMATION,
            Visibility.ACCREDITED,
        ),
        ("CMM8/WD.1", "Draft chair's statement", DocumentKind.WORKING, Visibility.FOCAL_POINTS),
        ("CMM8/OUT.1", "Chair's statement", DocumentKind.OUTCOME, Visibility.PUBLIC),
    ):
        if not MeetingDocument.objects.filter(event=event, symbol=symbol).exists():
            services.document_create(
                event=event,
                symbol=symbol,
                title=title,
                kind=kind,
                visibility=visibility,
                by=organiser,
            )


def _bilaterals(demo: Demo, event, delegations, organiser) -> None:
    # Preferred days (the meeting's first or last day); none: any day.
    first_day, last_day = event.start_date, event.end_date
    pairs = [
        ("bg", "cn", [first_day], "Cultural heritage cooperation"),
        ("bg", "jp", [last_day], ""),
        ("kr", "fr", [first_day], "Creative industries exchange"),
        ("vn", "de", [], ""),
        ("sg", "it", [last_day], "Museum partnerships"),
        ("in", "gb", [first_day, last_day], ""),
    ]
    for a, b, days, subject in pairs:
        first, second = delegations[a], delegations[b]
        if Bilateral.objects.filter(requester=first, counterpart=second).exists():
            continue
        bilateral = services.bilateral_request(
            requester=first,
            counterpart=second,
            by=organiser,
            duration_minutes=30,
            preferred_days=days,
            note=subject,
        )
        services.bilateral_answer(bilateral=bilateral, accept=True, by=organiser)
    for number in (1, 2):
        venue(
            demo,
            f"ndk-bilateral-{number}",
            "mocbg",
            f"NDK Bilateral Room {number}",
            address="1 Bulgaria Square",
            city="Sofia",
            country="BG",
            time_zone="Europe/Sofia",
            capacity=12,
        )
    # Placed by the solver once; a later run finds nothing left to place. Six meetings in two
    # rooms are placed within a second; a longer limit only polished the slots and cost every
    # load_demo (each demo test module's) the full five seconds.
    if Bilateral.objects.filter(event=event, status="accepted", starts_at__isnull=True).exists():
        services.bilaterals_schedule(event=event, by=organiser, time_limit=1)


def _load_bangkok(demo: Demo, organiser) -> None:
    event = demo.events["focal-points-2014"]
    services.delegation_settings_update(
        event=event, data={"meeting_language": "en", "host_first": False}, by=organiser
    )
    delegations = {}
    for row in BANGKOK_PARTNERS:
        focal = (
            demo.users["focalpoint"]
            if row[0] == "vn" and "focalpoint" in demo.users
            else _focal_point(row[0], "bangkok")
        )
        partner = _partner(demo, "unesco-bangkok", row, [focal])
        delegations[row[0]] = services.delegation_invite(
            event=event,
            partner=partner,
            participation=row[5],
            seats=2 if row[5] == P.MEMBER else 1,
            by=organiser,
        )
    services.invitations_send(event=event, by=organiser)
    for index, (key, delegation) in enumerate(delegations.items()):
        delegation.refresh_from_db()
        if delegation.invitation_status == InvitationStatus.INVITED:
            focal = delegation.partner.focal_points.first()
            services.invitation_answer(delegation=delegation, answer="acknowledged", by=focal)
        nominee = _nominate(delegation, 500 + index, 0, organiser)
        if nominee is not None and key != "vn":
            services.nominee_accredit(nominee=nominee, by=organiser)
