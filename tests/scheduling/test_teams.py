"""Teams: balanced by size, country and gender, organisations kept apart; organisers
adjust; participants see their own team."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.enums import ApplicationStatus, Gender
from programmes.enums import MemberRole
from scheduling import selectors
from scheduling.models import Team, TeamMember
from scheduling.teams import Candidate, balance
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import EventFactory, MembershipFactory, OrganisationFactory
from tests.factories.scheduling import SessionRequestFactory, TeamFactory, TeamMemberFactory

COUNTRIES = ["KR", "VN", "TH", "ID", "PH", "MY"]


def _people(n=48):
    """48 people from 6 countries (uneven), alternating genders, 8 from one university."""
    people = []
    weights = [12, 10, 8, 8, 6, 4]
    country_list = [c for c, w in zip(COUNTRIES, weights, strict=True) for _ in range(w)]
    for i in range(n):
        org = "org:snu" if i % 6 == 0 else f"org:{i}"
        people.append(
            Candidate(
                user_id=i + 1,
                country=country_list[i % len(country_list)],
                gender=["female", "male"][i % 2],
                organisation=org,
            )
        )
    return people


def _spread(counts):
    return max(counts) - min(counts)


def test_balance_sizes_countries_genders_and_organisations():
    people = _people()
    teams = balance(people, 8)
    assert [len(t) for t in teams] == [6] * 8
    assert sorted(p.user_id for t in teams for p in t) == list(range(1, 49))
    for country in COUNTRIES:
        assert _spread([sum(p.country == country for p in t) for t in teams]) <= 1, country
    assert _spread([sum(p.gender == "female" for p in t) for t in teams]) <= 1
    # Eight people of one university: one in each team.
    assert [sum(p.organisation == "org:snu" for p in t) for t in teams] == [1] * 8


def test_balance_sizes_differ_by_at_most_one_and_is_deterministic():
    people = _people(50)
    teams = balance(people, 8)
    assert _spread([len(t) for t in teams]) == 1
    assert teams == balance(list(reversed(people)), 8)


def test_organisation_apart_only_where_possible():
    # Nine from one organisation in eight teams: exactly one team gets two.
    people = [Candidate(i, "KR", "female", "org:x" if i < 9 else f"org:{i}") for i in range(16)]
    teams = balance(people, 8)
    assert sorted(sum(p.organisation == "org:x" for p in t) for t in teams) == [1] * 7 + [2]


@pytest.fixture
def confirmed(event):
    """Confirmed participants of ``event`` as in _people(), plus one who only applied."""
    university = OrganisationFactory(name="Seoul National University")
    users = []
    for person in _people(24):
        profile = ProfileFactory(
            organisation=university if person.organisation == "org:snu" else None,
            affiliation="Seoul National University"
            if person.organisation == "org:snu"
            else f"School {person.user_id}",
        )
        ApplicationFactory(
            event=event,
            applicant=profile.user,
            status=ApplicationStatus.CONFIRMED,
            country=person.country,
            gender=Gender(person.gender),
        )
        users.append(profile.user)
    ApplicationFactory(event=event, status=ApplicationStatus.SUBMITTED)
    return users


def _form(client, event, count):
    return client.post(
        reverse("scheduling-teams-form", kwargs={"event_id": event.pk}),
        {"count": count},
        format="json",
    )


def test_form_teams_through_the_api(organiser_client, event, confirmed):
    response = _form(organiser_client, event, 4)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [t["number"] for t in body] == [1, 2, 3, 4]
    assert [len(t["members"]) for t in body] == [6, 6, 6, 6]
    members = {m["user"] for t in body for m in t["members"]}
    assert members == {u.pk for u in confirmed}  # only confirmed participants
    snu = {u.pk for u in confirmed if u.profile.organisation_id}
    assert [len(snu & {m["user"] for m in t["members"]}) for t in body] == [1, 1, 1, 1]


def test_form_again_keeps_team_rows_used_by_sessions(organiser_client, event, confirmed):
    _form(organiser_client, event, 4)
    team2 = Team.objects.get(event=event, number=2)
    SessionRequestFactory(event=event, team=team2)
    assert _form(organiser_client, event, 3).status_code == 200
    assert Team.objects.filter(event=event, number=2).get().pk == team2.pk
    SessionRequestFactory(event=event, team=Team.objects.get(event=event, number=3))
    response = _form(organiser_client, event, 2)
    assert response.status_code == 409
    assert response.json()["code"] == "team_in_use"
    assert TeamMember.objects.filter(event=event).count() == 24  # nothing half-done


def test_form_more_teams_than_people_names_the_field(organiser_client, event, confirmed):
    response = _form(organiser_client, event, 30)
    assert response.status_code == 400
    assert "count" in response.json()


def test_move_member(organiser_client, event, confirmed):
    teams = _form(organiser_client, event, 4).json()
    member = teams[0]["members"][0]
    url = reverse("scheduling-team-move", kwargs={"event_id": event.pk, "pk": member["id"]})
    response = organiser_client.post(url, {"team": teams[1]["id"]}, format="json")
    assert response.status_code == 200
    sizes = {t["number"]: len(t["members"]) for t in response.json()}
    assert sizes == {1: 5, 2: 7, 3: 6, 4: 6}
    assert TeamMember.objects.get(pk=member["id"]).team_id == teams[1]["id"]


def test_move_to_another_events_team_is_refused(organiser_client, event, confirmed):
    _form(organiser_client, event, 2)
    member = TeamMember.objects.filter(event=event).first()
    foreign = TeamFactory(event=EventFactory(organisation=event.organisation))
    url = reverse("scheduling-team-move", kwargs={"event_id": event.pk, "pk": member.pk})
    response = organiser_client.post(url, {"team": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "team" in response.json()


def test_participant_sees_their_team(applicant_client, event):
    team = TeamFactory(event=event)
    TeamMemberFactory(team=team, user=applicant_client.user)
    TeamMemberFactory(team=team)
    other = TeamFactory(event=event)
    TeamMemberFactory(team=other)
    url = reverse("scheduling-my-team", kwargs={"event_id": event.pk})
    response = applicant_client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == team.pk
    assert len(body["members"]) == 2
    assert selectors.team_for(applicant_client.user, event) == team


def test_participant_without_team_gets_404(applicant_client, event):
    response = applicant_client.get(reverse("scheduling-my-team", kwargs={"event_id": event.pk}))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [MemberRole.REVIEWER, MemberRole.STAFF])
def test_non_organisers_cannot_form_teams(event, confirmed, role):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(MembershipFactory(organisation=event.organisation, role=role).user)
    assert _form(client, event, 2).status_code == 403
    assert TeamMember.objects.filter(event=event).count() == 0


def test_team_list_query_count_is_constant(organiser_client, event, django_assert_num_queries):
    url = reverse("scheduling-teams", kwargs={"event_id": event.pk})
    TeamMemberFactory(team=TeamFactory(event=event))
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    for _ in range(5):
        team = TeamFactory(event=event)
        TeamMemberFactory(team=team)
        TeamMemberFactory(team=team)
    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(url)
    assert len(response.json()) == 6
    assert Counter(len(t["members"]) for t in response.json()) == {1: 1, 2: 5}
