"""Surveys' test helpers: an event's confirmed participants and a survey through the service."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from participants.enums import Gender, QuestionKind, QuestionnairePurpose
from participants.services import question_create, questionnaire_create
from surveys import services
from surveys.enums import SurveyKind
from tests.factories.attendance import ParticipantFactory

COUNTRIES = ["VN", "KR", "TH", "ID", "PH", "MY", "KH", "LA", "MM", "SG", "BN"]


def participants(event, count: int) -> list:
    """``count`` confirmed participants, countries and genders spread as a real cohort."""
    return [
        ParticipantFactory(
            event=event,
            country=COUNTRIES[i % len(COUNTRIES)],
            gender=Gender.FEMALE if i % 2 else Gender.MALE,
        )
        for i in range(count)
    ]


LIKERT_LABELS = ("Strongly disagree", "Strongly agree")
STATEMENTS = [
    "I know the history of the other countries",
    "I trust young people from the other countries",
    "I would work in another of these countries",
]


def perception_questionnaire(event):
    """The perception survey's questions: two Likert items, a Likert matrix of three
    statements, an NPS, a comment and a choice, through participants' services."""
    form = questionnaire_create(
        event=event, purpose=QuestionnairePurpose.SURVEY, title="Perceptions"
    )
    low, high = LIKERT_LABELS
    likert = {"kind": QuestionKind.LIKERT, "scale_points": 5, "low_label": low, "high_label": high}
    for label in ("I feel close to ASEAN", "Korea and ASEAN are equal partners"):
        question_create(
            event=event, questionnaire=form, data={**likert, "label": label, "required": True}
        )
    question_create(
        event=event,
        questionnaire=form,
        data={
            **likert,
            "kind": QuestionKind.LIKERT_MATRIX,
            "label": "How far do you agree?",
            "choices": STATEMENTS,
        },
    )
    question_create(
        event=event,
        questionnaire=form,
        data={"kind": QuestionKind.NPS, "label": "Would you recommend the workshop?"},
    )
    question_create(
        event=event,
        questionnaire=form,
        data={"kind": QuestionKind.LONG_TEXT, "label": "What changed for you?"},
    )
    return form


def pair_survey(event, *, questionnaire=None, anonymous: bool = True, **extra):
    """A before/after survey whose first wave is open now and whose second opens in 10 days."""
    now = timezone.now()
    questionnaire = questionnaire or perception_questionnaire(event)
    return services.survey_create(
        event=event,
        kind=SurveyKind.BEFORE_AFTER,
        title="Youth perceptions",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=9),
        second_opens_at=now + dt.timedelta(days=10),
        second_closes_at=now + dt.timedelta(days=20),
        anonymous=anonymous,
        questionnaire=questionnaire,
        **extra,
    )


def required_post(survey, point: int = 4) -> dict[str, str]:
    """The page's POST for the required questions (the two Likert items) at ``point``."""
    from surveys.questions import survey_questions

    return {f"q_{q.pk}": str(point) for q in survey_questions(survey) if q.required}
