"""Organiser pages: schedule (run, proposal, accept) and teams (form, move)."""

import pytest
from django.urls import reverse

from participants.enums import ApplicationStatus
from programmes.models import Session
from scheduling.enums import RunStatus
from scheduling.models import ScheduleRun, TeamMember
from tests.factories.participants import ApplicationFactory
from tests.factories.scheduling import (
    ScheduleRunFactory,
    TeamFactory,
    TeamMemberFactory,
    demo_workshop,
)


@pytest.fixture
def organiser(client, organiser_client):
    client.force_login(organiser_client.user)
    return client


def test_schedule_page_runs_shows_proposal_and_accepts(
    organiser, event, eager_celery, django_capture_on_commit_callbacks
):
    demo = demo_workshop(event)
    url = reverse("scheduling:schedule", args=[event.slug])
    page = organiser.get(url)
    assert page.status_code == 200
    assert "40 sessions to place" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(reverse("scheduling:schedule-start", args=[event.slug]))
    assert response.status_code == 302
    run = ScheduleRun.objects.get(event=event)
    assert run.status == RunStatus.SUCCEEDED

    html = organiser.get(url).content.decode()
    assert "Proposal beside the current agenda" in html
    assert "Opening ceremony" in html and "09:00" in html and "KST" in html
    assert "Welcome to Hanoi" in html and "UTC+7" in html  # Hanoi sessions in Hanoi time

    response = organiser.post(
        reverse("scheduling:schedule-accept", args=[event.slug, run.pk]), {"request": [demo[1].pk]}
    )
    assert response.status_code == 302
    assert list(Session.objects.filter(event=event).values_list("title", flat=True)) == [
        "Opening ceremony"
    ]
    organiser.post(reverse("scheduling:schedule-accept", args=[event.slug, run.pk]), {"all": "1"})
    assert Session.objects.filter(event=event).count() == 40


def test_schedule_page_shows_progress_and_cancels(organiser, event):
    run = ScheduleRunFactory(event=event, status=RunStatus.RUNNING, progress=40)
    html = organiser.get(reverse("scheduling:schedule", args=[event.slug])).content.decode()
    assert 'value="40"' in html and 'http-equiv="refresh"' in html
    organiser.post(reverse("scheduling:schedule-cancel", args=[event.slug, run.pk]))
    run.refresh_from_db()
    assert run.cancel_requested


def test_schedule_page_lists_conflicts(organiser, event):
    ScheduleRunFactory(
        event=event,
        status=RunStatus.INFEASIBLE,
        conflicts=[
            {
                "code": "no_venue_big_enough",
                "message": "No venue in Seoul holds 200 people.",
                "constraints": ["capacity"],
                "request_ids": [1],
            }
        ],
    )
    html = organiser.get(reverse("scheduling:schedule", args=[event.slug])).content.decode()
    assert "No venue in Seoul holds 200 people." in html


def test_start_without_requests_shows_the_message(organiser, event):
    response = organiser.post(reverse("scheduling:schedule-start", args=[event.slug]), follow=True)
    assert "Add the sessions to schedule first." in response.content.decode()
    assert not ScheduleRun.objects.exists()


@pytest.mark.parametrize("role", ["other_organiser_client", "staff_client", "applicant_client"])
def test_pages_are_for_organisers_only(client, request, event, role):
    client.force_login(request.getfixturevalue(role).user)
    assert client.get(reverse("scheduling:schedule", args=[event.slug])).status_code == 403
    assert client.get(reverse("scheduling:teams", args=[event.slug])).status_code == 403
    assert client.post(reverse("scheduling:schedule-start", args=[event.slug])).status_code == 403


def test_teams_page_forms_and_moves(organiser, event):
    for country in ["KR", "VN", "TH", "KR", "VN", "TH"]:
        ApplicationFactory(event=event, status=ApplicationStatus.CONFIRMED, country=country)
    url = reverse("scheduling:teams", args=[event.slug])
    bad = organiser.post(url, {"count": "x"})
    assert bad.status_code == 400 and "Enter a whole number." in bad.content.decode()
    too_many = organiser.post(url, {"count": "10"})
    assert (
        too_many.status_code == 400 and "only 6 confirmed participants" in too_many.content.decode()
    )
    assert organiser.post(url, {"count": "2"}).status_code == 302
    html = organiser.get(url).content.decode()
    assert "Team 1" in html and "Team 2" in html
    member = TeamMember.objects.filter(event=event, team__number=1).first()
    team2 = member.team.event.teams.get(number=2)
    organiser.post(
        reverse("scheduling:team-move", args=[event.slug, member.pk]), {"team": team2.pk}
    )
    member.refresh_from_db()
    assert member.team_id == team2.pk


def test_move_to_unknown_team_changes_nothing(organiser, event):
    member = TeamMemberFactory(team=TeamFactory(event=event))
    response = organiser.post(
        reverse("scheduling:team-move", args=[event.slug, member.pk]), {"team": "abc"}, follow=True
    )
    assert "Choose a team of this event." in response.content.decode()
    assert TeamMember.objects.get(pk=member.pk).team_id == member.team_id


def test_schedule_page_in_korean_and_vietnamese(organiser, event):
    """Needs compiled messages (`make messages`, run by `make test`)."""
    url = reverse("scheduling:schedule", args=[event.slug])
    # The browser's language redirects to that language's address (/ko/...).
    ko = organiser.get(url, HTTP_ACCEPT_LANGUAGE="ko", follow=True).content.decode()
    vi = organiser.get(url, HTTP_ACCEPT_LANGUAGE="vi", follow=True).content.decode()
    assert "세션 일정 편성" in ko
    assert "Xếp lịch các phiên" in vi
