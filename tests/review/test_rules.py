"""The named rules of review/rules.py, asked as views ask them (``user.has_perm``)."""

import pytest

from review.models import Review
from tests.factories.clock import FROZEN_NOW
from tests.factories.participants import ApplicationFactory
from tests.factories.review import ReviewAssignmentFactory
from tests.factories.roles import holders, people


@pytest.fixture
def who(organisation):
    return people(organisation)


def test_organisers_run_the_review_reviewers_review(who, event):
    assert holders("review.manage_review", who, event) == {"organiser", "owner"}
    assert holders("review.review_applications", who, event) == {"reviewer", "organiser", "owner"}


def test_only_the_assigned_reviewer_changes_an_assignment(who, event):
    assignment = ReviewAssignmentFactory(
        application=ApplicationFactory(event=event), reviewer=who["reviewer"]
    )
    assert holders("review.change_assignment", who, assignment) == {"reviewer"}


def test_reviewer_reads_others_reviews_only_after_submitting_own(who, event):
    application = ApplicationFactory(event=event)
    assignment = ReviewAssignmentFactory(application=application, reviewer=who["reviewer"])
    assert holders("review.view_reviews", who, application) == {"organiser", "owner"}

    review = Review.objects.create(
        assignment=assignment, application=application, reviewer=who["reviewer"]
    )
    assert holders("review.view_reviews", who, application) == {"organiser", "owner"}

    review.submitted_at = FROZEN_NOW
    review.save(update_fields=["submitted_at"])
    assert holders("review.view_reviews", who, application) == {"reviewer", "organiser", "owner"}
