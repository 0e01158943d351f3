"""The "kind of participant" breakdown: accredited delegates, the organising team
(organisation members and event roles), experts (speakers of the event's sessions) and
participants admitted through the call, counted against the test's own tally, with
small-cell suppression in the page's results and the API; age bands apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from delegations.enums import NomineeStatus, Participation, PartnerKind
from delegations.models import EventPartner, Nominee, Partner
from programmes.models import EventRole, Person
from surveys import services
from surveys.enums import SurveyKind
from surveys.questions import survey_questions
from surveys.results import compute_results
from tests.factories.programmes import MembershipFactory, SessionFactory
from tests.surveys.helpers import participants, perception_questionnaire

pytestmark = pytest.mark.django_db


def test_kind_of_participant_counts_and_suppression(event):
    people = participants(event, 13)
    delegates, staff, experts, rest = people[:4], people[4:7], people[7:10], people[10:]
    partner = Partner.objects.create(
        organisation=event.organisation, key="kr", kind=PartnerKind.COUNTRY, official_name="Korea"
    )
    delegation = EventPartner.objects.create(
        event=event, partner=partner, participation=Participation.MEMBER, seats=6
    )
    # Four accredited; a fifth nominee not (yet) accredited stays a participant.
    for i, person in enumerate([*delegates, rest[0]]):
        Nominee.objects.create(
            delegation=delegation,
            event=event,
            full_name=f"Delegate {i}",
            email=f"d{i}@example.org",
            status=NomineeStatus.ACCREDITED if person in delegates else NomineeStatus.NOMINATED,
            user=person.applicant,
            application=person,
        )
    for person in staff[:2]:
        MembershipFactory(organisation=event.organisation, user=person.applicant, role="staff")
    EventRole.objects.create(event=event, user=staff[2].applicant, role="staff")
    session = SessionFactory(event=event)
    # A delegate who also speaks counts once, as a delegate.
    for person in [*experts, delegates[0]]:
        speaker = Person.objects.create(
            organisation=event.organisation, name=str(person), user=person.applicant
        )
        session.speakers.add(speaker)
    now = timezone.now()
    survey = services.survey_create(
        event=event,
        kind=SurveyKind.EVALUATION,
        title="Evaluation",
        questionnaire=perception_questionnaire(event),
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=3),
        min_group_size=3,
    )
    first = survey_questions(survey)[0]
    wave = survey.waves.get()
    score = {}
    for index, invitation in enumerate(services.invitations_ensure(survey)):
        score[invitation.application_id] = 1 + index % 5
        answers = {
            str(q.pk): score[invitation.application_id] for q in survey_questions(survey)[:2]
        }
        services.response_save(invitation=invitation, wave=wave, answers=answers, submit=True)

    expected = {
        "Delegate": delegates,
        "Organiser or staff": staff,
        "Expert or speaker": experts,
        "Participant": rest,
    }
    kinds = next(b for b in compute_results(survey).breakdowns if b.dimension == "kind")
    groups = {g.label: g for g in kinds.groups}
    assert {label: g.n for label, g in groups.items()} == {
        label: len(members) for label, members in expected.items()
    }
    # Participants (3) and experts (3) are shown; nobody is under 3 here.
    assert not any(g.suppressed for g in groups.values())
    for label, members in expected.items():
        mean = sum(score[p.pk] for p in members) / len(members)
        assert groups[label].values[f"q{first.pk}"] == pytest.approx(mean)

    # With a threshold of 4 the three groups of 3 are hidden, figures and all.
    survey.min_group_size = 4
    survey.save(update_fields=["min_group_size"])
    kinds = next(b for b in compute_results(survey).breakdowns if b.dimension == "kind")
    hidden = {g.label for g in kinds.groups if g.suppressed}
    assert hidden == {"Organiser or staff", "Expert or speaker", "Participant"}
    client = APIClient()
    client.force_authenticate(MembershipFactory(organisation=event.organisation).user)
    body = client.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    api_kinds = next(b for b in body["breakdowns"] if b["dimension"] == "kind")
    assert [g["n"] for g in api_kinds["groups"] if g["label"] in hidden] == [None] * 3
    assert any(b["dimension"] == "age" for b in body["breakdowns"])
