"""The form builder creates a question of every supported kind through its page, each
stored with its kind (options for the kinds that list them)."""

from __future__ import annotations

from participants import services
from participants.enums import QuestionKind as K
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory
from tests.pages import browser
from tests.participants.test_form_builder import _question_post, builder_url

WITH_OPTIONS = {K.SINGLE_CHOICE, K.MULTIPLE_CHOICE, K.LIKERT_MATRIX}


def test_builder_creates_every_question_kind(organisation, event):
    client = browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)
    for kind in K.values:
        extra = {"choices": "Red\nBlue"} if kind in WITH_OPTIONS else {}
        if kind in (K.RATING, K.LIKERT_MATRIX):
            extra["scale_points"] = "5"
        response = client.post(builder_url(event), _question_post(kind=kind, label=kind, **extra))
        assert response.status_code == 302, (kind, response.content.decode()[:500])
    made = {q.kind: q for q in services.form_questions(event.pk, None) if q.label in K.values}
    assert set(made) == set(K.values)
    for kind in WITH_OPTIONS:
        assert made[kind].choices == ["Red", "Blue"], kind
