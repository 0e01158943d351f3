import pytest

from participants.enums import ApplicationStatus as S
from participants.models import Question
from tests.factories.participants import AnswerFactory, ApplicationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_listing_questions_creates_the_default_motivation_question(event, organiser_client):
    response = organiser_client.get(f"/api/v1/events/{event.slug}/questions/")
    assert response.status_code == 200
    [motivation] = response.json()
    # Its texts in each language are the subject of the translation tests (issue 17).
    assert set(motivation.pop("translations")) >= {"label", "help_text"}
    assert motivation.pop("missing_translations") is not None
    assert motivation | {"id": 0} == {
        "id": 0,
        "key": "motivation",
        "kind": "long_text",
        "label": "Why do you want to take part?",
        "help_text": "Tell us what you hope to learn and bring (50 to 300 words).",
        "required": True,
        "order": 0,
        "choices": [],
        "min_words": 50,
        "max_words": 300,
        "depends_on": None,
        "condition_value": None,
        "scale_points": None,
        "low_label": "",
        "high_label": "",
        "min_value": None,
        "max_value": None,
        "hidden": False,
        "questionnaire": None,
        "choice_labels": [],
    }
    organiser_client.get(f"/api/v1/events/{event.slug}/questions/")
    assert Question.objects.filter(event=event).count() == 1  # created once


def test_create_conditional_choice_question(event, organiser_client):
    url = f"/api/v1/events/{event.slug}/questions/"
    visa = organiser_client.post(
        url,
        {"kind": "yes_no", "label": "Do you need a visa?", "required": True, "order": 1},
        format="json",
    )
    assert visa.status_code == 201, visa.json()
    city = organiser_client.post(
        url,
        {
            "kind": "single_choice",
            "label": "Embassy city",
            "choices": ["Hanoi", "Ho Chi Minh City"],
            "order": 2,
            "depends_on": visa.json()["id"],
            "condition_value": True,
        },
        format="json",
    )
    assert city.status_code == 201, city.json()
    assert city.json()["depends_on"] == visa.json()["id"]
    assert city.json()["condition_value"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "single_choice", "label": "Pick", "choices": ["only one"]}, "choices"),
        ({"kind": "long_text", "label": "Essay", "min_words": 300, "max_words": 50}, "min_words"),
        ({"kind": "sculpture", "label": "x"}, "kind"),
        ({"label": "No kind"}, "kind"),
        (
            {"kind": "short_text", "label": "x", "depends_on": 999999, "condition_value": "a"},
            "depends_on",
        ),
        ({"kind": "short_text", "label": "x", "event": 1}, "event"),
    ],
)
def test_bad_questions_are_400_naming_the_field(event, organiser_client, body, field):
    response = organiser_client.post(f"/api/v1/events/{event.slug}/questions/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Question.objects.filter(event=event).exclude(key="motivation").exists()


def test_condition_must_point_to_an_earlier_question_with_a_valid_answer(event, organiser_client):
    later = QuestionFactory(event=event, kind="yes_no", order=10)
    response = organiser_client.post(
        f"/api/v1/events/{event.slug}/questions/",
        {
            "kind": "short_text",
            "label": "x",
            "order": 5,
            "depends_on": later.pk,
            "condition_value": True,
        },
        format="json",
    )
    assert response.status_code == 400 and "depends_on" in response.json()
    earlier = QuestionFactory(event=event, kind="single_choice", choices=["a", "b"], order=1)
    response = organiser_client.post(
        f"/api/v1/events/{event.slug}/questions/",
        {
            "kind": "short_text",
            "label": "x",
            "order": 5,
            "depends_on": earlier.pk,
            "condition_value": "c",
        },
        format="json",
    )
    assert response.status_code == 400 and "condition_value" in response.json()


def test_question_of_another_event_is_404(event, organiser_client):
    other = QuestionFactory()
    response = organiser_client.patch(
        f"/api/v1/events/{event.slug}/questions/{other.pk}/", {"label": "Mine now"}, format="json"
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.label != "Mine now"


def test_answered_question_cannot_be_deleted_but_unanswered_can(event, organiser_client):
    answered = QuestionFactory(event=event)
    AnswerFactory(
        application=ApplicationFactory(event=event, status=S.SUBMITTED), question=answered
    )
    response = organiser_client.delete(f"/api/v1/events/{event.slug}/questions/{answered.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "question_has_answers"
    spare = QuestionFactory(event=event)
    assert (
        organiser_client.delete(f"/api/v1/events/{event.slug}/questions/{spare.pk}/").status_code
        == 204
    )
    assert list(Question.objects.filter(event=event).values_list("pk", flat=True)) == [answered.pk]


def test_a_deleted_default_question_stays_deleted(event, organiser_client, applicant_client):
    url = f"/api/v1/events/{event.slug}/questions/"
    [motivation] = organiser_client.get(url).json()
    response = organiser_client.delete(f"{url}{motivation['id']}/")
    assert response.status_code == 204
    # Neither the organiser's next read nor an applicant's draft brings it back.
    assert organiser_client.get(url).json() == []
    draft = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/", {}, format="json"
    )
    assert draft.status_code == 201
    assert applicant_client.get(url).json() == []
    assert not Question.objects.filter(event=event).exists()


def test_call_settings_update(event, organiser_client):
    url = f"/api/v1/events/{event.slug}/call-settings/"
    assert organiser_client.get(url).json()["allow_edits_after_submit"] is True
    response = organiser_client.patch(
        url,
        {"allow_edits_after_submit": False, "required_documents": ["cv", "passport"]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["required_documents"] == ["cv", "passport"]
    response = organiser_client.patch(url, {"required_documents": ["diploma"]}, format="json")
    assert response.status_code == 400 and "required_documents" in response.json()
    response = organiser_client.patch(url, {"event": 3}, format="json")
    assert response.status_code == 400 and "event" in response.json()
