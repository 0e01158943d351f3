"""The form engine's survey kinds (Likert, Likert matrix, NPS, rating, number with
limits, section heading) through the apply pages and the questions API: how they are
rendered, checked and stored, and conditions on their answers."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from participants import services
from participants.enums import QuestionKind
from participants.models import Answer, Application
from tests.participants._pages import errors_of, open_call, verified_client
from tests.participants.test_pages_apply import _profile_post, url

K = QuestionKind


@pytest.fixture
def survey_form(event):
    """The event's application form with one question of each survey kind, made through
    the questions service (motivation hidden, so the page holds only these)."""
    open_call(event)
    cache.clear()
    [motivation] = services.event_default_questions(event)
    services.question_update(question=motivation, data={"hidden": True})

    def add(**data):
        return services.question_create(event=event, data=data)

    section = add(kind=K.SECTION, label="About the exchange", help_text="A few quick ones.")
    likert = add(
        kind=K.LIKERT,
        label="I feel I know Korea well",
        low_label="Strongly disagree",
        high_label="Strongly agree",
        required=True,
    )
    matrix = add(
        kind=K.LIKERT_MATRIX,
        label="How do you see these countries?",
        choices=["Korea is welcoming", "Viet Nam is welcoming"],
        scale_points=7,
        low_label="Not at all",
        high_label="Completely",
        required=True,
    )
    nps = add(kind=K.NPS, label="Would you recommend this exchange?")
    improve = add(
        kind=K.SHORT_TEXT,
        label="What should we improve?",
        depends_on=nps,
        condition_value=["0", "1", "2", "3", "4", "5", "6"],
    )
    rating = add(kind=K.RATING, label="Rate the venue", scale_points=5)
    number = add(kind=K.NUMBER, label="Nights you can stay", min_value=1, max_value=10)
    return {
        "event": event,
        "section": section,
        "likert": likert,
        "matrix": matrix,
        "nps": nps,
        "improve": improve,
        "rating": rating,
        "number": number,
    }


@pytest.fixture
def applicant(survey_form):
    client = verified_client()
    client.post(url(survey_form["event"], "profile"), _profile_post())
    return client


def test_each_kind_is_rendered_as_an_accessible_group(survey_form, applicant):
    f = survey_form
    html = applicant.get(url(f["event"], "questions")).content.decode()
    # The section is a heading with its help, and takes no input.
    assert '<h2 class="form-section">About the exchange</h2>' in html
    assert f'name="q_{f["section"].pk}"' not in html
    # A Likert item: one fieldset whose legend is the question, five radios, the end
    # labels read with their point.
    likert = re.search(rf'<fieldset class="field"[^>]*>\s*<legend>{f["likert"].label}', html)
    assert likert
    values = re.findall(rf'name="q_{f["likert"].pk}" value="(\d+)"', html)
    assert values == ["1", "2", "3", "4", "5"]
    assert "1 – Strongly disagree" in html and "5 – Strongly agree" in html
    # The matrix: one radio group (fieldset + legend) per statement, seven points each.
    for index, statement in enumerate(f["matrix"].choices):
        assert re.search(
            rf'<fieldset class="matrix-row" id="id_q_{f["matrix"].pk}_{index}">\s*'
            rf"<legend>{statement}</legend>",
            html,
        )
        points = re.findall(rf'name="q_{f["matrix"].pk}_{index}" value="(\d+)"', html)
        assert points == [str(n) for n in range(1, 8)]
    # NPS 0-10 with its default end labels; ratings in stars; the number's limits.
    nps = re.findall(rf'name="q_{f["nps"].pk}" value="(\d+)"', html)
    assert nps == [str(n) for n in range(11)]
    assert "0 – Not at all likely" in html and "10 – Extremely likely" in html
    assert "5 stars" in html and "1 star<" in html
    assert re.search(rf'<input[^>]*name="q_{f["number"].pk}"[^>]*min="1.0"[^>]*max="10.0"', html)
    # The conditional question is there for the script, hidden until NPS is 0-6.
    assert (
        f'id="question-{f["improve"].pk}" hidden data-depends-on="q_{f["nps"].pk}" '
        'data-shown-when="[0, 1, 2, 3, 4, 5, 6]"'
    ) in html


def test_answers_are_stored_as_numbers_and_a_low_nps_reveals_the_follow_up(survey_form, applicant):
    f = survey_form
    posted = {
        f"q_{f['likert'].pk}": "4",
        f"q_{f['matrix'].pk}_0": "6",
        f"q_{f['matrix'].pk}_1": "2",
        f"q_{f['nps'].pk}": "3",
        f"q_{f['rating'].pk}": "5",
        f"q_{f['number'].pk}": "7",
        "next": "1",
    }
    response = applicant.post(url(f["event"], "questions"), posted)
    # A detractor's score revealed "What should we improve?": the page asks for it first.
    assert response.status_code == 302
    assert response["Location"].endswith("/apply/questions/#questions")
    html = applicant.get(url(f["event"], "questions")).content.decode()
    assert f'id="question-{f["improve"].pk}" hidden' not in html
    stored = dict(Answer.objects.values_list("question_id", "value"))
    assert stored == {
        f["likert"].pk: 4,
        f["matrix"].pk: {"0": 6, "1": 2},
        f["nps"].pk: 3,
        f["rating"].pk: 5,
        f["number"].pk: 7,
    }
    # A promoter's score hides it again, and its answer is removed.
    applicant.post(
        url(f["event"], "questions"),
        {**posted, f"q_{f['improve'].pk}": "More time in Hanoi"},
    )
    assert Answer.objects.get(question=f["improve"]).value == "More time in Hanoi"
    applicant.post(url(f["event"], "questions"), {**posted, f"q_{f['nps'].pk}": "9"})
    assert not Answer.objects.filter(question=f["improve"]).exists()
    assert Answer.objects.get(question=f["nps"]).value == 9


def test_out_of_range_answers_are_refused_beside_their_field(survey_form, applicant):
    f = survey_form
    page = url(f["event"], "questions")
    response = applicant.post(page, {f"q_{f['number'].pk}": "11", "next": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert errors_of(html, f"id_q_{f['number'].pk}") == ["Enter a number of at most 10."]
    response = applicant.post(page, {f"q_{f['likert'].pk}": "9", "next": "1"})
    assert errors_of(response.content.decode(), f"id_q_{f['likert'].pk}")  # not a point
    assert not Answer.objects.exists()


def test_submit_needs_every_statement_of_a_required_matrix(survey_form, applicant):
    f = survey_form
    applicant.post(
        url(f["event"], "questions"),
        {f"q_{f['likert'].pk}": "4", f"q_{f['matrix'].pk}_0": "6", "next": "1"},
    )
    response = applicant.post(url(f["event"], "review"))
    assert response.status_code == 400
    assert "Choose a point for each statement." in response.content.decode()
    assert Application.objects.get(applicant=applicant.user).status == "draft"
    applicant.post(
        url(f["event"], "questions"),
        {
            f"q_{f['likert'].pk}": "4",
            f"q_{f['matrix'].pk}_0": "6",
            f"q_{f['matrix'].pk}_1": "7",
            "next": "1",
        },
    )
    response = applicant.post(url(f["event"], "review"))
    assert response.status_code == 302
    assert Application.objects.get(applicant=applicant.user).status == "submitted"


def test_the_api_checks_survey_kinds_and_conditions_on_them(survey_form, organiser_client):
    f = survey_form
    base = f"/api/v1/events/{f['event'].slug}/questions/"
    bad = organiser_client.post(
        base, {"kind": "likert", "label": "Scale", "scale_points": 6}, format="json"
    )
    assert bad.status_code == 400
    assert "scale_points" in bad.json()
    matrix_parent = organiser_client.post(
        base,
        {
            "kind": "short_text",
            "label": "Why?",
            "depends_on": f["matrix"].pk,
            "condition_value": 3,
        },
        format="json",
    )
    assert matrix_parent.status_code == 400
    assert "depends_on" in matrix_parent.json()
    rating = organiser_client.post(
        base,
        {
            "kind": "short_text",
            "label": "Why so low?",
            "depends_on": f["rating"].pk,
            "condition_value": [1, 2],
        },
        format="json",
    )
    assert rating.status_code == 201, rating.json()
    assert rating.json()["condition_value"] == [1, 2]
    listed = organiser_client.get(base).json()
    kinds = [q["kind"] for q in listed]
    assert "motivation" not in [q["key"] for q in listed]  # hidden: not in the public form
    assert kinds[:7] == [
        "section",
        "likert",
        "likert_matrix",
        "nps",
        "short_text",
        "rating",
        "number",
    ]


def test_engine_api_for_other_forms(survey_form):
    """What logistics and surveys call: visible_questions and clean_answers."""
    f = survey_form
    questions = [f["nps"], f["improve"], f["matrix"]]
    assert services.visible_questions(questions, {f["nps"].pk: 2}) == questions
    assert services.visible_questions(questions, {f["nps"].pk: 8}) == [f["nps"], f["matrix"]]
    cleaned = services.clean_answers(
        questions, {str(f["nps"].pk): "2", f["matrix"].pk: {"1": "3"}, f["improve"].pk: ""}
    )
    assert cleaned == {f["nps"].pk: 2, f["matrix"].pk: {"1": 3}, f["improve"].pk: None}
    with pytest.raises(services.ApplicationInvalid) as refused:
        services.clean_answers(questions, {f["nps"].pk: 11, f["matrix"].pk: {"5": 1}})
    assert set(refused.value.errors) == {f"answers.{f['nps'].pk}", f"answers.{f['matrix'].pk}"}
    errors, not_shown = services.check_complete(
        questions, {f["nps"].pk: 9, f["improve"].pk: "x", f["matrix"].pk: {"0": 1}}
    )
    assert errors == {f"answers.{f['matrix'].pk}": ["Choose a point for each statement."]}
    assert not_shown == {f["improve"].pk}
