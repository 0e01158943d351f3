"""The lists of delegations, logistics and surveys in the one registry: each through the
export page with its own app's rule, its rows those of the app's own function."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from delegations.enums import NomineeStatus
from delegations.models import Nominee
from logistics.models import Flight, Hotel, RoomAssignment, RoomBlock
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from reports.exports import REGISTRY
from surveys.models import Response, Survey
from tests.pages import browser
from tests.surveys.helpers import perception_questionnaire

pytestmark = pytest.mark.django_db


def rows_of(client, event, name) -> list[list[str]]:
    response = client.get(f"/organise/events/{event.slug}/exports/{name}.csv")
    assert response.status_code == 200, (name, response.status_code)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_delegations_logistics_and_survey_lists(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    assert {"delegates", "rooming", "manifests", "survey-responses"} <= set(REGISTRY)
    confirmed = [a for a in fixture_event["applications"] if a.status == S.CONFIRMED]
    hotel = Hotel.objects.create(event=event, name="Lotte")
    night = event.start_date
    block = RoomBlock.objects.create(
        hotel=hotel, room_type="Twin", beds=2, rooms=2, first_night=night, last_night=night
    )
    for application in confirmed[:2]:
        RoomAssignment.objects.create(block=block, room=1, application=application)
    at = dt.datetime.combine(night, dt.time(9), tzinfo=dt.UTC)
    for application, direction in ((confirmed[0], "arrival"), (confirmed[1], "departure")):
        Flight.objects.create(
            application=application,
            direction=direction,
            flight_number="VN410",
            airport="ICN",
            airport_zone="Asia/Seoul",
            at=at,
        )
    client = browser(people[MemberRole.ORGANISER])

    delegates = rows_of(client, event, "delegates")
    accredited = Nominee.objects.filter(event=event, status=NomineeStatus.ACCREDITED)
    assert sorted(r[3] for r in delegates[1:]) == sorted(n.full_name for n in accredited)
    assert [r[6] for r in delegates[1:]].count("True") == 1  # one head

    rooming = rows_of(client, event, "rooming")
    assert len(rooming) - 1 == 2 and {r[1] for r in rooming[1:]} == {"Lotte"}
    assert rooming[1][10] == "1"  # nights (after the last night and the check-out day)

    manifests = rows_of(client, event, "manifests")
    assert sorted(r[0] for r in manifests[1:]) == ["Arrival", "Departure"]
    assert {r[3] for r in manifests[1:]} == {"18:00"}  # local time at ICN

    # Through surveys' own anonymised rows: a respondent number, never a name.
    survey = Survey.objects.get(event=event, title="Perceptions")
    survey.questionnaire = perception_questionnaire(event)
    survey.save(update_fields=["questionnaire"])
    question = survey.questionnaire.questions.order_by("pk").first()
    sent = Response.objects.filter(wave__survey=survey, submitted_at__isnull=False)
    sent.update(answers={str(question.pk): 4})
    responses = rows_of(client, event, "survey-responses")
    answers = [r for r in responses[1:] if r[-2] == question.label]
    assert len(answers) == sent.count() == 4 and {r[-1] for r in answers} == {"4"}
    assert {r[0] for r in answers} == {"Perceptions"} and {r[1] for r in answers} <= {"1", "2", "3"}
    names = {a.applicant.profile.full_name for a in fixture_event["applications"]}
    assert not names & {cell for r in responses for cell in r}

    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        for name in ("delegates", "rooming", "manifests", "survey-responses"):
            response = browser(people[role]).get(
                f"/organise/events/{event.slug}/exports/{name}.csv"
            )
            assert response.status_code == 403, (role, name)
