import pytest

from participants.enums import ApplicationStatus
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.integration.fixtures import smtp_sink  # noqa: F401 - fixture for this package


@pytest.fixture(autouse=True)
def _eager_delivery(eager_celery):
    """Unit tests run delivery inline (on commit) instead of through the broker."""


@pytest.fixture
def make_participant(event):
    """A user with a profile and an application to ``event`` (confirmed by default)."""

    def make(
        *,
        time_zone="Asia/Ho_Chi_Minh",
        language="en",
        status=ApplicationStatus.CONFIRMED,
        country="VN",
        on_event=None,
        first_name=None,
    ):
        profile = ProfileFactory(time_zone=time_zone, preferred_language=language)
        if first_name:
            profile.user.first_name = first_name
            profile.user.save(update_fields=["first_name"])
            profile.preferred_name = first_name
            profile.save(update_fields=["preferred_name"])
        ApplicationFactory(
            event=on_event or event, applicant=profile.user, status=status, country=country
        )
        return profile.user

    return make
