"""Page clients (signed-in sessions) for the users of the root conftest's API clients."""

import pytest
from django.test import Client

from tests.factories.programmes import UserFactory


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def organiser_browser(organiser_client):
    return _browser(organiser_client.user)


@pytest.fixture
def other_organiser_browser(other_organiser_client):
    return _browser(other_organiser_client.user)


@pytest.fixture
def reviewer_browser(reviewer_client):
    return _browser(reviewer_client.user)


@pytest.fixture
def admin_browser(db):
    return _browser(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def staff_organiser_browser(organiser_client):
    """An organiser who may use the admin (is_staff)."""
    user = organiser_client.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return _browser(user)
