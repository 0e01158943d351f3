"""Segments through the organiser's send page and the outbox: a delegation (its
accredited delegates only), a team, at least N sessions attended; the page's count and
the reminders read the same segment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from backend.errors import BridgesError
from delegations.enums import NomineeStatus, Participation, PartnerKind
from delegations.models import EventPartner, Nominee, Partner
from notifications.models import Message
from participants.enums import ApplicationStatus
from surveys import services
from surveys.enums import SurveyKind
from surveys.models import Invitation, Survey
from tests.factories.attendance import CheckInFactory
from tests.factories.programmes import EventFactory, MembershipFactory, SessionFactory
from tests.factories.scheduling import TeamFactory, TeamMemberFactory
from tests.surveys.helpers import (
    pair_survey,
    participants,
    perception_questionnaire,
    required_post,
)

pytestmark = pytest.mark.django_db


def _delegation(event, people, statuses):
    partner = Partner.objects.create(
        organisation=event.organisation,
        key="vietnam",
        kind=PartnerKind.COUNTRY,
        official_name="Viet Nam",
    )
    delegation = EventPartner.objects.create(
        event=event, partner=partner, participation=Participation.MEMBER, seats=5
    )
    for i, (person, status) in enumerate(zip(people, statuses, strict=True)):
        Nominee.objects.create(
            delegation=delegation,
            event=event,
            full_name=f"Delegate {i}",
            email=person.applicant.email,
            status=status,
            user=person.applicant,
            application=person,
        )
    return delegation


def _send(client, survey, number=1):
    url = reverse("surveys:wave-send", args=[survey.event.slug, survey.pk, number])
    return client.post(url)


def _recipients(survey, template="survey_invitation"):
    return sorted(
        Message.objects.filter(
            template=template,
            idempotency_key__startswith=f"survey:{survey.waves.get(number=1).pk}:",
        ).values_list("to_email", flat=True)
    )


def test_send_page_invites_a_delegations_accredited_delegates_only(event, client):
    people = participants(event, 6)
    accredited, nominated = NomineeStatus.ACCREDITED, NomineeStatus.NOMINATED
    delegation = _delegation(event, people[:4], [accredited, accredited, accredited, nominated])
    survey = pair_survey(event, delegation=delegation)
    client.force_login(MembershipFactory(organisation=event.organisation, role="organiser").user)
    page = client.get(reverse("surveys:detail", args=[event.slug, survey.pk]))
    assert "Asked: 3 people in the segment" in page.content.decode()
    assert "Viet Nam" in page.content.decode()

    assert _send(client, survey).status_code == 302
    assert _recipients(survey) == sorted(p.applicant.email for p in people[:3])

    # The reminder goes to the segment as it is now, without those who answered.
    first = survey.waves.get(number=1)
    answered = Invitation.objects.get(survey=survey, application=people[0])
    services.response_save(
        invitation=answered,
        wave=first,
        answers={k.removeprefix("q_"): int(v) for k, v in required_post(survey).items()},
        submit=True,
    )
    people[1].status = ApplicationStatus.WITHDRAWN
    people[1].save(update_fields=["status"])
    assert services.wave_remind(wave=first) == 1
    reminded = Message.objects.filter(template="survey_reminder").values_list("to_email", flat=True)
    assert list(reminded) == [people[2].applicant.email]


def test_send_page_invites_a_team_that_attended_enough_sessions(event, client):
    people = participants(event, 5)
    team = TeamFactory(event=event)
    for person in people[:3]:
        TeamMemberFactory(event=event, team=team, user=person.applicant)
    sessions = [SessionFactory(event=event) for _ in range(2)]
    for person in (people[0], people[1], people[4]):
        for session in sessions:
            CheckInFactory(session=session, application=person)
    CheckInFactory(session=sessions[0], application=people[2])
    survey = pair_survey(event, team=team, min_sessions=2)
    client.force_login(MembershipFactory(organisation=event.organisation, role="organiser").user)
    assert (
        "Asked: 2 people in the segment"
        in client.get(reverse("surveys:detail", args=[event.slug, survey.pk])).content.decode()
    )
    _send(client, survey)
    assert _recipients(survey) == sorted(p.applicant.email for p in people[:2])
    # Sent once: a second press queues nothing more.
    _send(client, survey)
    assert len(_recipients(survey)) == 2


def test_a_delegation_of_another_event_is_refused(event):
    elsewhere = EventFactory(organisation=event.organisation)
    delegation = _delegation(elsewhere, participants(elsewhere, 1), [NomineeStatus.ACCREDITED])
    with pytest.raises(BridgesError) as refused:
        pair_survey(event, delegation=delegation)
    assert refused.value.field == "delegation"


def test_the_new_survey_page_offers_the_events_delegations(event, client):
    people = participants(event, 2)
    delegation = _delegation(event, people, [NomineeStatus.ACCREDITED] * 2)
    client.force_login(MembershipFactory(organisation=event.organisation, role="organiser").user)
    url = reverse("surveys:list", args=[event.slug])
    assert "Viet Nam" in client.get(url).content.decode()
    questionnaire = perception_questionnaire(event)
    created = client.post(
        url,
        {
            "title": "Delegates' evaluation",
            "kind": SurveyKind.EVALUATION,
            "questionnaire": questionnaire.pk,
            "anonymous": "on",
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-01-08T09:00",
            "min_sessions": "0",
            "delegation": delegation.pk,
            "min_group_size": "5",
        },
    )
    assert created.status_code == 302
    survey = Survey.objects.get(title="Delegates' evaluation")
    assert survey.delegation == delegation
    # The windows were typed in the event's zone, which the page names beside them.
    assert str(event.zone) != "UTC"
    assert survey.waves.get().opens_at == dt.datetime(2030, 1, 1, 9, tzinfo=event.zone)
    assert event.time_zone in client.get(url).content.decode()
