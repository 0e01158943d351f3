"""Roles on one event: invited by email from the event's team page, they count in every
named rule for that event only; co-organising organisations get what their access level
gives; all of a person's roles are read in one query."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import LogEntry
from backoffice.models import Invitation
from backoffice.services import invitation_token
from programmes.enums import CoOrganiserAccess, EventStatus, MemberRole
from programmes.models import EventRole
from programmes.rules import forget_roles
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.pages import browser

INVITEE = "guest.reviewer@example.org"


@pytest.fixture
def organiser(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user


def test_event_invitation_gives_a_role_on_that_event_only(
    organiser, organisation, eager_celery, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    other = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    team = reverse("backoffice:event-team", args=[event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = browser(organiser).post(
            reverse("backoffice:event-invite", args=[event.slug]),
            {"email": INVITEE, "role": MemberRole.ORGANISER},
        )
    assert response.status_code == 302 and response["Location"] == team
    assert [m.to for m in mail.outbox] == [[INVITEE]]
    assert event.title in mail.outbox[0].subject
    link = re.search(r"https?://[^/\s]+(/organise/invitations/\S+/)", mail.outbox[0].body)[1]
    invitee = UserFactory(email=INVITEE)
    assert (
        browser(invitee).get(reverse("backoffice:event-overview", args=[event.slug])).status_code
        == 404
    )
    assert browser(invitee).post(link).status_code == 302
    assert EventRole.objects.get(event=event, user=invitee).role == MemberRole.ORGANISER
    assert LogEntry.objects.filter(
        action_type="programmes.event_role.added", event_id=event.pk
    ).exists()
    # This event's back office, the organiser area and the rules; not the other event,
    # not the organisation's team or creating events.
    client = browser(invitee)
    assert client.get(reverse("backoffice:event-overview", args=[event.slug])).status_code == 200
    assert client.get(reverse("review-selection", args=[event.slug])).status_code == 200
    assert event.title in client.get("/organise/").content.decode()
    assert client.get(reverse("backoffice:event-overview", args=[other.slug])).status_code == 404
    assert client.get(reverse("backoffice:team", args=[organisation.slug])).status_code == 404
    assert client.get(reverse("backoffice:event-new", args=[organisation.slug])).status_code == 404
    page = browser(organiser).get(team).content.decode()
    assert INVITEE in page and "On this event only" in page


def test_invitation_refusals_name_the_field(organiser, organisation):
    event = EventFactory(organisation=organisation)
    staff = MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user
    url = reverse("backoffice:event-invite", args=[event.slug])
    bad = browser(organiser).post(url, {"email": "not-an-address", "role": "organiser"})
    assert bad.status_code == 400 and 'id="id_email"' in bad.content.decode()
    owner_role = browser(organiser).post(url, {"email": INVITEE, "role": MemberRole.OWNER})
    assert owner_role.status_code == 400
    assert browser(staff).post(url, {"email": INVITEE, "role": "staff"}).status_code == 404


@pytest.mark.parametrize(
    ("access", "organiser_rule", "review_rule"),
    [
        (CoOrganiserAccess.NAMED, False, False),
        (CoOrganiserAccess.REVIEW, False, True),
        (CoOrganiserAccess.FULL, True, True),
    ],
)
def test_co_organiser_access_levels(organiser, organisation, access, organiser_rule, review_rule):
    partner = OrganisationFactory()
    their_organiser = MembershipFactory(organisation=partner, role=MemberRole.ORGANISER).user
    event = EventFactory(organisation=organisation)
    event.co_organisers.add(partner)
    response = browser(organiser).post(
        reverse("backoffice:event-co-organiser-access", args=[event.slug, partner.pk]),
        {f"o{partner.pk}-access": access},
    )
    assert response.status_code == 302
    forget_roles(their_organiser)
    assert their_organiser.has_perm("programmes.change_event", event) is organiser_rule
    assert their_organiser.has_perm("review.review_applications", event) is review_rule
    other = EventFactory(organisation=organisation)
    assert not their_organiser.has_perm("programmes.change_event", other)


def test_all_roles_in_one_query(organisation):
    user = MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user
    event = EventFactory(organisation=organisation)
    EventRole.objects.create(event=event, user=user, role=MemberRole.REVIEWER)
    partner_event = EventFactory()
    partner = MembershipFactory(user=user, role=MemberRole.ORGANISER).organisation
    partner_event.co_organisers.add(partner)
    partner_event.co_organiser_grants.create(organisation=partner, access=CoOrganiserAccess.FULL)
    forget_roles(user)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("attendance.scan_event", event)  # staff of the organisation
        assert user.has_perm("review.review_applications", event)  # reviewer of this event
        assert not user.has_perm("programmes.change_event", event)
        assert user.has_perm("programmes.change_event", partner_event)  # full co-organiser
    assert len(queries) == 1


def test_event_invitations_and_co_organiser_access_through_the_api(
    organisation, organiser_client, reviewer_client, other_organiser_client
):
    from rest_framework.test import APIClient

    event = EventFactory(organisation=organisation)
    partner = OrganisationFactory()
    event.co_organisers.add(partner)
    url = f"/api/v1/events/{event.slug}/invitations/"
    created = organiser_client.post(url, {"email": INVITEE, "role": "staff"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["event"] == event.slug and created.json()["role"] == "staff"
    assert [row["email"] for row in organiser_client.get(url).json()] == [INVITEE]
    assert reviewer_client.get(url).status_code == 403
    assert other_organiser_client.post(
        url, {"email": "x@example.org", "role": "staff"}
    ).status_code in (403, 404)
    token = invitation_token(Invitation.objects.get(event=event, email=INVITEE))
    invitee = APIClient()
    invitee.force_authenticate(UserFactory(email=INVITEE))
    accepted = invitee.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert accepted.status_code == 201 and accepted.json()["role"] == "staff"
    assert EventRole.objects.filter(event=event, user__email=INVITEE, role="staff").exists()

    access = f"/api/v1/events/{event.slug}/co-organisers/{partner.slug}/"
    assert organiser_client.put(access, {"access": "review"}, format="json").json() == {
        "access": "review"
    }
    bad = organiser_client.put(access, {"access": "everything"}, format="json")
    assert bad.status_code == 400 and "access" in bad.json()
    stranger = OrganisationFactory()
    refused = organiser_client.put(
        f"/api/v1/events/{event.slug}/co-organisers/{stranger.slug}/",
        {"access": "full"},
        format="json",
    )
    assert refused.status_code == 400 and "organisation" in refused.json()
    assert reviewer_client.put(access, {"access": "full"}, format="json").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_invitations_to_one_address_at_once_leave_one_pending():
    from backoffice.services import invitation_send
    from tests.concurrency import run_concurrently

    organisation = OrganisationFactory()
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    event = EventFactory(organisation=organisation)

    def invite(index: int):
        return invitation_send(
            organisation=organisation, event=event, email=INVITEE, role="staff", by=organiser
        )

    results = run_concurrently(4, invite)
    assert not [r for r in results if isinstance(r, Exception)], results
    pending = Invitation.objects.filter(event=event, accepted_at=None, revoked_at=None)
    assert pending.count() == 1
    assert Invitation.objects.filter(event=event).count() == 4  # three withdrawn
