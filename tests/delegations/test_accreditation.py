import datetime as dt
import io

import time_machine
from pypdf import PdfReader

from attendance.models import CheckIn
from delegations import services
from delegations.enums import NomineeStatus
from delegations.models import Nominee
from notifications.models import Message
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory, SessionFactory

from .conftest import client_for, person


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def test_accredited_delegate_badge_qr_checks_in_through_the_existing_check_in(meeting):
    focal, organiser = client_for(meeting.first_focal), client_for(meeting.organiser)
    nominee = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/",
        person(1, is_head=True, honorific="H.E."),
        format="json",
    ).json()
    response = organiser.post(f"/api/v1/nominees/{nominee['id']}/accredit/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == NomineeStatus.ACCREDITED
    application = Application.objects.get(pk=body["application"])
    assert application.status == ApplicationStatus.CONFIRMED
    assert application.event_id == meeting.event.pk
    # The focal point and the nominee are told through the outbox.
    told = set(
        Message.objects.filter(template="delegations/accreditation").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {meeting.first_focal.pk, application.applicant_id}

    badge = organiser.get(f"/api/v1/nominees/{nominee['id']}/badge.pdf")
    assert badge.status_code == 200
    reader = _reader(badge.content)
    code = reader.metadata["/Keywords"]
    text = reader.pages[0].extract_text()
    assert "Delegate 1" in text and "Republic of Bulgaria" in text

    session = SessionFactory(event=meeting.event, title="Plenary")
    staff = client_for(
        MembershipFactory(organisation=meeting.event.organisation, role=MemberRole.STAFF).user
    )
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=5), tick=False):
        scan = staff.post(
            f"/api/v1/sessions/{session.pk}/check-ins/",
            {"pass_code": code, "nonce": "badge-scan-1"},
            format="json",
        )
    assert scan.status_code == 201, scan.json()
    assert scan.json()["participant"]["application"] == application.pk
    assert CheckIn.objects.get().application_id == application.pk


def test_refusal_needs_a_reason_and_ends_the_pass(meeting):
    focal, organiser = client_for(meeting.first_focal), client_for(meeting.organiser)
    nominee = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/", person(1), format="json"
    ).json()
    organiser.post(f"/api/v1/nominees/{nominee['id']}/accredit/")
    missing = organiser.post(f"/api/v1/nominees/{nominee['id']}/refuse/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    refused = organiser.post(
        f"/api/v1/nominees/{nominee['id']}/refuse/",
        {"reason": "Not a government official"},
        format="json",
    )
    assert refused.json()["status"] == NomineeStatus.REFUSED
    assert Application.objects.get(pk=refused.json()["application"]).status == (
        ApplicationStatus.WITHDRAWN
    )
    assert (
        Message.objects.filter(
            template="delegations/accreditation", context__accredited=False
        ).count()
        == 2
    )


def test_badge_batch_runs_as_a_task_with_progress(
    meeting, eager_celery, django_capture_on_commit_callbacks
):
    focal, organiser = client_for(meeting.first_focal), client_for(meeting.organiser)
    for n in range(2):
        nominee = focal.post(
            f"/api/v1/delegations/{meeting.first.pk}/nominees/", person(n), format="json"
        ).json()
        services.nominee_accredit(
            nominee=Nominee.objects.get(pk=nominee["id"]), by=meeting.organiser
        )
    with django_capture_on_commit_callbacks(execute=True):
        batch = organiser.post(
            f"/api/v1/events/{meeting.event.slug}/badge-batches/", {"format": "a6"}, format="json"
        )
    assert batch.status_code == 202
    state = organiser.get(f"/api/v1/badge-batches/{batch.json()['id']}/").json()
    assert (state["status"], state["done"], state["total"], state["progress"]) == (
        "done",
        2,
        2,
        100,
    )
    pdf = organiser.get(f"/api/v1/badge-batches/{batch.json()['id']}/file/")
    assert len(_reader(b"".join(pdf.streaming_content)).pages) == 2
    assert (
        client_for(meeting.first_focal)
        .get(f"/api/v1/badge-batches/{batch.json()['id']}/")
        .status_code
        == 404
    )
