import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from delegations import services
from delegations.enums import DocumentKind, Visibility
from delegations.models import Nominee
from notifications.models import Message
from tests.factories.programmes import UserFactory

from .conftest import client_for, person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def documents(meeting):
    focal = client_for(meeting.first_focal)
    nominee = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/", person(1), format="json"
    ).json()
    delegate = services.nominee_accredit(
        nominee=Nominee.objects.get(pk=nominee["id"]), by=meeting.organiser
    )
    organiser = client_for(meeting.organiser)
    made = {}
    for visibility in Visibility.values:
        body = organiser.post(
            f"/api/v1/events/{meeting.event.slug}/meeting-documents/",
            {"symbol": f"CMM8/{visibility}", "title": visibility, "visibility": visibility},
            format="json",
        ).json()
        upload = organiser.post(
            f"/api/v1/meeting-documents/{body['id']}/versions/",
            {"file": SimpleUploadedFile("doc.pdf", PDF, "application/pdf"), "language": "en"},
            format="multipart",
        )
        assert upload.status_code == 201, upload.json()
        made[visibility] = upload.json()
    return meeting, delegate.user, made


def _url(doc):
    return f"/api/v1/meeting-documents/{doc['id']}/versions/{doc['versions'][0]['id']}/file/"


def test_each_document_is_served_only_within_its_visibility(documents):
    meeting, delegate, made = documents
    readers = {
        "anonymous": APIClient(),
        "stranger": client_for(UserFactory()),
        "delegate": client_for(delegate),
        "focal": client_for(meeting.second_focal),
        "organiser": client_for(meeting.organiser),
    }
    expected = {
        Visibility.PUBLIC: {"anonymous", "stranger", "delegate", "focal", "organiser"},
        Visibility.ACCREDITED: {"delegate", "focal", "organiser"},
        Visibility.FOCAL_POINTS: {"focal", "organiser"},
        Visibility.ORGANISERS: {"organiser"},
    }
    for visibility, doc in made.items():
        for who, client in readers.items():
            status = client.get(_url(doc)).status_code
            assert status == (200 if who in expected[visibility] else 404), (visibility, who)
    # A guessed version id under another document's address is the same 404.
    public, secret = made[Visibility.PUBLIC], made[Visibility.ORGANISERS]
    guessed = (
        f"/api/v1/meeting-documents/{public['id']}/versions/{secret['versions'][0]['id']}/file/"
    )
    assert readers["anonymous"].get(guessed).status_code == 404
    # The list shows each reader only what they may read.
    listed = readers["focal"].get(f"/api/v1/events/{meeting.event.slug}/meeting-documents/")
    assert {d["visibility"] for d in listed.json()} == {"public", "accredited", "focal_points"}


def test_new_version_tells_those_who_can_see_it(documents):
    meeting, delegate, _made = documents
    told = {m.context["symbol"]: set() for m in Message.objects.filter(kind="meeting_document")}
    for message in Message.objects.filter(kind="meeting_document"):
        told[message.context["symbol"]].add(message.recipient_id)
    focal_points = {meeting.first_focal.pk, meeting.second_focal.pk}
    assert told["CMM8/accredited"] == focal_points | {delegate.pk}
    assert told["CMM8/focal_points"] == focal_points
    assert "CMM8/organisers" not in told


def test_outcome_document_is_public_only_after_the_meeting(meeting):
    document = services.document_create(
        event=meeting.event,
        symbol="CMM8/OUT.1",
        title="Chair's statement",
        kind=DocumentKind.OUTCOME,
        visibility=Visibility.PUBLIC,
        by=meeting.organiser,
    )
    assert not services.document_visible_to(None, document)
    after = dt.datetime.combine(
        meeting.event.end_date + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC
    )
    with time_machine.travel(after):
        assert services.document_visible_to(None, document)
