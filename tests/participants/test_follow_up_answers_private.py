"""An application's answers are its application form's only: the follow-up form's answers
(kept on the same application, e.g. a passport number) never reach reviewers, the
organiser's application API, the applications exports or the applications desk. They stay
the person's own data (their personal-data export holds them)."""

import csv
import io

import pytest
from django.test import Client

from participants.enums import ApplicationStatus as S
from participants.enums import QuestionnairePurpose
from participants.models import Answer
from participants.selectors import personal_data
from participants.services import application_answers_save, question_create, questionnaire_create
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import MembershipFactory
from tests.factories.review import CriterionFactory, ReviewAssignmentFactory, ReviewSettingsFactory

pytestmark = pytest.mark.django_db

PASSPORT = "P1234567"
MOTIVATION = "I want to meet young people from Laos"


@pytest.fixture
def confirmed(event):
    """A confirmed application with an application answer and a follow-up answer."""
    motivation = question_create(
        event=event, data={"kind": "short_text", "label": "Why this exchange?"}
    )
    follow_up = questionnaire_create(
        event=event, purpose=QuestionnairePurpose.FOLLOW_UP, title="Travel details"
    )
    passport = question_create(
        event=event,
        questionnaire=follow_up,
        data={"kind": "short_text", "label": "Passport number", "required": True},
    )
    application = ApplicationFactory(event=event, status=S.CONFIRMED)
    Answer.objects.create(application=application, question=motivation, value=MOTIVATION)
    # Stored the way logistics' follow-up form stores it.
    application_answers_save(
        application=application, questions=[passport], answers={passport.pk: PASSPORT}
    )
    assert Answer.objects.filter(application=application, value=PASSPORT).exists()
    return application


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _organiser(event):
    return MembershipFactory(organisation=event.organisation, role=MemberRole.ORGANISER).user


def test_reviewer_page_and_api_show_application_answers_only(event, confirmed, reviewer_client):
    ReviewSettingsFactory(event=event, reviews_needed=1, blind=True)
    CriterionFactory(event=event, name="Motivation", scale_min=1, scale_max=5)
    assignment = ReviewAssignmentFactory(application=confirmed, reviewer=reviewer_client.user)

    page = _page(reviewer_client.user).get(f"/review/assignments/{assignment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert MOTIVATION in html and PASSPORT not in html

    detail = reviewer_client.get(f"/api/v1/review/me/assignments/{assignment.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert MOTIVATION in body and PASSPORT not in body


def test_organiser_application_api_and_desk_page_show_application_answers_only(event, confirmed):
    organiser = _organiser(event)
    api = Client()
    api.force_login(organiser)
    response = api.get(f"/api/v1/applications/{confirmed.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert MOTIVATION in body and PASSPORT not in body

    desk = _page(organiser).get(f"/organise/events/{event.slug}/applications/{confirmed.pk}/")
    assert desk.status_code == 200
    html = desk.content.decode()
    assert MOTIVATION in html and PASSPORT not in html


def test_the_applicant_api_shows_their_application_answers_only(event, confirmed):
    response = _page(confirmed.applicant).get(f"/api/v1/applications/{confirmed.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert MOTIVATION in body and PASSPORT not in body


def test_applications_exports_leave_follow_up_answers_out(event, confirmed):
    organiser = _page(_organiser(event))
    api_csv = organiser.get(f"/api/v1/events/{event.slug}/applications/export.csv")
    assert api_csv.status_code == 200
    body = b"".join(api_csv.streaming_content) if api_csv.streaming else api_csv.content
    text = body.decode("utf-8-sig")
    assert MOTIVATION in text and PASSPORT not in text

    report = organiser.get(f"/organise/events/{event.slug}/exports/applications.csv?sensitive=on")
    assert report.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert MOTIVATION in cells and PASSPORT not in cells


def test_the_persons_own_data_export_keeps_their_follow_up_answers(confirmed):
    answers = [a["value"] for a in personal_data(confirmed.applicant)["applications"][0]["answers"]]
    assert MOTIVATION in answers and PASSPORT in answers
