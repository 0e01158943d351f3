"""The named rules of programmes/rules.py, asked the way views and templates ask them
(``user.has_perm``), for each role; and the event page's tools shown by those rules."""

import pytest
import rules
from django.test import Client
from django.urls import reverse

from programmes.enums import EventStatus
from tests.factories.programmes import EventFactory, UserFactory
from tests.factories.roles import ROLES, holders, people

MEMBERS = {"staff", "reviewer", "organiser", "owner"}
MANAGERS = {"organiser", "owner"}


@pytest.fixture
def who(organisation):
    return people(organisation)


def test_public_event_is_seen_by_everyone(who, event):
    assert holders("programmes.view_event", who, event) == set(ROLES)


def test_draft_event_is_seen_by_its_organisation_only(who, organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert holders("programmes.view_event", who, draft) == MEMBERS


@pytest.mark.parametrize(
    "perm, expected",
    [
        ("programmes.view_organisation", MEMBERS),
        ("programmes.change_event", MANAGERS),
        ("programmes.change_organisation", MANAGERS),
        ("programmes.change_memberships", {"owner"}),
    ],
)
def test_role_rules_on_event_and_organisation(who, organisation, event, perm, expected):
    assert holders(perm, who, event) == expected
    assert holders(perm, who, organisation) == expected


def test_roles_are_read_once_per_user(who, event, django_assert_num_queries):
    organiser = who["organiser"]
    with django_assert_num_queries(1):
        for perm in ("programmes.view_event", "programmes.change_event", "review.manage_review"):
            assert organiser.has_perm(perm, event)
        assert not organiser.has_perm("programmes.change_memberships", event)


def test_superuser_holds_every_rule(event):
    # Django's own convention (User.has_perm): the site's operators are not members.
    admin = UserFactory(is_superuser=True)
    assert admin.has_perm("programmes.change_event", event)


TOOLS = {
    "review-selection": "Review and selection",
    "schedule": "Schedule sessions",
    "broadcasts": "Write to participants",
    "my-reviews": "My reviews",
    "check-in": "Check-in",
}


def _tools(user, event) -> set[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    html = client.get(reverse("event-page", args=[event.slug])).content.decode()
    # The page's own tools, not the site navigation (which has "My reviews" too).
    start = html.find('<nav class="organiser-tools"')
    tools = html[start : html.index("</nav>", start)] if start >= 0 else ""
    return {key for key, label in TOOLS.items() if label in tools}


@pytest.mark.parametrize(
    "role, shown",
    [
        ("applicant", set()),
        ("other_organiser", set()),
        ("reviewer", {"my-reviews"}),
        ("staff", {"check-in"}),
        ("organiser", {"review-selection", "schedule", "broadcasts", "check-in"}),
    ],
)
def test_event_page_tools_follow_the_rules(who, event, role, shown):
    assert _tools(who[role], event) == shown


def test_event_page_tool_hidden_when_its_rule_refuses(who, event):
    # The template asks the rule, not the role: refuse one rule and only its tool goes.
    original = rules.permissions.permissions["scheduling.change_schedule"]
    rules.set_perm("scheduling.change_schedule", rules.always_false)
    try:
        shown = _tools(who["organiser"], event)
    finally:
        rules.set_perm("scheduling.change_schedule", original)
    assert shown == {"review-selection", "broadcasts", "check-in"}
