"""`manage.py load_demo`: real-looking data from the seed articles, idempotent, with logins,
and a main navigation that shows each demo role its places."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from attendance.models import Certificate, CheckIn
from notifications.models import Broadcast, Message
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
from tests import demo_data
from tests.demo_data import NOW, client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module

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
