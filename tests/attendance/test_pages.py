import datetime as dt

import icalendar
import pytest
from django.test import Client

from attendance import qr
from attendance.models import Pass
from programmes.enums import SessionStatus
from tests.factories.attendance import CheckInFactory, ParticipantFactory
from tests.factories.programmes import SessionFactory, VenueFactory


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_agenda_shows_the_pass_qr_and_agenda(event, session, participant):
    CheckInFactory(session=session, application=participant)
    response = logged_in(participant.applicant).get(f"/events/{event.slug}/my-agenda/")
    assert response.status_code == 200
    html = response.content.decode()
    pass_ = Pass.objects.get(application=participant)
    assert response.context["qr_svg"] == qr.qr_svg(pass_.code, title="Your pass")
    assert '<svg viewBox="0 0' in html and 'class="pass-qr"' in html
    assert "Opening lecture" in html and "Attended" in html
    # On the venue's wall clock (09:00 Seoul), not converted to the visitor's zone.
    assert '<time datetime="2027-07-05T00:00:00+00:00">09:00</time>' in html
    assert f"/ical/{pass_.feed_token}.ics" in html
    assert f'href="/passes/{pass_.feed_token}/pass.pdf" id="pass-pdf"' in html
    # The pass is stable across visits.
    logged_in(participant.applicant).get(f"/events/{event.slug}/my-agenda/")
    assert Pass.objects.filter(application=participant).count() == 1


def test_my_agenda_of_a_revoked_pass_shows_no_code(event, pass_, participant):
    pass_.revoked_at = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    pass_.save()
    response = logged_in(participant.applicant).get(f"/events/{event.slug}/my-agenda/")
    assert response.context["qr_svg"] is None
    assert "Your pass has been revoked" in response.content.decode()
    assert "pass.pdf" not in response.content.decode()


@pytest.mark.parametrize("status", ["accepted", "submitted", "withdrawn"])
def test_my_agenda_is_for_confirmed_participants_only(event, status):
    application = ParticipantFactory(event=event, status=status)
    response = logged_in(application.applicant).get(f"/events/{event.slug}/my-agenda/")
    assert response.status_code == 403
    assert not Pass.objects.exists()


def test_my_agenda_needs_login(event):
    assert Client().get(f"/events/{event.slug}/my-agenda/").status_code == 302


def test_personal_ical_feed_parses_back(event, pass_):
    hanoi = VenueFactory(
        organisation=event.organisation, city="Hanoi", country="VN", time_zone="Asia/Ho_Chi_Minh"
    )
    SessionFactory(
        event=event,
        title="Site visit",
        venue=hanoi,
        starts_at=dt.datetime(2027, 7, 10, 14, 0, tzinfo=hanoi.zone),
        ends_at=dt.datetime(2027, 7, 10, 16, 0, tzinfo=hanoi.zone),
    )
    SessionFactory(event=event, title="Dropped", status=SessionStatus.CANCELLED)
    response = Client().get(f"/ical/{pass_.feed_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Site visit", "Dropped"}
    visit = events["Site visit"]
    assert visit.decoded("dtstart") == dt.datetime(2027, 7, 10, 7, 0, tzinfo=dt.UTC)
    assert str(visit["dtstart"].params["TZID"]) == "Asia/Ho_Chi_Minh"
    assert str(events["Dropped"]["status"]) == "CANCELLED"


def test_ical_feed_is_refused_after_revoke_and_moves_on_reissue(event, pass_, organiser_client):
    old_token = pass_.feed_token
    organiser_client.post(f"/api/v1/passes/{pass_.pk}/revoke/")
    assert Client().get(f"/ical/{old_token}.ics").status_code == 404
    organiser_client.post(f"/api/v1/passes/{pass_.pk}/reissue/")
    pass_.refresh_from_db()
    assert Client().get(f"/ical/{old_token}.ics").status_code == 404
    assert Client().get(f"/ical/{pass_.feed_token}.ics").status_code == 200
    assert Client().get("/ical/guessed-token.ics").status_code == 404


def test_organiser_revokes_and_reissues_from_the_dashboard(
    event, pass_, organiser_client, staff_client
):
    url = f"/events/{event.slug}/passes/{pass_.pk}/revoke/"
    assert logged_in(staff_client.user).post(url).status_code == 403
    response = logged_in(organiser_client.user).post(url)
    assert response.status_code == 302
    pass_.refresh_from_db()
    assert pass_.revoked_at is not None
    old_nonce = pass_.nonce
    logged_in(organiser_client.user).post(f"/events/{event.slug}/passes/{pass_.pk}/reissue/")
    pass_.refresh_from_db()
    assert pass_.revoked_at is None and pass_.nonce != old_nonce


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("applicant_client", 403),
        ("other_organiser_client", 403),
        ("reviewer_client", 403),
        ("staff_client", 200),
        ("organiser_client", 200),
    ],
)
def test_check_in_page_permission_matrix(request, client_name, expected, event, session):
    user = request.getfixturevalue(client_name).user
    response = logged_in(user).get(f"/events/{event.slug}/check-in/")
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "attendance/vendor/html5-qrcode-2.3.8.min.js" in html
        assert (
            f'<option value="{session.pk}" data-window="not_yet" selected>Mon 5 Jul 09:00 KST'
            " · Opening lecture · check-in not open yet</option>" in html
        )


def test_my_agenda_shows_the_participants_team(event, participant):
    from scheduling.models import Team, TeamMember

    team = Team.objects.create(event=event, number=3, name="Team Mekong")
    mate = ParticipantFactory(
        event=event, applicant__first_name="Minji", applicant__last_name="Kim"
    )
    for person in (participant, mate):
        TeamMember.objects.create(event=event, team=team, user=person.applicant)
    html = logged_in(participant.applicant).get(f"/events/{event.slug}/my-agenda/").content.decode()
    assert '<p class="team-name" id="team-name">Team Mekong</p>' in html
    assert "<li>Minji Kim</li>" in html


def test_pass_links_for_messages_serve_the_qr_png(event, participant, settings):
    from attendance.services import pass_links

    links = pass_links(application=participant)
    pass_ = Pass.objects.get(application=participant)
    assert links == {
        "qr_png": f"{settings.SITE_URL}/passes/{pass_.feed_token}/qr.png",
        "pdf": f"{settings.SITE_URL}/passes/{pass_.feed_token}/pass.pdf",
        "ical": f"{settings.SITE_URL}/ical/{pass_.feed_token}.ics",
        "agenda": f"{settings.SITE_URL}/events/{event.slug}/my-agenda/",
    }
    response = Client().get(f"/passes/{pass_.feed_token}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == qr.qr_png(pass_.code)
    pass_.revoked_at = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    pass_.save()
    assert Client().get(f"/passes/{pass_.feed_token}/qr.png").status_code == 404
