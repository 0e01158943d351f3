"""The agenda editor (/organise/events/<slug>/agenda/): the day's grid in local time,
the form and the drag endpoint storing UTC, conflicts from the API's own service, the
solver's proposal accepted whole or per session, and the people told when a published
agenda changes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from notifications.enums import MessageKind
from notifications.models import Message
from participants.enums import ApplicationStatus
from programmes.enums import EventStatus
from programmes.models import Session
from scheduling.enums import RunStatus
from scheduling.models import ProposedPlacement
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import (
    PersonFactory,
    SessionFactory,
    VenueFactory,
    seoul_hanoi_legs,
)
from tests.factories.roles import people
from tests.factories.scheduling import ScheduleRunFactory, SessionRequestFactory
from tests.pages import field_container

UTC = dt.UTC


@pytest.fixture
def organiser(client, organiser_client):
    client.force_login(organiser_client.user)
    return client


@pytest.fixture
def hall(event):
    return VenueFactory(organisation=event.organisation, name="Main hall")


@pytest.fixture
def lecture(event, hall):
    # 09:00-10:30 Seoul time on the first day = 00:00-01:30 UTC.
    return SessionFactory(event=event, venue=hall, title="Opening lecture")


def _day(event, offset=0):
    return (event.start_date + dt.timedelta(days=offset)).isoformat()


def _editor(event, day=None):
    url = reverse("scheduling:agenda-editor", args=[event.slug])
    return f"{url}?day={day}" if day else url


def test_editor_shows_the_day_in_local_time(organiser, event, lecture):
    response = organiser.get(_editor(event, _day(event)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Main hall" in html and "Opening lecture" in html
    assert "09:00–10:30" in html and "Asia/Seoul" in html
    assert reverse("scheduling:agenda-session-move", args=[event.slug, lecture.pk]) in html
    assert "vendor/interactjs/interact.min.js" in html and "vendor/htmx/htmx.min.js" in html
    # Another day of the event has no sessions yet.
    html = organiser.get(_editor(event, _day(event, 2))).content.decode()
    assert "Opening lecture" not in html and "No sessions on this day yet." in html


def test_form_edit_stores_utc(organiser, event, lecture, hall):
    url = reverse("scheduling:agenda-session", args=[event.slug, lecture.pk])
    page = organiser.get(url)
    assert f'value="{_day(event)}T09:00"' in page.content.decode()
    # Opened from the grid (htmx), the form comes alone for the side panel.
    panel = organiser.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="agenda-panel")
    assert 'name="starts_at"' in panel.content.decode() and "<html" not in panel.content.decode()
    data = {
        "title_en": "Opening lecture",
        "kind": "lecture",
        "starts_at": f"{_day(event, 1)}T14:00",
        "ends_at": f"{_day(event, 1)}T15:30",
        "venue": hall.pk,
    }
    response = organiser.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?day={_day(event, 1)}#session-{lecture.pk}")
    lecture.refresh_from_db()
    assert lecture.starts_at == dt.datetime.combine(
        event.start_date + dt.timedelta(days=1), dt.time(5, 0), tzinfo=UTC
    )
    assert lecture.ends_at - lecture.starts_at == dt.timedelta(minutes=90)


def test_form_adds_a_session_with_speakers(organiser, event, hall):
    speaker = PersonFactory(organisation=event.organisation, name="Kim Min-ji")
    url = reverse("scheduling:agenda-session-new", args=[event.slug])
    assert organiser.get(f"{url}?day={_day(event)}&venue={hall.pk}&start=11:00").status_code == 200
    response = organiser.post(
        url,
        {
            "title_en": "Team mission briefing",
            "kind": "team_mission",
            "starts_at": f"{_day(event)}T11:00",
            "ends_at": f"{_day(event)}T12:00",
            "venue": hall.pk,
            "speakers": [speaker.pk],
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Team mission briefing")
    assert session.starts_at.astimezone(UTC).time() == dt.time(2, 0)
    assert list(session.speakers.all()) == [speaker]


def test_form_refusals_name_the_field_and_save_nothing(organiser, event, lecture, hall):
    url = reverse("scheduling:agenda-session", args=[event.slug, lecture.pk])
    base = {"title_en": "Opening lecture", "kind": "lecture", "venue": hall.pk}
    response = organiser.post(
        url, {**base, "starts_at": f"{_day(event)}T10:00", "ends_at": f"{_day(event)}T09:00"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"] == ["The session must end after it starts."]
    after = (event.end_date + dt.timedelta(days=3)).isoformat()
    response = organiser.post(
        url, {**base, "starts_at": f"{after}T10:00", "ends_at": f"{after}T11:00"}
    )
    assert response.status_code == 400
    assert "starts_at" in response.context["form"].errors
    response = organiser.post(url, {**base, "starts_at": "soon", "ends_at": f"{_day(event)}T11:00"})
    assert response.status_code == 400 and "starts_at" in response.context["form"].errors
    other_venue = VenueFactory()  # another organisation's
    response = organiser.post(
        url,
        {
            **base,
            "venue": other_venue.pk,
            "starts_at": f"{_day(event)}T10:00",
            "ends_at": f"{_day(event)}T11:00",
        },
    )
    assert response.status_code == 400 and "venue" in response.context["form"].errors
    before = lecture.starts_at
    lecture.refresh_from_db()
    assert lecture.starts_at == before and lecture.venue == hall


def test_drag_moves_and_resizes_and_answers_the_grid(organiser, event, lecture, hall):
    annex = VenueFactory(organisation=event.organisation, name="Annex")
    url = reverse("scheduling:agenda-session-move", args=[event.slug, lecture.pk])
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda-grid"}
    # Dragged to 13:15 in the annex.
    response = organiser.post(
        url,
        {"starts_at": f"{_day(event)}T13:15", "ends_at": f"{_day(event)}T14:45", "venue": annex.pk},
        **htmx,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="agenda-grid"' in html and "13:15–14:45" in html and "<html" not in html
    lecture.refresh_from_db()
    assert lecture.venue == annex
    assert lecture.starts_at == dt.datetime.combine(event.start_date, dt.time(4, 15), tzinfo=UTC)
    # Its lower edge dragged: two hours long now.
    organiser.post(
        url,
        {"starts_at": f"{_day(event)}T13:15", "ends_at": f"{_day(event)}T15:15", "venue": annex.pk},
        **htmx,
    )
    lecture.refresh_from_db()
    assert lecture.ends_at == dt.datetime.combine(event.start_date, dt.time(6, 15), tzinfo=UTC)
    # A refused drag answers the grid with the reason, and changes nothing.
    response = organiser.post(
        url,
        {"starts_at": f"{_day(event)}T13:15", "ends_at": f"{_day(event)}T13:00", "venue": annex.pk},
        **htmx,
    )
    assert response.status_code == 400
    assert "was not moved" in response.content.decode()
    assert "The session must end after it starts." in response.content.decode()
    lecture.refresh_from_db()
    assert lecture.ends_at == dt.datetime.combine(event.start_date, dt.time(6, 15), tzinfo=UTC)
    # Without htmx (no JavaScript) the move redirects to the day.
    response = organiser.post(
        url,
        {"starts_at": f"{_day(event)}T08:00", "ends_at": f"{_day(event)}T09:00", "venue": hall.pk},
    )
    assert response.status_code == 302


def test_conflicts_show_inline_as_the_api_reports_them(organiser, event, lecture, hall):
    speaker = PersonFactory(organisation=event.organisation, name="Nguyen Van An")
    lecture.speakers.add(speaker)
    panel = SessionFactory(event=event, venue=hall, title="Panel on heritage")
    panel.speakers.add(speaker)
    api = APIClient()
    api.force_authenticate(organiser.get("/").wsgi_request.user)
    reported = {c["message"] for c in api.get(f"/api/v1/events/{event.slug}/conflicts/").json()}
    assert len(reported) == 2  # the speaker twice over, the hall twice over
    html = organiser.get(_editor(event, _day(event))).content.decode()
    for message in reported:
        escaped = message.replace("“", "“").replace("”", "”")
        assert escaped in html
    assert "has-conflict" in html
    form = organiser.get(reverse("scheduling:agenda-session", args=[event.slug, panel.pk]))
    assert form.context["conflicts"] and set(form.context["conflicts"]) <= reported


def _proposal(event, hall):
    first = SessionRequestFactory(event=event, title="Cultural exchange night")
    second = SessionRequestFactory(event=event, title="Site visit to Gyeongbokgung")
    run = ScheduleRunFactory(event=event, status=RunStatus.SUCCEEDED)
    for hour, request in ((10, first), (14, second)):
        starts = dt.datetime.combine(event.start_date, dt.time(hour), tzinfo=event.zone)
        ProposedPlacement.objects.create(
            run=run,
            request=request,
            venue=hall,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
        )
    return run, first, second


def test_proposal_beside_the_agenda_accepted_per_session_then_whole(organiser, event, hall):
    run, first, second = _proposal(event, hall)
    html = organiser.get(_editor(event, _day(event))).content.decode()
    assert "The scheduler&#x27;s proposal" in html or "The scheduler's proposal" in html
    assert "Cultural exchange night" in html and "Site visit to Gyeongbokgung" in html
    accept = reverse("scheduling:agenda-accept", args=[event.slug, run.pk])
    response = organiser.post(accept, {"request": [first.pk], "day": _day(event)})
    assert response.status_code == 302
    assert [s.title for s in Session.objects.filter(event=event)] == ["Cultural exchange night"]
    assert Session.objects.get(title="Cultural exchange night").starts_at.astimezone(
        UTC
    ).time() == dt.time(1, 0)
    organiser.post(accept, {"all": "1", "day": _day(event)})
    assert {s.title for s in Session.objects.filter(event=event)} == {
        "Cultural exchange night",
        "Site visit to Gyeongbokgung",
    }
    assert not ProposedPlacement.objects.filter(run=run, accepted_at__isnull=True).exists()
    # Nothing ticked: said on the page, nothing changes.
    response = organiser.post(accept, {"day": _day(event)}, follow=True)
    assert "Tick the sessions to accept" in response.content.decode()


def test_moving_a_published_session_tells_its_participants(
    organiser, event, lecture, hall, django_capture_on_commit_callbacks
):
    assert event.status == EventStatus.PUBLISHED
    confirmed = ApplicationFactory(event=event, status=ApplicationStatus.CONFIRMED).applicant
    ApplicationFactory(event=event, status=ApplicationStatus.SUBMITTED)
    url = reverse("scheduling:agenda-session-move", args=[event.slug, lecture.pk])
    data = {
        "starts_at": f"{_day(event)}T16:00",
        "ends_at": f"{_day(event)}T17:30",
        "venue": hall.pk,
    }
    organiser.post(url, data, HTTP_HX_REQUEST="true")
    sent = Message.objects.filter(kind=MessageKind.SCHEDULE_CHANGED, event=event)
    assert list(sent.values_list("recipient", flat=True)) == [confirmed.pk]
    # The same position again is no change: nobody is told twice.
    organiser.post(url, data, HTTP_HX_REQUEST="true")
    assert sent.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_events_organisers_may_edit(client, event, lecture, hall, method):
    who = people(event.organisation)
    urls = [
        _editor(event),
        reverse("scheduling:agenda-session", args=[event.slug, lecture.pk]),
        reverse("scheduling:agenda-session-new", args=[event.slug]),
    ]
    move = reverse("scheduling:agenda-session-move", args=[event.slug, lecture.pk])
    data = {
        "starts_at": f"{_day(event)}T16:00",
        "ends_at": f"{_day(event)}T17:00",
        "venue": hall.pk,
    }
    for role, user in who.items():
        client.logout()
        if role != "anonymous":
            client.force_login(user)
        allowed = role in {"organiser", "owner"}
        for url in urls if method == "get" else [move]:
            response = client.get(url) if method == "get" else client.post(url, data)
            if allowed:
                assert response.status_code in {200, 302}, (role, url)
            else:
                assert response.status_code in {302, 403, 404}, (role, url)
                if response.status_code == 302:
                    assert "/accounts/login/" in response["Location"], (role, url)
    lecture.refresh_from_db()
    # Only the organisers' posts moved it.
    assert lecture.local_starts_at.hour == (16 if method == "post" else 9)


def test_editor_reads_the_same_number_of_queries_for_2_and_20_sessions(organiser, event, hall):
    counts = []
    for total in (2, 20):
        for n in range(total - Session.objects.filter(event=event).count()):
            session = SessionFactory(event=event, venue=hall, title=f"Talk {n}")
            session.speakers.add(PersonFactory(organisation=event.organisation))
        organiser.get(_editor(event, _day(event)))
        with CaptureQueriesContext(connection) as queries:
            assert organiser.get(_editor(event, _day(event))).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_form_takes_the_title_in_the_events_other_working_languages(
    organiser, event, lecture, hall
):
    event.working_languages = ["en", "ko"]
    event.save(update_fields=["working_languages"])
    url = reverse("scheduling:agenda-session", args=[event.slug, lecture.pk])
    page = organiser.get(url).content.decode()
    assert 'name="title_ko"' in page and 'lang="ko"' in page and 'name="title_fr"' not in page
    response = organiser.post(
        url,
        {
            "title_en": "Opening lecture",
            "title_ko": "개회 강연",
            "kind": "lecture",
            "starts_at": f"{_day(event)}T09:00",
            "ends_at": f"{_day(event)}T10:30",
            "venue": hall.pk,
        },
    )
    assert response.status_code == 302
    lecture.refresh_from_db()
    assert (lecture.title_en, lecture.title_ko) == ("Opening lecture", "개회 강연")
    assert 'value="개회 강연"' in organiser.get(url).content.decode()


def test_each_leg_day_shows_its_own_venues_on_their_clock(organiser, event, lecture, hall):
    seoul_hanoi_legs(event)
    opera = VenueFactory(
        organisation=event.organisation,
        name="Hanoi Opera House",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
    )
    day6 = event.start_date + dt.timedelta(days=5)
    visit = SessionFactory(
        event=event,
        venue=opera,
        title="Water puppets",
        starts_at=dt.datetime.combine(day6, dt.time(3, 0), tzinfo=UTC),  # 10:00 in Hanoi
        ends_at=dt.datetime.combine(day6, dt.time(4, 0), tzinfo=UTC),
    )
    html = organiser.get(_editor(event, day6.isoformat())).content.decode()
    assert "In Hanoi. Times are local (Asia/Ho_Chi_Minh)." in html
    assert "Hanoi Opera House" in html and "Main hall" not in html
    assert f'id="session-{visit.pk}"' in html and "10:00–11:00" in html
    html = organiser.get(_editor(event, _day(event))).content.decode()
    assert "In Seoul. Times are local (Asia/Seoul)." in html
    assert "Main hall" in html and "Hanoi Opera House" not in html


def _fr(name, *args):
    with translation.override("fr"):
        return reverse(f"scheduling:{name}", args=args)


def test_french_page_edits_each_language_in_its_own_column(organiser, event, lecture, hall):
    # The page's language is not the language written: the first working language's
    # field holds the English title, the French one is empty and marked untranslated.
    event.working_languages = ["en", "fr"]
    event.save(update_fields=["working_languages"])
    url = _fr("agenda-session", event.slug, lecture.pk)
    page = organiser.get(url).content.decode()
    assert 'value="Opening lecture"' in field_container(page, "id_title_en")
    french = page.split('data-language="fr"')[1].split("</div>")[0]
    assert 'name="title_fr"' in french and "value=" not in french.split("<small")[0]
    assert "content-languages__note" in french
    base = {
        "kind": "lecture",
        "starts_at": f"{_day(event)}T09:00",
        "ends_at": f"{_day(event)}T10:30",
        "venue": hall.pk,
    }
    response = organiser.post(
        url, {**base, "title_en": "Opening lecture", "title_fr": "Conférence d'ouverture"}
    )
    assert response.status_code == 302
    lecture.refresh_from_db()
    assert (lecture.title_en, lecture.title_fr) == ("Opening lecture", "Conférence d'ouverture")
    agenda = organiser.get(_fr("agenda-editor", event.slug) + f"?day={_day(event)}")
    assert "Conférence d&#x27;ouverture" in agenda.content.decode()

    # The first language is required: 400 beside it, nothing saved.
    refused = organiser.post(url, {**base, "title_fr": "Autre titre"})
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in field_container(refused.content.decode(), "id_title_en")
    lecture.refresh_from_db()
    assert lecture.title_fr == "Conférence d'ouverture"


def test_french_page_writes_no_french_for_an_event_without_french(organiser, event, hall):
    event.working_languages = ["en", "ko"]
    event.save(update_fields=["working_languages"])
    response = organiser.post(
        _fr("agenda-session-new", event.slug),
        {
            "title_en": "Cultural night",
            "kind": "lecture",
            "starts_at": f"{_day(event)}T19:00",
            "ends_at": f"{_day(event)}T20:00",
            "venue": hall.pk,
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title_en="Cultural night")
    assert not session.title_fr and not session.title_ko
    page = organiser.get(_fr("agenda-session", event.slug, session.pk)).content.decode()
    assert 'name="title_fr"' not in page
    assert "content-languages__badge" in page  # Korean is missing
