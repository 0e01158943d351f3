"""The focal point's delegation page: replace and withdraw nominees, ask for and answer
bilaterals; after the cut-off only organisers see and use the forms. Isolation: the other
delegation's focal point gets no 200 from any page or API address of this delegation, a
delegate-only user sees no delegation, and documents for focal points reach only focal
points of invited delegations that have not declined."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from delegations import services
from delegations.enums import Participation, PartnerKind, Visibility
from delegations.models import Bilateral, MeetingDocument, Nominee
from delegations.services.documents import readers
from tests.factories.programmes import UserFactory

from .conftest import client_for, person

UTC = dt.UTC
BEFORE = dt.datetime(2029, 6, 1, 12, tzinfo=UTC)
CUTOFF = dt.datetime(2029, 7, 1, 12, tzinfo=UTC)
AFTER = dt.datetime(2029, 7, 2, 12, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_focal_point_replaces_withdraws_and_asks_for_bilaterals_on_the_page(meeting):
    with time_machine.travel(BEFORE, tick=False):
        services.delegation_settings_update(
            event=meeting.event, data={"nomination_cutoff": CUTOFF}, by=meeting.organiser
        )
        head = services.nominee_nominate(
            delegation=meeting.first, data=person(1, is_head=True), by=meeting.first_focal
        )
        other = services.nominee_nominate(
            delegation=meeting.first, data=person(2), by=meeting.first_focal
        )
        focal = _page(meeting.first_focal)
        page = focal.get(f"/delegations/{meeting.first.pk}/").content.decode()
        assert f"/delegations/nominees/{head.pk}/replace/" in page
        assert f"/delegations/nominees/{other.pk}/withdraw/" in page

        replaced = focal.post(
            f"/delegations/nominees/{head.pk}/replace/",
            {
                f"replace-{head.pk}-full_name": "New Head",
                f"replace-{head.pk}-email": "newhead@example.org",
            },
        )
        assert replaced.status_code == 302
        head.refresh_from_db()
        new = Nominee.objects.get(replaces=head)
        assert head.status == "replaced" and new.full_name == "New Head" and new.is_head
        bad = focal.post(
            f"/delegations/nominees/{new.pk}/replace/", {f"replace-{new.pk}-full_name": "X"}
        )
        assert bad.status_code == 400 and Nominee.objects.filter(replaces=new).count() == 0
        assert "Email: This field is required." in bad.content.decode()

        assert focal.post(f"/delegations/nominees/{other.pk}/withdraw/").status_code == 302
        other.refresh_from_db()
        assert other.status == "withdrawn"

        asked = focal.post(
            f"/delegations/{meeting.first.pk}/bilaterals/",
            {
                "bilateral-counterpart": str(meeting.second.pk),
                "bilateral-duration_minutes": "45",
                "bilateral-note": "Tuesday morning",
            },
        )
        assert asked.status_code == 302
        bilateral = Bilateral.objects.get(requester=meeting.first)
        assert (bilateral.counterpart_id, bilateral.duration_minutes) == (meeting.second.pk, 45)
        assert bilateral.note == "Tuesday morning"
        # The requester cannot answer its own request; the counterpart can.
        answer = f"/delegations/bilaterals/{bilateral.pk}/answer/"
        assert focal.post(answer, {"accept": "1"}).status_code == 404
        theirs = _page(meeting.second_focal)
        assert answer in theirs.get(f"/delegations/{meeting.second.pk}/").content.decode()
        assert theirs.post(answer, {"accept": "1"}).status_code == 302
        bilateral.refresh_from_db()
        assert bilateral.status == "accepted"

    with time_machine.travel(AFTER, tick=False):
        page = focal.get(f"/delegations/{meeting.first.pk}/").content.decode()
        assert f"/delegations/nominees/{new.pk}/replace/" not in page
        assert "Nominations have closed" in page
        late = focal.post(f"/delegations/nominees/{new.pk}/withdraw/")
        assert late.status_code == 409 and "Nominations have closed" in late.content.decode()
        late = focal.post(
            f"/delegations/nominees/{new.pk}/replace/",
            {f"replace-{new.pk}-full_name": "Late", f"replace-{new.pk}-email": "l@example.org"},
        )
        assert late.status_code == 409
        new.refresh_from_db()
        assert new.status == "nominated" and not Nominee.objects.filter(replaces=new).exists()
        # The organiser still sees and uses the forms.
        organiser = _page(meeting.organiser)
        page = organiser.get(f"/delegations/{meeting.first.pk}/").content.decode()
        assert f"/delegations/nominees/{new.pk}/replace/" in page
        assert organiser.post(f"/delegations/nominees/{new.pk}/withdraw/").status_code == 302
        new.refresh_from_db()
        assert new.status == "withdrawn"


def test_the_other_focal_point_gets_nothing_of_this_delegation(meeting):
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1, is_head=True), by=meeting.first_focal
    )
    services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    nominee.refresh_from_db()
    bilateral = services.bilateral_request(
        requester=meeting.second, counterpart=meeting.first, by=meeting.second_focal
    )
    d, n = meeting.first.pk, nominee.pk
    page, api = _page(meeting.second_focal), client_for(meeting.second_focal)
    gets = [
        f"/delegations/{d}/",
        f"/delegations/{d}/letter.pdf",
        f"/delegations/{d}/bilaterals.ics",
        f"/delegations/nominees/{n}/photo/",
    ]
    posts = {
        f"/delegations/{d}/": {"nominee-full_name": "X", "nominee-email": "x@example.org"},
        f"/delegations/{d}/answer/": {"answer": "declined"},
        f"/delegations/{d}/seats/": {"seats-seats": "2"},
        f"/delegations/{d}/bilaterals/": {"bilateral-counterpart": str(meeting.second.pk)},
        f"/delegations/nominees/{n}/replace/": {
            f"replace-{n}-full_name": "X",
            f"replace-{n}-email": "x@example.org",
        },
        f"/delegations/nominees/{n}/withdraw/": {},
        f"/delegations/nominees/{n}/photo/upload/": {},
        f"/delegations/bilaterals/{bilateral.pk}/answer/": {"accept": "1"},
    }
    for url in gets:
        assert page.get(url).status_code in (403, 404), url
        assert page.post(url).status_code in (403, 404, 405), url
    for url, data in posts.items():
        assert page.post(url, data).status_code in (403, 404), url
    api_gets = [
        f"/api/v1/delegations/{d}/",
        f"/api/v1/delegations/{d}/letter.pdf",
        f"/api/v1/delegations/{d}/bilaterals/",
        f"/api/v1/nominees/{n}/photo/",
        f"/api/v1/nominees/{n}/badge.pdf",
    ]
    api_posts = {
        f"/api/v1/delegations/{d}/answer/": {"answer": "declined"},
        f"/api/v1/delegations/{d}/nominees/": person(9),
        f"/api/v1/delegations/{d}/seat-requests/": {"seats": 2},
        f"/api/v1/delegations/{d}/bilaterals/": {"counterpart": meeting.second.pk},
        f"/api/v1/nominees/{n}/substitute/": person(8),
        f"/api/v1/nominees/{n}/withdraw/": {},
        f"/api/v1/nominees/{n}/accredit/": {},
        f"/api/v1/nominees/{n}/refuse/": {"reason": "x"},
        f"/api/v1/bilaterals/{bilateral.pk}/answer/": {"approve": True},
        f"/api/v1/events/{meeting.event.slug}/delegation-settings/": {},
    }
    for url in api_gets:
        assert api.get(url).status_code in (403, 404), url
    for url, data in api_posts.items():
        assert api.post(url, data, format="json").status_code in (403, 404, 405), url
    assert api.get("/api/v1/me/delegations/").json()[0]["id"] == meeting.second.pk
    # Nothing changed.
    nominee.refresh_from_db()
    meeting.first.refresh_from_db()
    bilateral.refresh_from_db()
    assert nominee.status == "accredited" and meeting.first.invitation_status == "invited"
    assert bilateral.status == "requested"
    assert Nominee.objects.filter(delegation=meeting.first).count() == 1

    # A delegate who is no focal point sees no delegation page and no delegations.
    assert nominee.user_id is not None
    assert _page(nominee.user).get(f"/delegations/{d}/").status_code == 404
    assert client_for(nominee.user).get("/api/v1/me/delegations/").json() == []


def test_documents_for_focal_points_need_an_invitation_not_declined(meeting):
    organiser = client_for(meeting.organiser)
    doc = organiser.post(
        f"/api/v1/events/{meeting.event.slug}/meeting-documents/",
        {"symbol": "CMM8/FP.1", "title": "Note", "visibility": Visibility.FOCAL_POINTS},
        format="json",
    ).json()
    version = organiser.post(
        f"/api/v1/meeting-documents/{doc['id']}/versions/",
        {"file": SimpleUploadedFile("doc.pdf", PDF, "application/pdf"), "language": "en"},
        format="multipart",
    ).json()
    url = f"/api/v1/meeting-documents/{doc['id']}/versions/{version['versions'][0]['id']}/file/"
    services.invitation_answer(
        delegation=meeting.second, answer="declined", by=meeting.second_focal
    )
    uninvited_focal = UserFactory()
    partner = services.partner_save(
        organisation=meeting.event.organisation,
        key="np",
        data={"kind": PartnerKind.COUNTRY, "official_name": "Nepal", "country": "NP"},
        focal_points=[uninvited_focal],
        by=meeting.organiser,
    )
    services.delegation_invite(
        event=meeting.event,
        partner=partner,
        participation=Participation.OBSERVER,
        by=meeting.organiser,
    )  # the invitation is not sent
    assert client_for(meeting.first_focal).get(url).status_code == 200
    for user in (meeting.second_focal, uninvited_focal):
        assert client_for(user).get(url).status_code == 404
    told = set(readers(MeetingDocument.objects.get(pk=doc["id"])))
    assert meeting.first_focal in told
    assert not told & {meeting.second_focal, uninvited_focal}
