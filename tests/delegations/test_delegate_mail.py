"""A delegate's accreditation mail is the only mail their accreditation sends them: the
confirmed application it makes (participants.services.delegates) does not send the
applicants' "confirmation received" mail, whether the application is new or one they
held (an accepted applicant who is then accredited)."""

from __future__ import annotations

from delegations import services
from notifications.enums import MessageKind
from notifications.models import Message
from participants.enums import ApplicationStatus
from participants.models import Application
from participants.services import application_transition
from tests.factories.participants import ApplicationFactory

from .conftest import client_for, person


def _kinds(user) -> list[str]:
    return sorted(Message.objects.filter(recipient=user).values_list("kind", flat=True))


def test_accreditation_sends_the_accreditation_mail_only(meeting):
    focal, organiser = client_for(meeting.first_focal), client_for(meeting.organiser)
    nominee = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/", person(1), format="json"
    ).json()
    response = organiser.post(f"/api/v1/nominees/{nominee['id']}/accredit/")
    assert response.status_code == 200, response.json()
    application = Application.objects.get(pk=response.json()["application"])
    assert application.status == ApplicationStatus.CONFIRMED
    delegate = application.applicant
    templates = set(Message.objects.filter(recipient=delegate).values_list("template", flat=True))
    assert "delegations/accreditation" in templates
    assert MessageKind.CONFIRMATION_RECEIVED not in _kinds(delegate)
    assert MessageKind.APPLICATION_RECEIVED not in _kinds(delegate)


def test_an_accepted_applicant_accredited_as_a_delegate_gets_no_confirmation_mail(meeting):
    held = ApplicationFactory(event=meeting.event, status=ApplicationStatus.ACCEPTED)
    nominee = services.nominee_nominate(
        delegation=meeting.first,
        data=person(2, email=held.applicant.email),
        by=meeting.first_focal,
    )
    assert nominee.user == held.applicant
    services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    held.refresh_from_db()
    assert held.status == ApplicationStatus.CONFIRMED
    assert MessageKind.CONFIRMATION_RECEIVED not in _kinds(held.applicant)


def test_an_applicant_who_confirms_still_gets_the_confirmation_mail(meeting):
    # The rule is the delegates' only: an applicant's own confirmation is announced.
    held = ApplicationFactory(event=meeting.event, status=ApplicationStatus.ACCEPTED)
    application_transition(
        application=held, to_status=ApplicationStatus.CONFIRMED, by=held.applicant
    )
    assert MessageKind.CONFIRMATION_RECEIVED in _kinds(held.applicant)
