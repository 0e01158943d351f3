"""The organisers' form builder through its pages: add questions of every kind, edit,
reorder with the buttons and by dragging (htmx answers with the list), hide, delete;
an answered question cannot be deleted, only hidden; the preview; who may use it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from participants import selectors, services
from participants.enums import ApplicationStatus, QuestionKind, QuestionnairePurpose
from participants.models import Answer, Question
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, MembershipFactory, UserFactory
from tests.pages import browser

K = QuestionKind
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organiser(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


def builder_url(event, key="application", *rest):
    return reverse("form-builder", args=[event.slug, key]) + "".join(f"{r}/" for r in rest)


# Each text is posted per working language (the factory's event works in English).
TEXTS = {"label", "help_text", "low_label", "high_label"}


def _question_post(**overrides):
    data = {"kind": K.SHORT_TEXT, "label": "A question", "help_text": "", "choices": ""}
    data.update(overrides)
    data["choice_labels"] = data.pop("choices")
    return {f"{k}_en" if k in TEXTS | {"choice_labels"} else k: v for k, v in data.items()}


def _labels(event) -> list[str]:
    return [q.label for q in services.form_questions(event.pk, None)]


def test_organiser_adds_questions_of_every_kind(event, organiser):
    page = organiser.get(reverse("application-form-builder", args=[event.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Why do you want to take part?" in html  # the default question is listed
    # Every kind can be chosen, the new survey kinds included.
    for kind in K.values:
        assert f'<option value="{kind}"' in html
    posts = [
        _question_post(kind=K.SECTION, label="Part two"),
        _question_post(kind=K.LIKERT, label="I enjoy group work", low_label="No", high_label="Yes"),
        _question_post(
            kind=K.LIKERT_MATRIX,
            label="Views",
            choices="Korea is near\nViet Nam is near",
            scale_points="7",
        ),
        _question_post(kind=K.NPS, label="Recommend us?"),
        _question_post(kind=K.RATING, label="Stars", scale_points="5"),
        _question_post(kind=K.NUMBER, label="Age of your city", min_value="0", max_value="3000"),
        _question_post(kind=K.SINGLE_CHOICE, label="Colour", choices="Red\nBlue", required="on"),
    ]
    for data in posts:
        response = organiser.post(builder_url(event), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    nps = Question.objects.get(event=event, kind=K.NPS)
    response = organiser.post(
        builder_url(event),
        _question_post(label="Why not?", depends_on=str(nps.pk), condition_value="0\n1\n2"),
    )
    assert response.status_code == 302
    questions = services.form_questions(event.pk, None)
    assert [q.kind for q in questions] == [
        K.LONG_TEXT, K.SECTION, K.LIKERT, K.LIKERT_MATRIX, K.NPS, K.RATING, K.NUMBER,
        K.SINGLE_CHOICE, K.SHORT_TEXT,
    ]  # fmt: skip
    by_kind = {q.kind: q for q in questions}
    assert by_kind[K.LIKERT_MATRIX].choices == ["Korea is near", "Viet Nam is near"]
    assert by_kind[K.LIKERT_MATRIX].scale_points == 7
    assert by_kind[K.LIKERT].scale_points == 5  # the default
    assert (by_kind[K.NUMBER].min_value, by_kind[K.NUMBER].max_value) == (0, 3000)
    assert by_kind[K.SINGLE_CHOICE].required is True
    assert by_kind[K.SHORT_TEXT].depends_on == nps
    assert by_kind[K.SHORT_TEXT].condition_value == [0, 1, 2]


def test_a_refused_question_is_shown_beside_its_field_and_nothing_saved(event, organiser):
    services.event_default_questions(event)
    before = _labels(event)
    response = organiser.post(
        builder_url(event), _question_post(kind=K.LIKERT, label="Scale", scale_points="6")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_scale_points_error">\s*<li>A Likert scale has 5 or 7 points', html)
    response = organiser.post(builder_url(event), _question_post(kind=K.SINGLE_CHOICE))
    assert response.status_code == 400
    assert "Give at least two different choices." in response.content.decode()
    assert _labels(event) == before


def test_edit_and_reorder_with_buttons_and_by_dragging(event, organiser):
    services.event_default_questions(event)
    first = services.question_create(event=event, data={"kind": K.YES_NO, "label": "Visa?"})
    second = services.question_create(
        event=event,
        data={
            "kind": K.SHORT_TEXT,
            "label": "Which?",
            "depends_on": first,
            "condition_value": True,
        },
    )
    edit = organiser.post(
        builder_url(event, "application", "questions", second.pk),
        _question_post(label="Which country?", depends_on=str(first.pk), condition_value="yes"),
    )
    assert edit.status_code == 302
    second.refresh_from_db()
    assert (second.label, second.condition_value) == ("Which country?", True)
    # Up, with htmx: the list alone comes back, in the new order.
    response = organiser.post(
        builder_url(event, "application", "questions", first.pk, "move"),
        {"direction": "up"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="questions-list">')
    assert html.index("Visa?") < html.index("Why do you want to take part?")
    assert _labels(event) == ["Visa?", "Why do you want to take part?", "Which country?"]
    # A drag that would put the conditional question before its condition is refused.
    motivation = Question.objects.get(event=event, key="motivation")
    refused = organiser.post(
        builder_url(event, "application", "order"),
        {"order": [second.pk, first.pk, motivation.pk]},
        **HTMX,
    )
    assert refused.status_code == 400
    assert "depends on an answer that would then come after it" in refused.content.decode()
    assert _labels(event) == ["Visa?", "Why do you want to take part?", "Which country?"]
    dragged = organiser.post(
        builder_url(event, "application", "order"),
        {"order": [motivation.pk, first.pk, second.pk]},
    )
    assert dragged.status_code == 302  # without htmx: back to the page
    assert _labels(event) == ["Why do you want to take part?", "Visa?", "Which country?"]


def test_an_answered_question_cannot_be_deleted_only_hidden(event, organiser):
    question = services.question_create(event=event, data={"kind": K.SHORT_TEXT, "label": "City"})
    unanswered = services.question_create(event=event, data={"kind": K.NPS, "label": "NPS"})
    application = ApplicationFactory(event=event, status=ApplicationStatus.SUBMITTED)
    Answer.objects.create(application=application, question=question, value="Hanoi")
    page = organiser.get(builder_url(event)).content.decode()
    row = re.search(rf'id="question-row-{question.pk}".*?</li>', page, re.S).group(0)
    assert "Has answers: it can be hidden, not deleted." in row
    assert "/delete/" not in row  # no delete button for it
    refused = organiser.post(
        builder_url(event, "application", "questions", question.pk, "delete"), **HTMX
    )
    assert refused.status_code == 409
    assert "Hide it instead" in refused.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()
    hidden = organiser.post(
        builder_url(event, "application", "questions", question.pk, "hide"),
        {"hidden": "1"},
        **HTMX,
    )
    assert hidden.status_code == 200
    question.refresh_from_db()
    assert question.hidden is True
    assert Answer.objects.get(question=question).value == "Hanoi"  # kept
    # The applicants' form and the public API no longer show it.
    assert question not in selectors.application_questions(event.pk)
    api = organiser.get(f"/api/v1/events/{event.slug}/questions/")
    assert "City" not in [q["label"] for q in api.json()]
    deleted = organiser.post(
        builder_url(event, "application", "questions", unanswered.pk, "delete"), **HTMX
    )
    assert deleted.status_code == 200
    assert not Question.objects.filter(pk=unanswered.pk).exists()


def test_preview_shows_the_form_at_phone_width_and_reveals_conditions(event, organiser):
    nps = services.question_create(event=event, data={"kind": K.NPS, "label": "Recommend?"})
    services.question_create(
        event=event,
        data={"kind": K.SHORT_TEXT, "label": "Why?", "depends_on": nps, "condition_value": [0, 1]},
    )
    builder = organiser.get(builder_url(event)).content.decode()
    assert 'class="phone-preview"' in builder and 'width="375"' in builder
    preview = organiser.get(builder_url(event, "application", "preview"))
    assert preview.status_code == 200
    assert preview["X-Frame-Options"] == "SAMEORIGIN"  # it lives in the builder's frame
    html = preview.content.decode()
    assert re.search(r'id="question-\d+" hidden data-depends-on', html)
    revealed = organiser.get(
        builder_url(event, "application", "preview"), {f"q_{nps.pk}": "1"}
    ).content.decode()
    assert not re.search(r'id="question-\d+" hidden data-depends-on', revealed)


def test_the_same_builder_edits_a_survey(event, organiser):
    survey = services.questionnaire_create(
        event=event, purpose=QuestionnairePurpose.SURVEY, title="Before the exchange"
    )
    page = organiser.get(builder_url(event, survey.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Before the exchange</h1>" in html
    assert '<option value="file"' not in html  # anonymous answers: no uploads
    response = organiser.post(
        builder_url(event, survey.pk),
        _question_post(kind=K.LIKERT, label="Koreans are friendly", low_label="No"),
    )
    assert response.status_code == 302
    assert [q.label for q in survey.questions.all()] == ["Koreans are friendly"]
    # The application form is untouched, and a survey's questions are not in it.
    assert "Koreans are friendly" not in _labels(event)


def test_builder_pages_are_for_the_events_organisers_only(event, organisation):
    survey = services.questionnaire_create(
        event=event, purpose=QuestionnairePurpose.SURVEY, title="After"
    )
    question = services.question_create(event=event, data={"kind": K.SHORT_TEXT, "label": "x"})
    urls = [
        builder_url(event),
        builder_url(event, survey.pk),
        builder_url(event, "application", "preview"),
        builder_url(event, "application", "questions", question.pk),
    ]
    others = [
        MembershipFactory(role=MemberRole.ORGANISER).user,
        MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user,
        MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user,
        UserFactory(),
    ]
    for user in others:
        client = browser(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        moved = client.post(builder_url(event, "application", "questions", question.pk, "delete"))
        assert moved.status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()
    anonymous = Client().get(urls[0])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # Another event's survey under this event's address is a 404 for its organisers too.
    elsewhere = services.questionnaire_create(
        event=EventFactory(organisation=organisation),
        purpose=QuestionnairePurpose.SURVEY,
        title="Other",
    )
    owner = browser(MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user)
    assert owner.get(builder_url(event, elsewhere.pk)).status_code == 404
    assert owner.get(builder_url(event, "nope")).status_code == 404
