import pytest
from django.test import Client

from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory, UserFactory


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def organiser_browser(organisation):
    return _browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


@pytest.fixture
def other_organiser_browser(db):
    return _browser(MembershipFactory(role=MemberRole.ORGANISER).user)


@pytest.fixture
def reviewer_browser(organisation):
    return _browser(MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user)


@pytest.fixture
def admin_browser(db):
    return _browser(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def staff_organiser_browser(organisation):
    """An organiser who may use the admin (is_staff)."""
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return _browser(user)
