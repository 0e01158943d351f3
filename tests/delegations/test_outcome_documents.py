"""Outcome documents (chair's statement, conclusions) on the public event page once the
meeting is over (delegations/_outcome_documents.html, fed by
delegations.selectors.public_outcome_documents): not before its last day has ended in the
event's zone, then listed with their files' links; a restricted outcome document or a
public working document never."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from delegations.enums import DocumentKind, Visibility

from .conftest import client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _publish(organiser, event, symbol, title, kind, visibility, language="en") -> dict:
    body = organiser.post(
        f"/api/v1/events/{event.slug}/meeting-documents/",
        {"symbol": symbol, "title": title, "kind": kind, "visibility": visibility},
        format="json",
    ).json()
    for lang in language.split(","):
        upload = organiser.post(
            f"/api/v1/meeting-documents/{body['id']}/versions/",
            {
                "file": SimpleUploadedFile("doc.pdf", PDF, "application/pdf"),
                "language": lang,
                "new_version": "false" if lang != language.split(",")[0] else "true",
            },
            format="multipart",
        )
        assert upload.status_code == 201, upload.json()
    return upload.json()


def test_outcome_documents_show_on_the_public_page_only_after_the_meeting(meeting):
    event = meeting.event
    organiser = client_for(meeting.organiser)
    zone_end = dt.datetime.combine(event.end_date + dt.timedelta(days=1), dt.time(), event.zone)
    with time_machine.travel(zone_end - dt.timedelta(days=3), tick=False):
        statement = _publish(
            organiser,
            event,
            "CMM8/3",
            "Chair's statement",
            DocumentKind.OUTCOME,
            Visibility.PUBLIC,
            "en,fr",
        )
        _publish(
            organiser,
            event,
            "CMM8/4",
            "Draft conclusions",
            DocumentKind.OUTCOME,
            Visibility.FOCAL_POINTS,
        )
        _publish(
            organiser,
            event,
            "CMM8/INF.1",
            "Logistics note",
            DocumentKind.INFORMATION,
            Visibility.PUBLIC,
        )

    page = f"/events/{event.slug}/"
    # During the meeting and in its last minute: not on the page.
    for moment in (zone_end - dt.timedelta(days=1), zone_end - dt.timedelta(minutes=1)):
        with time_machine.travel(moment, tick=False):
            html = Client().get(page).content.decode()
            assert 'id="outcome-documents"' not in html
            assert "Chair&#x27;s statement" not in html and "Chair's statement" not in html

    with time_machine.travel(zone_end + dt.timedelta(minutes=1), tick=False):
        response = Client().get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="outcome-documents"' in html
        assert "CMM8/3" in html
        for version in statement["versions"]:
            link = f"/api/v1/meeting-documents/{statement['id']}/versions/{version['id']}/file/"
            assert link in html
            assert Client().get(link).status_code == 200  # served to anyone now
        # The restricted outcome document and the working documents: never here.
        assert "Draft conclusions" not in html and "CMM8/4" not in html
        assert "Logistics note" not in html
        # Signed-in visitors see the same list.
        signed_in = Client()
        signed_in.force_login(meeting.second_focal)
        html = signed_in.get(page).content.decode()
        assert "CMM8/3" in html and "CMM8/4" not in html
