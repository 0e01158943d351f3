import pytest
from django.test import Client

from participants.enums import ApplicationStatus as S
from participants.models import StatusChange
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _staff(organisation, role=MemberRole.ORGANISER) -> Client:
    user = MembershipFactory(organisation=organisation, role=role).user
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_admin_lists_only_managed_events_and_moves_status_through_the_service(event, organisation):
    mine = ApplicationFactory(event=event, status=S.SUBMITTED)
    theirs = ApplicationFactory(event=EventFactory(), status=S.SUBMITTED)
    client = _staff(organisation)
    page = client.get("/admin/participants/application/")
    assert page.status_code == 200
    assert f"/admin/participants/application/{mine.pk}/change/" in page.content.decode()
    assert f"/admin/participants/application/{theirs.pk}/change/" not in page.content.decode()
    assert client.get(f"/admin/participants/application/{theirs.pk}/change/").status_code == 302
    response = client.post(
        "/admin/participants/application/",
        {"action": "move_to_under_review", "_selected_action": [mine.pk, theirs.pk]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (S.UNDER_REVIEW, S.SUBMITTED)
    change = StatusChange.objects.get()
    assert (change.application_id, change.by_id) == (mine.pk, client.user.pk)
    detail = client.get(f"/admin/participants/application/{mine.pk}/change/")
    assert "Changed in the admin." in detail.content.decode()


def test_reviewer_staff_cannot_open_applications_in_admin(event, organisation):
    ApplicationFactory(event=event)
    client = _staff(organisation, role=MemberRole.REVIEWER)
    assert client.get("/admin/participants/application/").status_code == 403
