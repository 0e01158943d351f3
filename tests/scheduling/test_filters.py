"""Filters on the scheduling lists (session requests, speaker availability, teams) and on
the teams page; the teams and accept forms of the pages."""

import datetime as dt

import pytest
from django.urls import reverse

from programmes.enums import SessionType
from scheduling.enums import RunStatus
from scheduling.models import ProposedPlacement
from tests.factories.participants import ProfileFactory
from tests.factories.programmes import EventFactory, PersonFactory, SessionFactory, VenueFactory
from tests.factories.scheduling import (
    ScheduleRunFactory,
    SessionRequestFactory,
    SpeakerAvailabilityFactory,
    TeamFactory,
    TeamMemberFactory,
)
from tests.pages import browser, field_container


@pytest.fixture
def requests_(event, organisation):
    team = TeamFactory(event=event)
    speaker = PersonFactory(organisation=organisation)
    venue = VenueFactory(organisation=organisation)
    rows = {
        "lecture": SessionRequestFactory(event=event, title="Climate lecture"),
        "workshop": SessionRequestFactory(
            event=event, title="Water workshop", kind=SessionType.WORKSHOP, team=team
        ),
        "placed": SessionRequestFactory(
            event=event, title="Opening", venue=venue, session=SessionFactory(event=event)
        ),
    }
    rows["lecture"].speakers.set([speaker])
    SessionRequestFactory(event=EventFactory(organisation=organisation), title="Climate elsewhere")
    return rows, team, speaker, venue


def test_request_list_filters(organiser_client, event, requests_):
    rows, team, speaker, venue = requests_
    url = reverse("scheduling-requests", kwargs={"event_id": event.pk})

    def names(query):
        response = organiser_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {r["id"] for r in response.json()}

    def pks(*keys):
        return {rows[k].pk for k in keys}

    assert names("") == pks("lecture", "workshop", "placed")
    assert names("kind=workshop") == pks("workshop")
    assert names(f"team={team.pk}") == pks("workshop")
    assert names(f"speaker={speaker.pk}") == pks("lecture")
    assert names(f"venue={venue.pk}") == pks("placed")
    assert names("placed=true") == pks("placed")
    assert names("placed=false") == pks("lecture", "workshop")
    assert names("q=climate") == pks("lecture")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("kind=party", "kind"), ("placed=maybe", "placed"), ("team=first", "team")],
)
def test_request_list_bad_filter_is_a_400_naming_it(organiser_client, event, query, parameter):
    url = reverse("scheduling-requests", kwargs={"event_id": event.pk})
    response = organiser_client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_request_list_filter_answers_after_the_permission_check(staff_client, event):
    url = reverse("scheduling-requests", kwargs={"event_id": event.pk})
    assert staff_client.get(f"{url}?kind=party").status_code == 403


def test_availability_list_filters(organiser_client, event, organisation):
    start = event.starts_at()
    first = SpeakerAvailabilityFactory(
        event=event, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    later = SpeakerAvailabilityFactory(
        event=event,
        starts_at=start + dt.timedelta(days=1),
        ends_at=start + dt.timedelta(days=1, hours=3),
    )
    url = reverse("scheduling-availability", kwargs={"event_id": event.pk})

    def ids(query):
        response = organiser_client.get(f"{url}?{query}", format="json")
        assert response.status_code == 200, response.json()
        return {w["id"] for w in response.json()}

    assert ids("") == {first.pk, later.pk}
    assert ids(f"person={later.person_id}") == {later.pk}
    noon = (start + dt.timedelta(hours=4)).isoformat().replace("+", "%2B")
    assert ids(f"ends_after={noon}") == {later.pk}
    assert ids(f"starts_before={noon}") == {first.pk}
    response = organiser_client.get(f"{url}?ends_after=tomorrow")
    assert response.status_code == 400 and list(response.json()) == ["ends_after"]


def test_team_list_filter_by_member(organiser_client, event):
    lan = TeamMemberFactory(
        team=TeamFactory(event=event), user=ProfileFactory(full_name="Nguyễn Thị Lan").user
    )
    # Fixed names: the member search reads account names, and a random one can hold "lan".
    other = TeamMemberFactory(
        team=TeamFactory(event=event), user__first_name="Somchai", user__last_name="Dee"
    )
    url = reverse("scheduling-teams", kwargs={"event_id": event.pk})
    response = organiser_client.get(f"{url}?member=lan")
    assert [t["id"] for t in response.json()] == [lan.team_id]
    assert {t["id"] for t in organiser_client.get(url).json()} == {lan.team_id, other.team_id}


def test_list_filters_are_in_the_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    base = "/api/v1/events/{event_id}/scheduling/"

    def names(path):
        return {p["name"] for p in paths[base + path]["get"]["parameters"]}

    assert {"kind", "team", "venue", "speaker", "placed", "q"} <= names("requests/")
    assert {"person", "ends_after", "starts_before"} <= names("availability/")
    assert {"member"} <= names("teams/")


# --- pages -----------------------------------------------------------------------------


def test_teams_page_count_error_beside_the_field(event, organiser_client):
    response = browser(organiser_client.user).post(
        reverse("scheduling:teams", args=[event.slug]), {"count": "0"}
    )
    assert response.status_code == 400
    container = field_container(response.content.decode(), "id_count")
    assert 'class="errorlist"' in container and 'aria-invalid="true"' in container


def test_teams_page_filter_finds_a_member(event, organiser_client):
    lan = TeamMemberFactory(
        team=TeamFactory(event=event, name="Team Lotus"),
        user=ProfileFactory(full_name="Nguyễn Thị Lan").user,
    )
    TeamMemberFactory(
        team=TeamFactory(event=event, name="Team Orchid"),
        user__first_name="Somchai",  # fixed: a random name can hold "Lan" (Dylan, Holland)
        user__last_name="Dee",
    )
    client = browser(organiser_client.user)
    url = reverse("scheduling:teams", args=[event.slug])
    html = client.get(f"{url}?member=Lan").content.decode()
    assert "<h2>Team Lotus" in html and "<h2>Team Orchid" not in html
    # Moving stays possible to every team, not only the ones shown.
    move = html[html.index(f'id="move-{lan.pk}"') :]
    assert move[: move.index("</select>")].count("<option") == 2


def test_accept_form_refuses_a_session_not_in_the_proposal(
    event, organiser_client, django_capture_on_commit_callbacks
):
    run = ScheduleRunFactory(event=event, status=RunStatus.SUCCEEDED)
    mine = SessionRequestFactory(event=event)
    ProposedPlacement.objects.create(
        run=run,
        request=mine,
        venue=VenueFactory(organisation=event.organisation),
        starts_at=event.starts_at(),
        ends_at=event.starts_at() + dt.timedelta(hours=1),
    )
    stranger = SessionRequestFactory(event=event)
    client = browser(organiser_client.user)
    url = reverse("scheduling:schedule-accept", args=[event.slug, run.pk])
    for data, message in [
        ({}, "Tick the sessions to accept, or accept them all."),
        ({"request": [stranger.pk]}, "Select a valid choice."),
    ]:
        response = client.post(url, data, follow=True)
        assert message in response.content.decode()
        assert not ProposedPlacement.objects.filter(accepted_at__isnull=False).exists()
