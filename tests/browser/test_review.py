"""A reviewer scores an assigned application on a 375 px phone using only the keyboard,
and an organiser applies the proposed selection from the selection page."""

import os

import pytest

from participants.enums import ApplicationStatus as S
from participants.models import Application
from programmes.enums import MemberRole
from review.models import Criterion, Review
from tests.browser.helpers import log_in
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.factories.review import CriterionFactory, ReviewAssignmentFactory, ReviewSettingsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    event = EventFactory(title="Youth Network Workshop", capacity=1)
    ReviewSettingsFactory(event=event, blind=True)
    criterion = CriterionFactory(event=event, name="Motivation", scale_min=1, scale_max=5)
    reviewer = MembershipFactory(organisation=event.organisation, role=MemberRole.REVIEWER).user
    organiser = MembershipFactory(organisation=event.organisation, role=MemberRole.ORGANISER).user
    application = ApplicationFactory(event=event, status=S.UNDER_REVIEW, country="VN")
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    return event, criterion, reviewer, organiser, application, assignment


def test_reviewer_scores_by_keyboard_on_a_phone(page, scene):
    event, criterion, reviewer, _organiser, application, assignment = scene
    log_in(page, reviewer)
    page.goto("/review/assignments/")
    page.get_by_role("link", name=f"Application #{application.pk}").click()
    assert page.get_by_text(
        "Blind review: name, photo, organisation and email are hidden."
    ).is_visible()
    # No horizontal scrolling of the page at 375 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator(f'input[name="score-{criterion.pk}"][value="1"]').focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # radio group: 1 -> 4
    page.keyboard.press("Tab")
    page.keyboard.type("Clear plan for the community project.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Your review is saved.").wait_for()
    review = Review.objects.get()
    assert (
        review.reviewer_id,
        review.comment,
        list(review.scores.values_list("value", flat=True)),
    ) == (
        reviewer.pk,
        "Clear plan for the community project.",
        [4],
    )


def test_organiser_applies_the_proposal_on_a_phone(page, scene):
    event, _criterion, _reviewer, organiser, application, _assignment = scene
    log_in(page, organiser)
    page.goto(f"/review/events/{event.slug}/")
    assert page.get_by_text("accepted: 1st in Vietnam").is_visible()
    page.get_by_role("button", name="Apply decisions").click()
    page.get_by_text("1 decision applied.").wait_for()
    assert Application.objects.get(pk=application.pk).status == S.ACCEPTED


def test_organiser_edits_the_rubric_by_keyboard_on_a_phone(page, scene):
    event, criterion, _reviewer, organiser, _application, _assignment = scene
    log_in(page, organiser)
    page.goto(f"/review/events/{event.slug}/")
    page.get_by_role("link", name="Review settings and rubric").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # A refused criterion keeps what was typed, with the reason beside the field.
    page.locator("#new-name").focus()
    page.keyboard.type("Community impact")
    page.locator("#new-scale_max").fill("0")
    page.locator("#new-scale_max").press("Enter")
    page.get_by_text("The highest score must be above the lowest.").wait_for()
    assert page.locator("#new-name").input_value() == "Community impact"
    assert page.locator("#new-scale_max").get_attribute("aria-invalid") == "true"
    if screenshot := os.environ.get("BRIDGES_SCREENSHOT_DIR"):
        page.screenshot(path=f"{screenshot}/rubric.png", full_page=True)

    page.locator("#new-scale_max").fill("5")
    page.locator("#new-scale_max").press("Enter")
    page.get_by_text("Criterion added.").wait_for()
    assert list(Criterion.objects.filter(event=event).values_list("name", "scale_max")) == [
        (criterion.name, criterion.scale_max),
        ("Community impact", 5),
    ]
