"""Every back-office page of an event, for every role: the organisers of the event's
organisation get the page; another organisation's organiser, the event's reviewers and
staff, an applicant get a 404 (or 403), and anonymous visitors the sign-in page (or the 404 of a draft).

Other apps append their event pages to ``EVENT_PAGES`` (a URL name taking the event's
slug, or ``(name, "pk")`` for one taking its id) and their organisation pages to
``ORGANISATION_PAGES``; pages that staff or reviewers may use by design (check-in, my
reviews) do not belong here."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from programmes.enums import EventStatus, MemberRole
from tests.factories.programmes import EventFactory, MembershipFactory, UserFactory
from tests.pages import browser

EVENT_PAGES: list[str | tuple[str, str]] = [
    "backoffice:event-overview",
    "backoffice:event-basics",
    "backoffice:event-dates",
    "backoffice:event-venues",
    "backoffice:event-call",
    "backoffice:event-quotas",
    "backoffice:event-review",
    "backoffice:event-publish",
    "backoffice:event-team",
    "audit-event-log",
    "review-selection",
    "review-rubric",
    "scheduling:schedule",
    ("notifications:message-templates", "pk"),
    "scheduling:agenda-editor",
    "scheduling:agenda-session-new",
    ("notifications:broadcasts", "pk"),
    ("notifications:outbox", "pk"),
    "application-form-builder",
    "applications-desk",
]
ORGANISATION_PAGES: list[str] = [
    "backoffice:event-new",
    "backoffice:event-copy",
    "backoffice:team",
]
REFUSED = (403, 404)


@pytest.fixture
def people(organisation):
    def member(role, org=organisation):
        return MembershipFactory(organisation=org, role=role).user

    return {
        "owner": member(MemberRole.OWNER),
        "organiser": member(MemberRole.ORGANISER),
        "other_organiser": MembershipFactory(role=MemberRole.ORGANISER).user,
        "reviewer": member(MemberRole.REVIEWER),
        "staff": member(MemberRole.STAFF),
        "applicant": UserFactory(),
    }


def _url(name, event) -> str:
    if isinstance(name, tuple):
        return reverse(name[0], args=[getattr(event, name[1])])
    return reverse(name, args=[event.slug])


def _check(url: str, people: dict) -> None:
    for who in ("owner", "organiser"):
        response = browser(people[who]).get(url)
        assert response.status_code == 200, (url, who, response.status_code)
    for who in ("other_organiser", "reviewer", "staff", "applicant"):
        response = browser(people[who]).get(url)
        assert response.status_code in REFUSED, (url, who, response.status_code)
    response = Client().get(url)
    signs_in = response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert signs_in or response.status_code in REFUSED, (url, response.status_code)


@pytest.mark.parametrize("name", EVENT_PAGES, ids=str)
def test_event_page_only_for_its_organisers(name, organisation, people):
    event = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    _check(_url(name, event), people)


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_organisation_page_only_for_its_organisers(name, organisation, people):
    _check(reverse(name, args=[organisation.slug]), people)


# Pages of one object of the event: (URL name, the arguments after the event's slug or id).
def _object_urls(event) -> list[str]:
    from participants.models import Question
    from tests.factories.participants import ApplicationFactory, QuestionFactory
    from tests.factories.programmes import SessionFactory

    application = ApplicationFactory(event=event)
    question = Question.objects.filter(event=event).first() or QuestionFactory(event=event)
    session = SessionFactory(event=event)
    return [
        reverse("applications-desk-application", args=[event.slug, application.pk]),
        reverse("form-preview", args=[event.slug, "application"]),
        reverse("form-question-edit", args=[event.slug, "application", question.pk]),
        reverse("scheduling:agenda-session", args=[event.slug, session.pk]),
        reverse("notifications:message-template-languages", args=[event.pk]),
    ]


def test_object_pages_and_posts_only_for_the_events_organisers(organisation, people):
    """One event for all of it: each object page for every role, a POST to each form of
    the back office changes nothing for outsiders, and people invited to this event
    only as reviewer or staff get no organiser page."""
    from audit.models import LogEntry
    from programmes.services.event_roles import event_role_add

    event = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    for url in _object_urls(event):
        _check(url, people)

    owner = people["owner"]
    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        people[f"invited_{role}"] = UserFactory()
        event_role_add(event=event, user=people[f"invited_{role}"], role=role, by=owner)
    pages = [_url(name, event) for name in EVENT_PAGES] + _object_urls(event)
    for who in ("invited_reviewer", "invited_staff"):
        client = browser(people[who])
        for url in pages:
            status = client.get(url).status_code
            assert status in REFUSED, (url, who, status)

    posts = [
        _url(name, event)
        for name in (
            "backoffice:event-basics",
            "backoffice:event-call",
            "backoffice:event-publish",
            "backoffice:event-invite",
            "backoffice:event-co-organiser-add",
            "applications-desk-bulk",
            ("notifications:broadcasts", "pk"),
            "scheduling:agenda-session-new",
            "application-form-builder",
        )
    ]
    logged = LogEntry.objects.count()
    for who in ("other_organiser", "reviewer", "staff", "applicant", *people.keys()):
        if who in ("owner", "organiser"):
            continue
        client = browser(people[who])
        for url in posts:
            status = client.post(url, {"title": "Taken over", "email": "x@example.org"})
            assert status.status_code in REFUSED, (url, who, status.status_code)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT and event.title != "Taken over"
    assert LogEntry.objects.count() == logged
