"""`manage.py load_demo`: real-looking data from the seed articles, idempotent, with logins,
and a main navigation that shows each demo role its places; then, in sections, what each
other app's demo gives its logins (here so they share this module's one load)."""

import csv
import datetime as dt
import io
import re
import zoneinfo
from email import message_from_bytes

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from attendance.models import Certificate, CheckIn
from audit.models import LogEntry
from backoffice.demo import INVITEE
from backoffice.demo import load as backoffice_load
from backoffice.models import Invitation
from delegations.enums import InvitationStatus, NomineeStatus, Participation, SeatRequestStatus
from delegations.models import Bilateral, EventPartner, Nominee, SeatRequest
from logistics import demo as logistics_demo
from logistics.models import (
    Claim,
    Companion,
    Flight,
    FollowUpResponse,
    Grant,
    Hotel,
    LogisticsAccess,
    RoomAssignment,
    TravelProfile,
    VisaCase,
    VisaLetter,
)
from notifications.models import Broadcast, Message
from notifications.services import message_deliver_batch
from participants.models import Application, Profile
from programmes.enums import EventKind, EventPhase, MemberRole, SessionStatus
from programmes.management.commands.load_demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    load_demo,
    next_open_call_year,
)
from programmes.models import (
    CountryQuota,
    Event,
    Leg,
    Membership,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
)
from programmes.selectors import event_conflicts
from review.models import Criterion, Review, ReviewAssignment
from scheduling import cpsat, selectors, solver
from scheduling.models import SessionRequest
from tests import demo_data
from tests.demo_data import NOW, client_for
from tests.scheduling.checks import violations

pytestmark = pytest.mark.django_db
# Loaded once for this module; other apps' demo checks (attendance, audit, backoffice,
# participants, review, scheduling, delegations, logistics) live here too rather than in their own modules, since every module taking ``demo`` pays a whole
# ``load_demo`` (about a minute on a loaded machine).
demo = demo_data.demo

MODELS = [
    Organisation,
    Membership,
    Programme,
    Person,
    Venue,
    Event,
    Leg,
    CountryQuota,
    Session,
    EmailAddress,
    Profile,
    Application,
    Criterion,
    ReviewAssignment,
    Review,
    CheckIn,
    Certificate,
    Broadcast,
    Message,
]


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["User"] = get_user_model().objects.count()
    counts["speakers"] = Session.speakers.through.objects.count()
    counts["partners"] = (
        Event.partners.through.objects.count() + Event.co_organisers.through.objects.count()
    )
    return counts


def test_load_demo_twice_gives_the_same_rows(demo, db):
    first = _counts()
    assert first["Event"] == 10 and first["Session"] >= 100
    load_demo(now=NOW)
    assert _counts() == first


def test_command_reports_what_it_loaded(demo, db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "10 events" in out.getvalue()


def _check_has_an_open_call_with_a_nine_day_two_country_agenda():
    open_calls = list(Event.objects.open_for_applications().order_by("start_date"))
    assert len(open_calls) == 2
    event = open_calls[0]
    assert event.phase() == EventPhase.APPLICATIONS_OPEN
    assert event.kind == EventKind.YOUTH_EXCHANGE
    assert (event.end_date - event.start_date).days + 1 == 9
    assert event.capacity == 48
    assert [(leg.city, leg.country.code) for leg in event.legs.all()] == [
        ("Seoul", "KR"),
        ("Hanoi", "VN"),
    ]
    quotas = {q.country.code: (q.minimum, q.maximum) for q in event.quotas.all()}
    assert len(quotas) == 11 and sum(q[1] for q in quotas.values()) == 48
    sessions = list(event.sessions.select_related("venue"))
    assert 38 <= len(sessions) <= 45
    assert {s.venue.time_zone for s in sessions if s.venue} == {"Asia/Seoul", "Asia/Ho_Chi_Minh"}
    kinds = {s.kind for s in sessions}
    assert {"lecture", "site_visit", "team_mission", "cultural_exchange", "meal", "travel"} <= kinds
    assert any(s.status == SessionStatus.CANCELLED for s in sessions)
    # Every session falls on one of the event's days in its own zone.
    assert {s.local_starts_at.date() for s in sessions} == set(event.days())


def _check_events_follow_the_seed_articles():
    cmm8 = Event.objects.get(slug="asem-cmm8-sofia-2018")
    assert (cmm8.start_date, cmm8.end_date, cmm8.host_country.code) == (
        dt.date(2018, 3, 1),
        dt.date(2018, 3, 2),
        "BG",
    )
    assert cmm8.kind == EventKind.MINISTERIAL_MEETING
    assert cmm8.organisation.kind == "ministry"
    assert [o.name for o in cmm8.co_organisers.all()] == ["Asia-Europe Foundation (ASEF)"]
    assert cmm8.sessions.filter(speakers__name="Boil Banov").exists()
    assert cmm8.phase() == EventPhase.COMPLETED

    bangkok = Event.objects.get(slug="unesco-2005-convention-focal-points-2014")
    assert (bangkok.start_date, bangkok.end_date) == (dt.date(2014, 3, 4), dt.date(2014, 3, 6))
    assert bangkok.organisation.kind == "un_office"
    assert "IFACCA" in bangkok.co_organisers.get().name
    assert len(bangkok.eligible_countries) == 11  # nine Parties + Thailand and Nepal as observers
    assert {"TH", "NP"} <= {c.code for c in bangkok.eligible_countries}
    assert bangkok.sessions.filter(speakers__name="Danielle Cliche").exists()

    wcif = Event.objects.get(slug="wcif-asean-korea-special-session-2023")
    assert wcif.sessions.filter(venue__city="Daegu").count() == wcif.sessions.count() > 0
    ev = Event.objects.get(slug="asean-korea-ev-forum-6")
    assert ev.title.startswith("6th ASEAN-Korea") and ev.kind == EventKind.FORUM


def _check_data_passes_model_validation_and_has_no_agenda_conflicts():
    for model in [Organisation, Programme, Person, Venue, Event, Leg, CountryQuota, Session]:
        for row in model.objects.all():
            row.full_clean()
    for event in Event.objects.all():
        assert event_conflicts(event) == [], event.slug


def _check_has_one_user_per_role_who_can_sign_in():
    roles = {
        m.user.email: m.role
        for m in Membership.objects.filter(organisation__slug="akc").select_related("user")
    }
    assert roles == {
        "owner@bridges.demo": MemberRole.OWNER,
        "organiser@bridges.demo": MemberRole.ORGANISER,
        "reviewer@bridges.demo": MemberRole.REVIEWER,
        "staff@bridges.demo": MemberRole.STAFF,
    }
    assert not Membership.objects.filter(user__email="applicant@bridges.demo").exists()
    for _, _, email, *_ in DEMO_USERS:
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, (email, response.context["form"].errors)
        assert client.session.get("_auth_user_id"), email


def test_print_logins_lists_every_demo_login_without_loading(db):
    events_before = Event.objects.count()
    out = io.StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    text = out.getvalue()
    for _, _, email, *_ in DEMO_USERS:
        assert email in text
    assert DEMO_PASSWORD in text and "http" not in text
    assert Event.objects.count() == events_before


def _check_pages_render():
    client = Client()
    home = client.get(reverse("home"))
    assert home.status_code == 200
    open_calls = Event.objects.open_for_applications()
    assert {e.pk for e in home.context["open_calls"]} == {e.pk for e in open_calls}
    for event in Event.objects.all():
        assert client.get(reverse("event-page", args=[event.slug])).status_code == 200


def test_demo_data(demo, db):
    # One load for all content checks: load_demo takes seconds and the suite must stay fast.
    assert [m.__name__ for m in MODELS if not m.objects.exists()] == []
    _check_has_an_open_call_with_a_nine_day_two_country_agenda()
    _check_events_follow_the_seed_articles()
    _check_data_passes_model_validation_and_has_no_agenda_conflicts()
    _check_has_one_user_per_role_who_can_sign_in()
    _check_pages_render()


@pytest.mark.parametrize(
    ("today", "year"),
    [(dt.date(2026, 11, 23), 2027), (dt.date(2027, 2, 28), 2027), (dt.date(2027, 3, 10), 2028)],
)
def test_open_call_edition_is_always_months_ahead(today, year):
    assert next_open_call_year(today) == year


DIALOGUE = "asean-korea-youth-perceptions-dialogue"
DIALOGUE_CHECK_IN = f"/events/{DIALOGUE}/check-in/"


def _main_nav(email: str) -> str:
    html = client_for(email).get(reverse("event-index")).content.decode()
    start = html.index('<nav aria-label="Main"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize(
    ("email", "present", "absent"),
    [
        (
            "applicant@bridges.demo",
            ["/me/applications/"],
            ["/review/assignments/", "/check-in/", "My events"],
        ),
        ("minor@bridges.demo", ["/me/applications/"], ["/review/assignments/", "/check-in/"]),
        (
            "reviewer@bridges.demo",
            ["/review/assignments/", "My reviews"],
            ["/check-in/", "My events"],
        ),
        ("staff@bridges.demo", [DIALOGUE_CHECK_IN], ["/review/assignments/", "My events"]),
        (
            "organiser@bridges.demo",
            [
                "My events",
                "/events/asean-korea-esg-youth-forum/",
                "/events/asean-korea-youth-network-workshop-2027/",
                DIALOGUE_CHECK_IN,
                "/review/assignments/",
            ],
            ['/events/asean-korea-youth-network-alumni-day/"'],
        ),
        ("owner@bridges.demo", ["My events", DIALOGUE_CHECK_IN, "/review/assignments/"], []),
    ],
)
def test_main_navigation_shows_each_role_its_places(demo, db, email, present, absent):
    nav = _main_nav(email)
    for text in present:
        assert text in nav, (email, text)
    for text in absent:
        assert text not in nav, (email, text)


def test_check_in_in_the_navigation_follows_the_event_zone(demo, db):
    """At 23:30 UTC it is already tomorrow in Seoul: today's dialogue is yesterday there."""
    from programmes.templatetags.bridges_nav import nav_places_for

    staff = get_user_model().objects.get(email="staff@bridges.demo")
    today = nav_places_for(staff, now=NOW)
    assert [e.slug for e in today.check_in] == ["asean-korea-youth-perceptions-dialogue"]
    evening = NOW.replace(hour=23, minute=30)
    assert nav_places_for(staff, now=evening).check_in == []


def test_a_load_on_a_later_day_moves_the_events_that_follow_the_clock(demo, db):
    tomorrow = NOW + dt.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=True):
        load_demo()
        seoul_today = tomorrow.astimezone(Event.objects.get(slug=DIALOGUE).zone).date()
        dialogue = Event.objects.get(slug=DIALOGUE)
        alumni = Event.objects.get(slug="asean-korea-youth-network-alumni-day")
        assert dialogue.start_date == seoul_today
        assert alumni.start_date == seoul_today - dt.timedelta(days=1)
        assert Event.objects.count() == 10
        # Rebuilt for the new day: a session running now, and yesterday's certificates.
        assert dialogue.sessions.filter(starts_at__lte=tomorrow, ends_at__gt=tomorrow).exists()
        assert dialogue.applications.filter(status="confirmed").count() == 11
        assert Certificate.objects.filter(event=alumni).count() == 7
        assert Session.objects.filter(event=dialogue).count() == 3


@pytest.mark.parametrize("local", ["00:10", "09:00", "13:45", "23:50"])
def test_todays_sessions_run_around_now_on_todays_date(local):
    from programmes.demo import todays_session_times

    hour, minute = map(int, local.split(":"))
    zone = zoneinfo.ZoneInfo("Asia/Seoul")
    now = dt.datetime(2027, 1, 4, hour, minute, tzinfo=zone)
    earlier, (start, end), later = todays_session_times(now, "Asia/Seoul")
    assert start <= now < end
    for times in (earlier, (start, end), later):
        if times:
            assert times[0] < times[1]
            assert {t.astimezone(zone).date() for t in times} == {now.date()}
    assert (earlier is None) == (hour == 0)
    assert (later is None) == (hour >= 21)


def test_the_seed_events_speak_their_working_languages(demo, db, anonymous_client):
    """Issue 17: UNESCO's meeting in English and French, the youth workshop in English,
    Korean and Vietnamese (titles, sessions, the question, the feedback template); ASEM in
    English. Through the API, in the language asked for."""
    from notifications.models import TemplateOverride
    from participants.models import Question

    unesco = Event.objects.get(slug="unesco-2005-convention-focal-points-2014")
    youth = Event.objects.open_for_applications().filter(programme__isnull=False).first()
    assert unesco.working_languages == ["en", "fr"]
    assert youth.working_languages == ["en", "ko", "vi"]
    assert Event.objects.get(slug="asem-cmm8-sofia-2018").working_languages == ["en"]

    french = anonymous_client.get(f"/api/v1/events/{unesco.slug}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["title"].startswith("Première réunion des points de contact")
    assert french.json()["missing_translations"] == {}
    agenda = anonymous_client.get(f"/api/v1/events/{unesco.slug}/agenda/?lang=fr").json()
    titles = [s["title"] for day in agenda["days"] for s in day["sessions"]]
    assert "Allocutions d’ouverture" in titles and "Opening remarks" not in titles

    korean = anonymous_client.get(f"/api/v1/events/{youth.slug}/agenda/?lang=ko").json()
    assert "개회식" in [s["title"] for day in korean["days"] for s in day["sessions"]]
    vietnamese = anonymous_client.get(f"/api/v1/events/{youth.slug}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert vietnamese.json()["title"].startswith("Hội thảo Mạng lưới Thanh niên ASEAN-Hàn Quốc")
    assert [leg["city"] for leg in vietnamese.json()["legs"]] == ["Seoul", "Hà Nội"]

    question = Question.objects.get(event=youth, key="motivation")
    assert (question.label_ko, question.label_vi) == (
        "왜 참가하고 싶나요?",
        "Vì sao bạn muốn tham gia?",
    )
    assert set(TemplateOverride.objects.filter(event=youth).values_list("language", flat=True)) == {
        "",
        "ko",
        "vi",
    }


# --- delegations: ASEM CMM8's 53 partners and the Bangkok meeting's 13, and the demo focal
# point's work (moved from tests/delegations/test_demo.py to share this module's load).


def test_delegations_asem_and_bangkok_as_the_seeds_tell(demo, db):
    asem = EventPartner.objects.filter(event=demo.events["asem-cmm8"])
    assert asem.count() == 53
    statuses = list(asem.values_list("invitation_status", flat=True))
    assert statuses.count(InvitationStatus.DECLINED) == 1
    assert statuses.count(InvitationStatus.INVITED) == 3
    nominees = Nominee.objects.filter(event=demo.events["asem-cmm8"])
    assert 140 <= nominees.filter(status=NomineeStatus.ACCREDITED).count() <= 170
    assert nominees.filter(status=NomineeStatus.REPLACED).count() == 1
    assert sorted(
        SeatRequest.objects.filter(delegation__event=demo.events["asem-cmm8"]).values_list(
            "status", flat=True
        )
    ) == [SeatRequestStatus.APPROVED, SeatRequestStatus.PENDING]
    assert Bilateral.objects.filter(
        event=demo.events["asem-cmm8"], starts_at__isnull=False
    ).exists()
    bangkok = EventPartner.objects.filter(event=demo.events["focal-points-2014"])
    participation = list(bangkok.values_list("participation", flat=True))
    assert participation.count(Participation.MEMBER) == 9
    assert participation.count(Participation.OBSERVER) == 2
    assert participation.count(Participation.GUEST) == 1


def test_delegations_demo_focal_point_has_a_delegation_to_complete(demo, db):
    client = client_for("focalpoint@bridges.demo")
    mine = client.get("/api/v1/me/delegations/").json()
    assert {d["partner_name"] for d in mine} == {"Socialist Republic of Viet Nam"}
    bangkok = next(d for d in mine if d["event"] == demo.events["focal-points-2014"].slug)
    assert bangkok["seats_taken"] < bangkok["seat_limit"]
    page = client.get(f"/delegations/{bangkok['id']}/")
    assert page.status_code == 200 and "Nominate a delegate" in page.content.decode()


# --- logistics: what the demo organiser finds in the travel pages, and a second load of
# logistics' part changes nothing (moved from tests/logistics/test_demo.py).

ESG = "asean-korea-esg-youth-forum"


def _logistics_counts():
    return (
        TravelProfile.objects.count(),
        VisaCase.objects.count(),
        VisaLetter.objects.count(),
        RoomAssignment.objects.count(),
        FollowUpResponse.objects.count(),
        Flight.objects.count(),
        Hotel.objects.count(),
        Grant.objects.count(),
        Companion.objects.count(),
        Message.objects.count(),
    )


def test_logistics_the_demo_organiser_has_travel_work(demo, db):
    client = client_for("organiser@bridges.demo")
    overview = client.get(f"/organise/events/{ESG}/logistics/").content.decode()
    assert "Thiri Aung" in overview and "Applied" in overview
    passports = client.get(f"/organise/events/{ESG}/logistics/passports/").content.decode()
    assert "MD123456" in passports  # the organiser holds the logistics role
    assert LogisticsAccess.objects.filter(user__email="organiser@bridges.demo").exists()
    follow_up = client.get(f"/organise/events/{ESG}/logistics/follow-up/").content.decode()
    assert "2 people have not answered" in follow_up
    rooms = client.get(f"/organise/events/{ESG}/logistics/rooms/").content.decode()
    assert (
        "Koreana Hotel" in rooms
        and RoomAssignment.objects.filter(block__hotel__event__slug=ESG).count() == 4
    )
    transport = client.get(f"/organise/events/{ESG}/logistics/transport/").content.decode()
    assert "ICN" in transport and "VN416" in transport
    assert VisaLetter.objects.filter(application__event__slug=ESG).count() == 2  # Rizky and Thiri


YOUTH_2023 = "asean-korea-youth-network-workshop-2023"


def test_logistics_the_youth_workshop_flies_into_incheon_and_noi_bai(demo, db):
    flights = Flight.objects.filter(application__event__slug=YOUTH_2023)
    assert flights.filter(direction="arrival", airport="ICN").count() >= 40
    assert flights.filter(direction="transfer", airport="HAN").count() == 48  # Noi Bai
    hotels = Hotel.objects.filter(event__slug=YOUTH_2023)
    assert {h.leg.city for h in hotels} == {"Seoul", "Hanoi"} and hotels.count() == 2
    for hotel in hotels:  # everyone and the accompanying person has a bed in each city
        assert RoomAssignment.objects.filter(block__hotel=hotel).count() == 49
    client = client_for("organiser@bridges.demo")
    transport = client.get(f"/organise/events/{YOUTH_2023}/logistics/transport/?direction=transfer")
    assert "HAN" in transport.content.decode()
    follow_up = client.get(f"/organise/events/{YOUTH_2023}/logistics/follow-up/").content.decode()
    assert "3 people have not answered" in follow_up
    visas = VisaCase.objects.filter(application__event__slug=YOUTH_2023)
    assert visas.filter(status="granted").exists() and visas.filter(status="not_needed").exists()
    assert Grant.objects.filter(application__event__slug=YOUTH_2023).count() == 12
    # Per diem in won (Seoul) and dong (Hanoi), claims with receipts in three states: the
    # grants page totals each currency apart.
    claims = Claim.objects.filter(grant__application__event__slug=YOUTH_2023)
    assert sorted(claims.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "rejected",
        "submitted",
    ]
    assert all(c.receipt_storage_name for c in claims)
    grants_page = client.get(f"/organise/events/{YOUTH_2023}/logistics/grants/").content.decode()
    totals = grants_page.split('id="grant-totals"')[1].split("</table>")[0]
    assert {"KRW", "VND", "USD"} <= {cell.split("<")[0] for cell in totals.split("<td>")[1:]}
    # ASEM Sofia: the delegates' visas for Bulgaria and the delegation hotel.
    sofia = "asem-cmm8-sofia-2018"
    assert VisaCase.objects.filter(leg__event__slug=sofia, status="granted").count() >= 10
    assert Hotel.objects.get(event__slug=sofia).name == "Sofia Hotel Balkan"
    assert RoomAssignment.objects.filter(block__hotel__event__slug=sofia).exists()


def test_logistics_the_youth_follow_up_speaks_korean_and_vietnamese(demo, db):
    form = Event.objects.get(slug=YOUTH_2023).follow_up.questionnaire
    diet = form.questions.get(label_en="Dietary needs")
    assert diet.label_ko == "식사 요구 사항" and diet.choice_labels_vi[1] == "Ăn chay"
    assert diet.choices == ["None", "Vegetarian", "Halal", "Other"]  # answers keep these
    assert form.questions.get(label_en__startswith="Emergency").label_ko.startswith("비상")
    assert form.title_ko == "여행 정보"


def test_logistics_a_second_load_changes_nothing(demo, db):
    # The whole load_demo twice is test_load_demo_twice_gives_the_same_rows; this app's part:
    before = _logistics_counts()
    logistics_demo.load(demo)
    assert _logistics_counts() == before


# --- audit: what the demo organiser finds on an event's history (moved from
# tests/audit/test_demo.py).


def test_audit_organiser_finds_the_demo_decisions_in_the_event_history(demo, db):
    event = demo.events["akynw-next"]
    entries = LogEntry.objects.filter(event=event)
    assert entries.filter(action_type="participants.application.submitted").exists()
    page = client_for("organiser@bridges.demo").get(reverse("audit-event-log", args=[event.slug]))
    assert page.status_code == 200
    assert "Application submitted" in page.content.decode()


# --- backoffice: what the demo owner finds on the team page (moved from
# tests/backoffice/test_demo.py).


def test_backoffice_owner_finds_a_pending_invitation_on_the_team_page(demo, db):
    page = client_for("owner@bridges.demo").get(reverse("backoffice:team", args=["akc"]))
    assert page.status_code == 200
    assert INVITEE in page.content.decode()
    assert Message.objects.filter(to_email=INVITEE).count() == 1


def test_backoffice_loading_again_keeps_one_invitation_and_one_mail(demo, db):
    backoffice_load(demo)
    assert Invitation.objects.filter(email=INVITEE, accepted_at=None, revoked_at=None).count() == 1
    assert Message.objects.filter(to_email=INVITEE).count() == 1


def test_backoffice_ifacca_reviews_the_focal_points_meeting_once(demo, db):
    from programmes.models import CoOrganiserGrant

    grant = CoOrganiserGrant.objects.get(organisation__slug="ifacca")
    assert (
        grant.access == "review" and grant.event.slug == "unesco-2005-convention-focal-points-2014"
    )
    page = client_for("owner@bridges.demo").get(
        reverse("backoffice:event-team", args=[grant.event.slug])
    )
    assert page.status_code == 200 and "IFACCA" in page.content.decode()
    logged = LogEntry.objects.filter(action_type="programmes.co_organiser.access_changed")
    count = logged.count()
    backoffice_load(demo)
    assert logged.count() == count == 1


# --- scheduling: the demo Youth Network Workshop's agenda, turned into requests by
# scheduling/demo.py, solves with every session kept where it is and every rule held (moved
# from tests/scheduling/test_demo.py, which loaded the whole demo itself).


def test_scheduling_demo_workshop_requests_solve_in_place(demo, db):
    event = demo.events["akynw-next"]
    requests = SessionRequest.objects.filter(event=event)
    assert requests.count() >= 15
    assert requests.filter(kind="team_mission", after__isnull=False).exists()
    load_demo(now=NOW)  # idempotent
    assert SessionRequest.objects.filter(event=event).count() == requests.count()

    problem = selectors.solver_problem(event)
    travel = solver.travel_days(problem)
    assert travel == {event.start_date + dt.timedelta(days=5)}
    result = cpsat.solve(problem, time_limit=20)
    assert result.status == solver.OPTIMAL
    assert result.kept == len(problem.requests)
    assert violations(problem, result.placements, travel) == []


# --- attendance: today's dialogue and yesterday's alumni day as the demo staff finds them
# (moved from tests/attendance/test_demo.py).

ATTENDANCE_TODAY = "asean-korea-youth-perceptions-dialogue"
ATTENDANCE_YESTERDAY = "asean-korea-youth-network-alumni-day"


def test_attendance_staff_has_a_session_running_today_with_people_to_check_in(demo, db):
    client = client_for("staff@bridges.demo")
    page = client.get(reverse("attendance:check-in", args=[ATTENDANCE_TODAY]))
    assert page.status_code == 200
    current = page.context["current"]
    assert current.title == "Dialogue: asymmetries in what youth know about each other"
    assert current.starts_at <= NOW < current.ends_at
    assert current.local_starts_at.date() == NOW.astimezone(current.zone).date()
    assert current.check_in_window == "open"
    roster = client.get(reverse("attendance-roster", args=[ATTENDANCE_TODAY]))
    assert roster.status_code == 200 and len(roster.json()) == 11
    report = client.get(reverse("attendance-report", args=[ATTENDANCE_TODAY])).json()
    assert "Dewi Lestari" in str(report)
    # Three were checked in to the running session; eight are still to come.
    checked = current.check_ins.count()
    assert checked == 3 and len(roster.json()) - checked == 8


def test_attendance_staff_checks_someone_in_through_the_api(demo, db):
    client = client_for("staff@bridges.demo")
    page = client.get(reverse("attendance:check-in", args=[ATTENDANCE_TODAY]))
    current = page.context["current"]
    waiting = current.event.applications.filter(status="confirmed").exclude(
        check_ins__session=current
    )
    response = client.post(
        reverse("attendance-check-ins", args=[current.pk]),
        {"application": waiting.first().pk, "nonce": "demo-test-0001"},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content
    assert current.check_ins.count() == 4


def test_attendance_dashboard_links_the_csv_exports(demo, db):
    client = client_for("organiser@bridges.demo")
    page = client.get(reverse("attendance:dashboard", args=[ATTENDANCE_TODAY]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "/attendance-participants.csv" in html and "/attendance-sessions.csv" in html
    # The old address leads to the export registry's download.
    export = client.get(
        reverse("attendance:dashboard", args=[ATTENDANCE_TODAY]), {"format": "csv"}, follow=True
    )
    assert export["Content-Type"].startswith("text/csv")
    # Staff check people in; the lists are the organisers' exports.
    staff = client_for("staff@bridges.demo").get(page.request["PATH_INFO"]).content.decode()
    assert "attendance-participants.csv" not in staff


def test_attendance_yesterdays_event_is_over_with_attendance_and_certificates(demo, db):
    certificates = Certificate.objects.filter(event__slug=ATTENDANCE_YESTERDAY)
    # Eight came; the one who left after the first session is under the threshold.
    assert certificates.count() == 7
    assert all(c.pdf for c in certificates)
    mine = certificates.get(application__applicant__email="applicant@bridges.demo")
    assert mine.attendance_percent == 100
    client = client_for("applicant@bridges.demo")
    agenda = client.get(reverse("attendance:my-agenda", args=[ATTENDANCE_YESTERDAY]))
    assert agenda.status_code == 200 and agenda.context["certificate"] == mine
    verify = client.get(reverse("attendance:certificate-verify", args=[mine.code]))
    assert verify.status_code == 200 and "Dewi Lestari" in verify.content.decode()


# --- participants: the demo applicant's and minor's pages (moved from
# tests/participants/test_demo.py).


def _my_application_statuses(html: str) -> dict[str, str]:
    """Event title -> status shown, from the My applications page."""
    found = re.findall(
        r'<h2 id="app-\d+"><a href="[^"]+">([^<]+)</a></h2>\s*<p>[^<]*<span class="status" '
        r'data-status="(\w+)"',
        html,
    )
    return dict(found)


def test_participants_applicant_sees_applications_in_several_states(demo, db):
    page = client_for("applicant@bridges.demo").get(reverse("my-applications"))
    assert page.status_code == 200
    html = page.content.decode()
    statuses = _my_application_statuses(html)
    assert statuses == {
        "ASEAN-Korea Youth Network Workshop 2027": "under_review",
        "ASEAN Day Youth Culture Camp 2027": "draft",
        "ASEAN-Korea ESG Cooperation Programme: Youth Forum": "accepted",
        "ASEAN-Korea Youth Dialogue: Mutual Perceptions": "confirmed",
        "ASEAN-Korea Youth Network Alumni Day": "confirmed",
    }
    # The offer waits for an answer; the draft can be finished.
    assert "Confirm my place" in html and "Continue application" in html
    assert "You are selected!" in html


def test_participants_applicant_can_confirm_the_offer_from_the_page(demo, db):
    client = client_for("applicant@bridges.demo")
    offer = Application.objects.get(
        applicant__email="applicant@bridges.demo", event__slug="asean-korea-esg-youth-forum"
    )
    response = client.post(reverse("my-application-confirm", args=[offer.pk]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "confirmed"


def test_participants_applicant_profile_is_filled(demo, db):
    page = client_for("applicant@bridges.demo").get(reverse("my-profile"))
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("Dewi Lestari", "Universitas Gadjah Mada", "Asia/Jakarta", "Sri Lestari"):
        assert shown in html, shown
    api = client_for("applicant@bridges.demo").get("/api/v1/me/profile/")
    assert api.status_code == 200
    body = api.json()
    assert body["full_name"] == "Dewi Lestari"
    assert body["nationalities"] == ["ID"] and body["gender"] == "female"


def test_participants_minor_waits_for_guardian_consent(demo, db):
    page = client_for("minor@bridges.demo").get(reverse("my-applications"))
    html = page.content.decode()
    assert _my_application_statuses(html) == {
        "ASEAN Day Youth Culture Camp 2027": "awaiting_guardian_consent"
    }
    assert "Tran Van Hung" in html and "guardian@bridges.demo" in html
    application = Application.objects.get(applicant__email="minor@bridges.demo")
    assert application.is_minor
    consent = application.guardian_consents.get()
    assert consent.guardian_email == "guardian@bridges.demo" and consent.consented_at is None


def test_participants_an_open_call_accepts_minors(demo, db):
    open_calls = Event.objects.open_for_applications()
    camp = open_calls.get(min_age__lt=18)
    assert (camp.min_age, camp.max_age) == (15, 29)
    listing = client_for("minor@bridges.demo").get("/api/v1/events/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert any(r["slug"] == camp.slug and r["min_age"] == 15 for r in rows)
    page = client_for("minor@bridges.demo").get(reverse("event-page", args=[camp.slug]))
    assert page.status_code == 200 and "guardian" in page.content.decode()


# --- review: the demo reviewer's and organiser's work (moved from tests/review/test_demo.py).

REVIEW_NETWORK = "asean-korea-youth-network-workshop-2027"


def test_review_reviewer_lands_on_half_done_assignments(demo, db):
    page = client_for("reviewer@bridges.demo").get(reverse("review-my-assignments-page"))
    assert page.status_code == 200
    html = page.content.decode()
    cards = re.findall(r'<span class="badge[^"]*">([^<]+)</span>', html)
    assert cards.count("Submitted") == 6 and cards.count("To review") == 6
    assert "Nothing is assigned to you." not in html


def test_review_reviewer_can_score_an_unscored_assignment(demo, db):
    assignment = ReviewAssignment.objects.filter(
        reviewer__email="reviewer@bridges.demo", review__isnull=True
    ).first()
    client = client_for("reviewer@bridges.demo")
    page = client.get(reverse("review-assignment", args=[assignment.pk]))
    assert page.status_code == 200
    criteria = list(Criterion.objects.filter(event=assignment.application.event))
    assert [c.name for c in criteria] == [
        "Motivation and fit with the workshop",
        "Intercultural and community experience",
        "Plan to share what they learn",
    ]
    for criterion in criteria:
        assert criterion.name in page.content.decode()


def test_review_organiser_has_a_selection_to_make(demo, db):
    client = client_for("organiser@bridges.demo")
    page = client.get(reverse("review-selection", args=[REVIEW_NETWORK]))
    assert page.status_code == 200
    html = page.content.decode()
    # Every application is ranked with its reviews, each with a decision still to take.
    assert html.count('<select name="decision-') == 19
    assert "Countries" in html and ("Viet Nam" in html or "Vietnam" in html)

    # The rows can be taken away: the export registry's download is linked from the page
    # and answers a CSV.
    def download(fmt: str) -> str:
        return reverse("reports:export-download-now", args=[REVIEW_NETWORK, "applications", fmt])

    csv_url = download("csv")
    assert csv_url in html and download("xlsx") in html
    export = client.get(csv_url)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + 19


def test_review_organiser_finds_the_rubric(demo, db):
    page = client_for("organiser@bridges.demo").get(reverse("review-rubric", args=[REVIEW_NETWORK]))
    assert page.status_code == 200
    assert "Motivation and fit with the workshop" in page.content.decode()


# --- notifications: what the demo leaves in the outbox (moved from
# tests/notifications/test_demo.py; its package ran delivery eagerly, hence eager_celery).


def test_notifications_organiser_finds_the_broadcasts_already_sent(demo, db, eager_celery):
    forum = Event.objects.get(slug="asean-korea-esg-youth-forum")
    page = client_for("organiser@bridges.demo").get(
        reverse("notifications:broadcasts", args=[forum.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    # The four confirmed participants of the forum had the welcome.
    assert "Welcome to {event_title}" in html and "4 recipients" in html
    broadcast = Broadcast.objects.get(event=forum)
    assert broadcast.created_by.email == "organiser@bridges.demo"
    assert sorted(broadcast.messages.values_list("to_email", flat=True)) == [
        "meiling@bridges.demo",
        "nam@bridges.demo",
        "rizky@bridges.demo",
        "thiri@bridges.demo",
    ]


def test_notifications_applicant_was_told_each_step_by_mail(demo, db, eager_celery):
    kinds = set(
        Message.objects.filter(to_email="applicant@bridges.demo").values_list("kind", flat=True)
    )
    assert {"application_received", "decision_accepted", "confirmation_received"} <= kinds


def test_notifications_consent_request_reaches_the_guardians_mailbox(
    demo, db, eager_celery, settings, tmp_path
):
    # As under `make run`: mail is written as files (var/mail/ there, tmp_path here).
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    request = Message.objects.get(kind="guardian_consent_request")
    assert request.to_email == "guardian@bridges.demo"
    message_deliver_batch(ids=[request.pk])
    request.refresh_from_db()
    assert request.status == "sent"
    [path] = list(tmp_path.iterdir())
    mail = message_from_bytes(path.read_bytes())
    assert mail["To"].endswith("guardian@bridges.demo>") or mail["To"] == "guardian@bridges.demo"
    text = path.read_text(errors="replace")
    assert "/consent/" in text


def test_notifications_demo_load_is_idempotent_for_broadcasts(demo, db, eager_celery):
    before = (Broadcast.objects.count(), Message.objects.count())
    load_demo()
    assert (Broadcast.objects.count(), Message.objects.count()) == before


def test_reports_demo_fills_every_chart(demo, db):
    """Via the stats selector: a funnel with drop-off, a country under its minimum,
    attendance with no-shows."""
    from programmes.models import Event
    from reports.selectors import event_stats

    forum = event_stats(Event.objects.get(slug="asean-korea-esg-youth-forum"))
    counts = [step.count for step in forum.funnel]
    assert forum.step("submitted") > forum.step("accepted") > 0
    assert forum.step("accepted") >= forum.step("confirmed") > 0
    assert counts[0] > counts[-2]  # people drop off between starting and confirming
    under = [c for c in forum.quota_fill if c.filled < c.minimum]
    assert [c.country for c in under] == ["LA"]
    assert any(c.filled >= c.minimum for c in forum.quota_fill)

    # Today's dialogue: people checked in, and some expected who did not come.
    today = event_stats(Event.objects.get(slug=ATTENDANCE_TODAY))
    assert any(0 < s.attended < s.expected for s in today.sessions)
    assert sum(d.attended for d in today.attendance_days) > 0
    assert sum(d.expected - d.attended for d in today.attendance_days) >= 2


def test_surveys_youth_perception_survey_speaks_korean_and_shows_a_shift(demo, db):
    from surveys.models import Survey
    from surveys.results import compute_results

    survey = Survey.objects.get(event__slug=YOUTH_2023, kind="before_after")
    assert survey.title_ko == "청년 인식 조사: 워크숍 전과 후"
    assert survey.intro_vi.startswith("Cùng những câu hỏi")
    matrix = survey.questionnaire.questions.get(kind="likert_matrix")
    assert matrix.label_ko == "얼마나 동의하십니까?" and len(matrix.choice_labels_vi) == 5
    results = compute_results(survey)
    assert results.n_pairs >= 40 and results.only_first and results.only_second
    assert max(item.paired.mean_change for item in results.items if item.paired) > 0.5
