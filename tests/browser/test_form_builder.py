"""The form builder in headless Chromium at phone width: the page fits a 375 px screen,
a question moves up with the keyboard alone (htmx swaps the list), and the preview
shows the form as applicants see it, revealing a conditional question at once."""

from __future__ import annotations

import urllib.request

import pytest
from django.core.cache import cache

from participants import services
from participants.enums import QuestionKind
from programmes.enums import MemberRole
from tests.browser.helpers import log_in
from tests.factories.programmes import EventFactory, MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


@pytest.fixture
def organiser(live_server):
    cache.clear()
    organisation = OrganisationFactory(slug="akc")
    event = EventFactory(organisation=organisation, slug="akynw")
    services.event_default_questions(event)
    nps = services.question_create(
        event=event, data={"kind": QuestionKind.NPS, "label": "Would you recommend us?"}
    )
    services.question_create(
        event=event,
        data={
            "kind": QuestionKind.SHORT_TEXT,
            "label": "What should we improve?",
            "depends_on": nps,
            "condition_value": [0, 1, 2, 3, 4, 5, 6],
        },
    )
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    return user, event, nps


def test_builder_at_phone_width_keyboard_reorder_and_preview(page, organiser):
    user, event, nps = organiser
    log_in(page, user)
    response = page.goto("/organise/events/akynw/form/")
    assert response.ok
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the builder scrolls sideways: {width}px"

    # Move the NPS question above the motivation question with the keyboard alone.
    up = page.locator(f"#question-row-{nps.pk} button[value=up]")
    assert "Would you recommend us?" in up.inner_text()  # its name says which question
    up.focus()
    with page.expect_response(lambda r: r.url.endswith("/move/")):
        page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelector('.builder-list li strong').textContent.includes('recommend')"
    )
    labels = [q.label for q in services.form_questions(event.pk, None)]
    assert labels == [
        "Would you recommend us?",
        "Why do you want to take part?",
        "What should we improve?",
    ]

    # The preview: the form as applicants see it, at phone width inside the frame.
    preview = page.frame_locator("iframe.phone-preview")
    improve = preview.locator(".question", has_text="What should we improve?")
    assert improve.is_hidden()
    preview.get_by_label("3", exact=True).check()
    improve.wait_for(state="visible")
    inner = page.frames[1].evaluate("document.documentElement.scrollWidth")
    assert inner <= PHONE_WIDTH, f"the preview scrolls sideways: {inner}px"
    preview.get_by_label("9", exact=True).check()
    improve.wait_for(state="hidden")
