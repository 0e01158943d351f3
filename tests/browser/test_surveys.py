"""A participant answers the perception survey on a phone (375 px) in headless Chromium:
a Likert matrix (one radio group per statement), chosen by tapping the points' labels,
then sent; the page never scrolls sideways and the stored answer is the matrix."""

from __future__ import annotations

import pytest

from surveys import services
from surveys.models import Response
from surveys.questions import survey_questions
from tests.factories.programmes import EventFactory
from tests.surveys.helpers import STATEMENTS, pair_survey, participants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_likert_matrix_answered_on_a_phone(page):
    event = EventFactory()
    participants(event, 1)
    survey = pair_survey(event)
    (invitation,) = services.invitations_ensure(survey)
    link = services.invitation_link(invitation).split("/survey/", 1)[1]
    page.goto(f"/survey/{link}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The two required Likert items: tap the label of point 4.
    for question in survey_questions(survey)[:2]:
        page.locator(f"label:has(input[name='q_{question.pk}'][value='4'])").click()
    # The matrix: one fieldset per statement, legend = the statement.
    points = {STATEMENTS[0]: "2", STATEMENTS[1]: "5", STATEMENTS[2]: "3"}
    for statement, point in points.items():
        row = page.locator("fieldset.matrix-row", has_text=statement)
        row.locator(f"label:has(input[value='{point}'])").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector("text=your answers are sent")

    (response,) = Response.objects.filter(submitted_at__isnull=False)
    matrix = next(v for v in response.answers.values() if isinstance(v, dict))
    assert matrix == {"0": 2, "1": 5, "2": 3}


def test_the_draft_saves_as_one_types(page):
    """Type a comment, tap a point, wait for the status line, reload: both are there."""
    event = EventFactory()
    participants(event, 1)
    survey = pair_survey(event)
    (invitation,) = services.invitations_ensure(survey)
    link = services.invitation_link(invitation).split("/survey/", 1)[1]
    page.goto(f"/survey/{link}")
    first, *_rest, comment = survey_questions(survey)
    page.locator(f"label:has(input[name='q_{first.pk}'][value='2'])").click()
    page.locator(f"textarea[name='q_{comment.pk}']").fill("Bridges, not walls")
    page.wait_for_selector("#autosave-status:has-text('Draft saved.')")
    # The comment's save follows a pause in typing: wait for it to be stored.
    for _attempt in range(50):
        if Response.objects.filter(answers__has_key=str(comment.pk)).exists():
            break
        page.wait_for_timeout(200)
    page.reload()
    assert page.locator(f"textarea[name='q_{comment.pk}']").input_value() == "Bridges, not walls"
    assert page.locator(f"input[name='q_{first.pk}'][value='2']").is_checked()
    (draft,) = Response.objects.all()
    assert draft.submitted_at is None and draft.answers[str(comment.pk)] == "Bridges, not walls"
