"""Co-organising organisations are added and removed on the event's team page, through
programmes' event service (never the organising organisation itself), logged, and their
members' access goes with them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import LogEntry
from programmes.enums import CoOrganiserAccess, MemberRole
from programmes.models import CoOrganiserGrant
from tests.factories.programmes import MembershipFactory, OrganisationFactory
from tests.pages import browser


@pytest.fixture
def client(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


def test_add_then_remove_a_co_organiser_on_the_team_page(client, event):
    partner = OrganisationFactory(name="Hanoi Youth Union")
    team = reverse("backoffice:event-team", args=[event.slug])
    page = client.get(team).content.decode()
    assert "Hanoi Youth Union" in page  # offered in the list
    add = reverse("backoffice:event-co-organiser-add", args=[event.slug])
    assert client.post(add, {"organisation": partner.pk}).status_code == 302
    assert list(event.co_organisers.all()) == [partner]
    assert LogEntry.objects.filter(action_type="backoffice.event.co_organiser_added").exists()
    # Its access is then set as before; removing it takes the access away too.
    access = reverse("backoffice:event-co-organiser-access", args=[event.slug, partner.pk])
    client.post(access, {f"o{partner.pk}-access": CoOrganiserAccess.values[-1]})
    assert CoOrganiserGrant.objects.filter(event=event, organisation=partner).exists()
    remove = reverse("backoffice:event-co-organiser-remove", args=[event.slug, partner.pk])
    assert client.post(remove).status_code == 302
    assert not event.co_organisers.exists()
    assert not CoOrganiserGrant.objects.filter(event=event).exists()
    assert LogEntry.objects.filter(action_type="backoffice.event.co_organiser_removed").exists()


def test_own_organisation_and_outsiders_refused(client, event):
    add = reverse("backoffice:event-co-organiser-add", args=[event.slug])
    response = client.post(add, {"organisation": event.organisation_id})
    assert response.status_code == 400 and 'id="id_organisation"' in response.content.decode()
    assert not event.co_organisers.exists()
    outsider = browser(MembershipFactory(role=MemberRole.ORGANISER).user)
    partner = OrganisationFactory()
    assert outsider.post(add, {"organisation": partner.pk}).status_code == 404
    assert not event.co_organisers.exists()
