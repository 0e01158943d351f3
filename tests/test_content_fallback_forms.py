"""Follow-up forms and surveys read their questions in the event's languages (issue 17):
a text missing in the reader's language falls back to the event's first working
language (not to English), and a choice's label never comes from a language neither the
reader nor the event uses: the choice's own value shows instead. Through the real pages,
with the number of queries independent of the number of questions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from logistics import services as logistics
from participants.enums import QuestionKind, QuestionnairePurpose
from participants.models import Questionnaire
from participants.services import question_create, questionnaire_create
from programmes.enums import MemberRole
from surveys import services as surveys
from surveys.pairing import link_token
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.surveys.helpers import pair_survey

pytestmark = pytest.mark.django_db

KOREAN_LABEL = "도착 항공편은 무엇입니까?"
KOREAN_CHOICES = ["없음", "채식", "할랄"]
THAI_ONLY = ["ไม่มี", "มังสวิรัติ"]


@pytest.fixture
def korean_first(organisation):
    return EventFactory(organisation=organisation, working_languages=["ko", "en"])


def _questions(event, questionnaire, *, extra: int = 0):
    """A question written only in Korean, a choice in Korean and English with Korean labels, a choice whose
    labels were given only in Thai (a language the event does not use), and ``extra``
    more Korean-only questions."""
    question_create(
        event=event,
        questionnaire=questionnaire,
        data={"kind": QuestionKind.SHORT_TEXT, "label_ko": KOREAN_LABEL},
    )
    question_create(
        event=event,
        questionnaire=questionnaire,
        data={
            "kind": QuestionKind.SINGLE_CHOICE,
            "label_ko": "식단",
            "label_en": "Dietary needs",
            "choices": ["none", "vegetarian", "halal"],
            "choice_labels_ko": KOREAN_CHOICES,
        },
    )
    question_create(
        event=event,
        questionnaire=questionnaire,
        data={
            "kind": QuestionKind.SINGLE_CHOICE,
            "label_ko": "좌석",
            "choices": ["aisle-seat", "window-seat"],
            "choice_labels_th": THAI_ONLY,
        },
    )
    for i in range(extra):
        question_create(
            event=event,
            questionnaire=questionnaire,
            data={"kind": QuestionKind.SHORT_TEXT, "label_ko": f"추가 질문 {i}"},
        )


def _assert_korean_fallback(html: str) -> None:
    assert KOREAN_LABEL in html and "식단" in html and "좌석" in html
    assert "Dietary needs" not in html  # English comes after the event's first language
    for label in KOREAN_CHOICES:
        assert label in html
    # Thai labels are for Thai readers: the others see the choices' own values.
    assert _shown("aisle-seat", html) and _shown("window-seat", html)
    for label in THAI_ONLY:
        assert label not in html


def _shown(label: str, html: str) -> bool:
    """Whether ``label`` is a choice's visible text (not only its value attribute)."""
    return re.search(rf">\s*{re.escape(label)}\s*</label>", html) is not None


def _count_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_follow_up_page_reads_the_events_first_language(korean_first):
    owner = MembershipFactory(organisation=korean_first.organisation, role=MemberRole.OWNER).user
    follow_up = logistics.follow_up_setup(
        event=korean_first, deadline=timezone.now() + dt.timedelta(days=10), by=owner
    )
    # The form's title written only in Korean too.
    Questionnaire.objects.filter(pk=follow_up.questionnaire_id).update(
        title="여행 정보", title_ko="여행 정보", title_en=""
    )
    _questions(korean_first, follow_up.questionnaire)
    application = ParticipantFactory(event=korean_first, country="VN")
    client = Client()
    client.force_login(application.applicant)
    path = reverse("logistics:follow-up", args=[korean_first.slug]).removeprefix("/en")
    for language in ("vi", "fr"):
        few, html = _count_queries(client, f"/{language}{path}")
        assert f'lang="{language}"' in html
        assert "여행 정보" in html
        _assert_korean_fallback(html)

    # The Thai reader sees the Thai labels given for them.
    _count, thai = _count_queries(client, f"/th{path}")
    assert all(label in thai for label in THAI_ONLY) and not _shown("window-seat", thai)

    _questions(korean_first, follow_up.questionnaire, extra=5)
    many, html = _count_queries(client, f"/vi{path}")
    assert html.count("추가 질문") == 5
    assert many == few


def test_survey_page_reads_the_events_first_language(korean_first):
    form = questionnaire_create(
        event=korean_first, purpose=QuestionnairePurpose.SURVEY, title="Feedback"
    )
    _questions(korean_first, form)
    ParticipantFactory(event=korean_first, country="VN")
    survey = pair_survey(korean_first, questionnaire=form)
    invitation = surveys.invitations_ensure(survey)[0]
    token = link_token(invitation_id=invitation.pk, nonce=invitation.nonce)
    path = reverse("surveys:respond", args=[token]).removeprefix("/en")
    client = Client()
    for language in ("fr", "vi"):
        few, html = _count_queries(client, f"/{language}{path}")
        _assert_korean_fallback(html)

    _questions(korean_first, form, extra=5)
    many, html = _count_queries(client, f"/fr{path}")
    assert html.count("추가 질문") == 5
    assert many == few
