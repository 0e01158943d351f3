"""The named rules of participants/rules.py, asked as views ask them (``user.has_perm``)."""

import pytest

from participants.enums import ApplicationStatus
from participants.models import Document
from programmes.enums import EventStatus
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory
from tests.factories.review import ReviewAssignmentFactory
from tests.factories.roles import ROLES, holders, people

MANAGERS = {"organiser", "owner"}


@pytest.fixture
def who(organisation):
    return people(organisation)


def test_organisers_manage_an_events_applications(who, event):
    assert holders("participants.manage_applications", who, event) == MANAGERS


def test_application_is_seen_by_its_applicant_and_the_organisers(who, event):
    application = ApplicationFactory(event=event, applicant=who["applicant"])
    assert holders("participants.view_application", who, application) == {"applicant", *MANAGERS}


def test_questions_are_as_public_as_the_event(who, organisation, event):
    assert holders("participants.view_questions", who, event) == set(ROLES)
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert holders("participants.view_questions", who, draft) == {"staff", "reviewer", *MANAGERS}


def test_document_of_a_sent_application(who, event):
    application = ApplicationFactory(event=event, applicant=who["applicant"])
    # The rule reads only who owns the document and which application it belongs to.
    document = Document(owner=who["applicant"], application=application)
    assert holders("participants.download_document", who, document) == {"applicant", *MANAGERS}
    # A reviewer reads it once the application is assigned to them.
    ReviewAssignmentFactory(application=application, reviewer=who["reviewer"])
    assert holders("participants.download_document", who, document) == {
        "applicant",
        "reviewer",
        *MANAGERS,
    }
    # Drafts stay private to the applicant, documents included.
    application.status = ApplicationStatus.DRAFT
    assert holders("participants.download_document", who, document) == {"applicant"}


def test_photo_is_seen_by_the_organisations_the_person_applied_to(who, event):
    applicant = who["applicant"]
    assert holders("participants.view_photo", who, applicant.pk) == {"applicant"}
    ApplicationFactory(event=event, applicant=applicant)
    assert holders("participants.view_photo", who, applicant.pk) == {
        "applicant",
        "staff",
        "reviewer",
        *MANAGERS,
    }
