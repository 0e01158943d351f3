"""The named rules of attendance/rules.py, asked as views ask them (``user.has_perm``),
and the attendance dashboard showing pass actions by its rule."""

import pytest
from django.test import Client
from django.urls import reverse

from attendance.models import Certificate
from participants.enums import ApplicationStatus
from tests.factories.attendance import ParticipantFactory, PassFactory
from tests.factories.programmes import UserFactory
from tests.factories.roles import holders, people

MANAGERS = {"organiser", "owner"}


@pytest.fixture
def who(organisation):
    # "applicant" is someone else's applicant; "participant" holds the pass or certificate.
    return {**people(organisation), "participant": UserFactory()}


def test_staff_scan_and_see_attendance_organisers_manage_passes(who, event):
    assert holders("attendance.scan_event", who, event) == {"staff", *MANAGERS}
    assert holders("attendance.view_attendance", who, event) == {"staff", *MANAGERS}
    assert holders("attendance.manage_passes", who, event) == MANAGERS


def test_pass_is_read_by_its_confirmed_participant_and_the_organisers(who, event):
    pass_ = PassFactory(application=ParticipantFactory(event=event, applicant=who["participant"]))
    assert holders("attendance.view_pass", who, pass_) == {"participant", *MANAGERS}

    pass_.application.status = ApplicationStatus.WITHDRAWN
    # A withdrawn participant's pass works nowhere, not even for them.
    assert holders("attendance.view_pass", who, pass_) == MANAGERS


def test_certificate_is_read_by_its_holder_and_the_organisers(who, event):
    application = ParticipantFactory(event=event, applicant=who["participant"])
    certificate = Certificate(application=application, event=event)
    assert holders("attendance.download_certificate", who, certificate) == {
        "participant",
        *MANAGERS,
    }


def test_dashboard_shows_pass_actions_by_the_rule(who, event):
    pass_ = PassFactory(application=ParticipantFactory(event=event))
    revoke = reverse("attendance:pass-revoke", args=[event.slug, pass_.pk])
    url = reverse("attendance:dashboard", args=[event.slug])
    for role, shown in (("staff", False), ("organiser", True)):
        client = Client()
        client.force_login(who[role])
        response = client.get(url)
        assert response.status_code == 200
        assert (revoke in response.content.decode()) is shown, role
