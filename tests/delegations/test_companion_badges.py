"""Accompanying persons get a printed badge after their delegate's: marked as such,
without a QR code (no pass, no seat)."""

import io

from pypdf import PdfReader

from delegations import services
from delegations.models import Nominee
from logistics import services as logistics
from logistics.enums import CompanionRole

from .conftest import client_for, person


def test_the_badge_job_prints_a_badge_for_each_companion_after_their_delegate(
    meeting, eager_celery, django_capture_on_commit_callbacks
):
    focal, organiser = client_for(meeting.first_focal), client_for(meeting.organiser)
    nominees = []
    for n in range(2):
        created = focal.post(
            f"/api/v1/delegations/{meeting.first.pk}/nominees/", person(n), format="json"
        ).json()
        nominee = Nominee.objects.get(pk=created["id"])
        services.nominee_accredit(nominee=nominee, by=meeting.organiser)
        nominees.append(Nominee.objects.get(pk=nominee.pk))
    logistics.companion_add(
        application=nominees[0].application,
        name="Elena Petrova",
        role=CompanionRole.ACCOMPANYING,
        by=meeting.organiser,
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = organiser.post(
            f"/api/v1/events/{meeting.event.slug}/badge-batches/", {"format": "a6"}, format="json"
        )
    state = organiser.get(f"/api/v1/badge-batches/{batch.json()['id']}/").json()
    assert (state["status"], state["done"], state["total"]) == ("done", 3, 3)
    pdf = organiser.get(f"/api/v1/badge-batches/{batch.json()['id']}/file/")
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 3
    first, second = nominees[0].full_name, nominees[1].full_name
    order = [next(i for i, t in enumerate(texts) if name in t) for name in (first, second)]
    companion_page = texts[order[0] + 1]
    assert "Elena Petrova" in companion_page
    assert "ACCOMPANYING PERSON" in companion_page
    assert f"Accompanies {first} · no seat" in companion_page
    assert "Republic of Bulgaria" in companion_page
    # Delegates' badges carry their pass codes; the companion's none.
    assert len(reader.metadata["/Keywords"].split()) == 2
