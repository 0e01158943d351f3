import datetime as dt

import pytest
import time_machine

from tests.factories.attendance import ParticipantFactory, PassFactory
from tests.factories.programmes import SessionFactory


@pytest.fixture
def session(event):
    # 09:00-10:30 Seoul time on 5 July 2027.
    return SessionFactory(event=event, title="Opening lecture")


@pytest.fixture
def participant(event):
    return ParticipantFactory(
        event=event, applicant__first_name="Hà", applicant__last_name="Nguyễn"
    )


@pytest.fixture
def pass_(participant):
    return PassFactory(application=participant)


@pytest.fixture
def during_session(session):
    """The clock five minutes into the session."""
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=5), tick=False) as traveller:
        yield traveller


def check_in_url(session) -> str:
    return f"/api/v1/sessions/{session.pk}/check-ins/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every participant is a user with a password; PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
