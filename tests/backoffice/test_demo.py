"""What the demo owner finds on the team page: a pending invitation, with its mail queued."""

import pytest
from django.urls import reverse

from backoffice.demo import INVITEE, load
from backoffice.models import Invitation
from notifications.models import Message
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module


def test_owner_finds_a_pending_invitation_on_the_team_page(demo):
    page = client_for("owner@bridges.demo").get(reverse("backoffice:team", args=["akc"]))
    assert page.status_code == 200
    assert INVITEE in page.content.decode()
    assert Message.objects.filter(to_email=INVITEE).count() == 1


def test_loading_again_keeps_one_invitation_and_one_mail(demo):
    load(demo)
    assert Invitation.objects.filter(email=INVITEE, accepted_at=None, revoked_at=None).count() == 1
    assert Message.objects.filter(to_email=INVITEE).count() == 1


def test_ifacca_reviews_the_focal_points_meeting_once(demo):
    from audit.models import LogEntry
    from programmes.models import CoOrganiserGrant

    grant = CoOrganiserGrant.objects.get(organisation__slug="ifacca")
    assert (
        grant.access == "review" and grant.event.slug == "unesco-2005-convention-focal-points-2014"
    )
    page = client_for("owner@bridges.demo").get(
        reverse("backoffice:event-team", args=[grant.event.slug])
    )
    assert page.status_code == 200 and "IFACCA" in page.content.decode()
    logged = LogEntry.objects.filter(action_type="programmes.co_organiser.access_changed")
    count = logged.count()
    load(demo)
    assert logged.count() == count == 1
