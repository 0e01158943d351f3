"""The organiser's delegations pages in the back office, through the pages: the partner
directory, the invitation letter, meeting documents, bilaterals and badges; who may open
them; errors beside the fields; nothing half-saved; constant queries on the list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from audit.models import LogEntry
from delegations import services
from delegations.enums import BatchStatus, BilateralStatus, InvitationStatus, Participation
from delegations.models import (
    BadgeBatch,
    Bilateral,
    DocumentVersion,
    EventPartner,
    MeetingDocument,
    Nominee,
    Partner,
)
from notifications.models import Message
from programmes.enums import MemberRole
from tests.factories.programmes import LegFactory, MembershipFactory, UserFactory, VenueFactory

from .conftest import person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _base(meeting) -> str:
    return f"/organise/events/{meeting.event.slug}/delegations/"


@pytest.fixture
def bilingual(meeting):
    meeting.event.working_languages = ["en", "fr"]
    meeting.event.save(update_fields=["working_languages"])
    return meeting


def test_only_the_events_organisers_open_the_pages(bilingual):
    meeting = bilingual
    base = _base(meeting)
    batch = BadgeBatch.objects.create(event=meeting.event)
    document = services.document_create(
        event=meeting.event, symbol="CMM8/1", title="Agenda", kind="working",
        visibility="public", by=meeting.organiser,
    )  # fmt: skip
    pages = [
        "partners/",
        f"partners/{meeting.first.partner_id}/",
        "letter/",
        "letter/preview.pdf?language=fr",
        "documents/",
        f"documents/{document.pk}/",
        "bilaterals/",
        "badges/",
        f"badges/jobs/{batch.pk}/",
    ]
    posts = ["partners/", "letter/", "letter/send/", "letter/remind/", "documents/",
             "bilaterals/schedule/", "badges/print/"]  # fmt: skip
    organiser = _client(meeting.organiser)
    for page in pages:
        assert organiser.get(base + page).status_code == 200, page
    reviewer = MembershipFactory(organisation=meeting.event.organisation, role=MemberRole.REVIEWER)
    outsiders = [_client(meeting.first_focal), _client(reviewer.user), _client(UserFactory())]
    for client in outsiders:
        for page in pages:
            assert client.get(base + page).status_code == 403, page
        for page in posts:
            assert client.post(base + page, {}).status_code == 403, page
    for page in pages:
        response = Client().get(base + page)
        assert response.status_code == 302 and "/login/" in response["Location"], page
    # The delegations page links every one of them.
    overview = organiser.get(base).content.decode()
    for page in ("partners/", "letter/", "documents/", "bilaterals/", "badges/"):
        assert f'href="{base}{page}"' in overview
    assert EventPartner.objects.get(pk=meeting.first.pk).reminders_sent == 0


def test_adding_a_partner_with_names_in_both_languages_and_inviting_it(bilingual):
    meeting = bilingual
    focal = UserFactory(email="Focal@Example.org")
    response = _client(meeting.organiser).post(
        _base(meeting) + "partners/",
        {
            "partner-key": "kr",
            "partner-kind": "country",
            "partner-country": "KR",
            "partner-official_name_en": "Republic of Korea",
            "partner-official_name_fr": "République de Corée",
            "partner-alphabetical_name_en": "Korea",
            "partner-alphabetical_name_fr": "Corée",
            # The directory form has no focal-point box: they are named on the partner's page.
            "partner-focal_points": "focal@example.org",
            "invite-now": "1",
            "invite-participation": Participation.OBSERVER,
            "invite-seats": "2",
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get(key="kr")
    assert (partner.official_name_en, partner.official_name_fr) == (
        "Republic of Korea",
        "République de Corée",
    )
    assert (partner.alphabetical_name_en, partner.alphabetical_name_fr) == ("Korea", "Corée")
    assert list(partner.focal_points.all()) == []
    # One path: the partner page's "Add the focal point" (services.focal_point_add), where an
    # address without a verified account becomes an invitation by mail.
    added = _client(meeting.organiser).post(
        _base(meeting) + f"partners/{partner.pk}/",
        {"form": "focal", "focal-name": "Kim Focal", "focal-email": focal.email},
    )
    assert added.status_code == 302
    assert partner.focal_point_invitations.get().email == "focal@example.org"
    assert partner.programme_id == meeting.event.programme_id
    delegation = EventPartner.objects.get(event=meeting.event, partner=partner)
    assert (delegation.participation, delegation.seats) == (Participation.OBSERVER, 2)
    assert LogEntry.objects.filter(action_type="delegations.partner.saved").exists()
    assert LogEntry.objects.filter(action_type="delegations.delegation.invited").count() == 3

    page = _client(meeting.organiser).get(_base(meeting) + "partners/").content.decode()
    assert "Republic of Korea" in page and "0 / 2" in page
    french = _client(meeting.organiser).get("/fr" + _base(meeting) + "partners/")
    assert "République de Corée" in french.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"partner-key": "bg"}, "key", "this key already"),
        ({"partner-official_name_en": ""}, "official_name_en", "required"),
        ({"invite-seats": "0"}, "seats", "greater than or equal to 1"),
        ({"partner-kind": "planet"}, "kind", "valid choice"),
    ],
)
def test_bad_partner_input_is_shown_beside_its_field_and_nothing_is_saved(
    bilingual, change, field, words
):
    meeting = bilingual
    data = {
        "partner-key": "kr",
        "partner-kind": "country",
        "partner-official_name_en": "Republic of Korea",
        "invite-now": "1",
        "invite-participation": Participation.MEMBER,
        "invite-seats": "3",
        **change,
    }
    before = (Partner.objects.count(), EventPartner.objects.count())
    response = _client(meeting.organiser).post(_base(meeting) + "partners/", data)
    assert response.status_code == 400
    form = response.context["invite" if field == "seats" else "form"]
    assert any(words in str(e) for e in form.errors[field]), form.errors
    assert words in response.content.decode()
    assert (Partner.objects.count(), EventPartner.objects.count()) == before


def test_editing_a_partner_and_its_allocation(bilingual):
    meeting = bilingual
    organiser = _client(meeting.organiser)
    url = _base(meeting) + f"partners/{meeting.first.partner_id}/"
    page = organiser.get(url)
    assert page.context["form"]["official_name_en"].value() == "Republic of Bulgaria"
    saved = organiser.post(
        url,
        {
            "form": "partner",
            "partner-kind": "country",
            "partner-country": "BG",
            "partner-official_name_en": "Republic of Bulgaria",
            "partner-official_name_fr": "République de Bulgarie",
            "partner-focal_points": meeting.second_focal.email,  # no such box: ignored
        },
    )
    assert saved.status_code == 302
    partner = Partner.objects.get(pk=meeting.first.partner_id)
    assert partner.official_name_fr == "République de Bulgarie" and partner.key == "bg"
    assert list(partner.focal_points.all()) == [meeting.first_focal]
    entry = LogEntry.objects.filter(action_type="delegations.partner.saved").latest("pk")
    assert entry.data["changes"]["official_name_fr"]["after"] == "République de Bulgarie"

    for n in range(2):
        services.nominee_nominate(delegation=meeting.first, data=person(n), by=meeting.organiser)
    refused = organiser.post(
        url, {"form": "invite", "invite-participation": "member", "invite-seats": "1"}
    )
    assert refused.status_code == 409
    assert "already named more people" in refused.content.decode()
    assert EventPartner.objects.get(pk=meeting.first.pk).seats == 3
    moved = organiser.post(
        url, {"form": "invite", "invite-participation": "observer", "invite-seats": "4"}
    )
    assert moved.status_code == 302
    assert EventPartner.objects.get(pk=meeting.first.pk).seats == 4


def test_the_partner_directory_takes_the_same_queries_for_2_and_20_partners(bilingual):
    meeting = bilingual
    organiser = _client(meeting.organiser)
    url = _base(meeting) + "partners/"
    organiser.get(url)
    with CaptureQueriesContext(connection) as two:
        assert len(organiser.get(url).context["rows"]) == 2
    for n in range(18):
        partner = services.partner_save(
            organisation=meeting.event.organisation,
            key=f"x{n}",
            data={"kind": "country", "official_name": f"Extra {n}"},
            focal_points=[UserFactory(), UserFactory()],
        )
        if n % 2:
            services.delegation_invite(
                event=meeting.event, partner=partner, participation=Participation.OBSERVER
            )
    with CaptureQueriesContext(connection) as twenty:
        assert len(organiser.get(url).context["rows"]) == 20
    assert len(twenty) == len(two), [q["sql"] for q in twenty.captured_queries]


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_letter_in_each_language_with_its_preview_sending_and_reminding(bilingual):
    meeting = bilingual
    organiser = _client(meeting.organiser)
    url = _base(meeting) + "letter/"
    saved = organiser.post(
        url,
        {
            "meeting_language": "fr",
            "reminder_days": "5",
            "letter_subject_en": "Invitation to {event_title}",
            "letter_subject_fr": "Invitation à {event_title}",
            "letter_template_en": "Dear {partner_name}, please come.",
            "letter_template_fr": "Chère {partner_name}, venez.",
        },
    )
    assert saved.status_code == 302
    config = services.settings_for(type(meeting.event).objects.get(pk=meeting.event.pk))
    assert (config.meeting_language, config.reminder_days) == ("fr", 5)
    assert config.letter_template_fr == "Chère {partner_name}, venez."
    assert LogEntry.objects.filter(action_type="delegations.settings.changed").count() == 2

    page = organiser.get(url).content.decode()
    second = meeting.second.pk
    assert (
        f'href="{url}preview.pdf?language=fr&amp;delegation={second}">'
        "French: the letter to Kingdom of Thailand (PDF)" in page
    )
    french = organiser.get(url + "preview.pdf?language=fr")
    assert french["Content-Type"] == "application/pdf"
    assert "Chère Republic of Bulgaria, venez." in _text(french.content)
    english = organiser.get(url + "preview.pdf?language=en")
    assert "Dear Republic of Bulgaria, please come." in _text(english.content)
    assert organiser.get(url + "preview.pdf?language=xx").status_code == 404
    assert organiser.get(url + "preview.pdf?language=fr&delegation=abc").status_code == 404

    bad = organiser.post(url, {"meeting_language": "de", "reminder_days": "0"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"meeting_language", "reminder_days"}

    # A partner added later is invited by the button; the others are not invited twice.
    partner = services.partner_save(
        organisation=meeting.event.organisation,
        key="np",
        data={"kind": "country", "official_name": "Nepal"},
        focal_points=[UserFactory()],
    )
    late = services.delegation_invite(
        event=meeting.event, partner=partner, participation=Participation.OBSERVER
    )
    invitations = Message.objects.filter(template="delegation_invitation")
    sent_before = invitations.count()
    assert organiser.post(url + "send/").status_code == 302
    late.refresh_from_db()
    assert late.invitation_status == InvitationStatus.INVITED
    assert invitations.count() == sent_before + 1

    services.invitation_answer(
        delegation=meeting.first, answer=InvitationStatus.ACKNOWLEDGED, by=meeting.first_focal
    )
    reminders = Message.objects.filter(template="delegation_reminder")
    for _ in range(4):  # at most three reminders each
        assert organiser.post(url + "remind/").status_code == 302
    assert reminders.filter(recipient=meeting.first_focal).count() == 0
    assert reminders.filter(recipient=meeting.second_focal).count() == 3
    # Each carries the focal point's own signed link, as the scan's reminders do.
    assert all(
        "/delegations/invitation/" in m.context["link"]
        for m in reminders.filter(recipient=meeting.second_focal)
    )
    assert EventPartner.objects.get(pk=meeting.second.pk).reminders_sent == 3
    assert LogEntry.objects.filter(action_type="delegations.invitation.reminded").count() == 6
    # The periodic scan does not repeat them.
    assert services.invitation_reminders_send(now=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)) == 0


def test_publishing_documents_and_versions_tells_their_readers(bilingual):
    meeting = bilingual
    delegate = services.nominee_accredit(
        nominee=services.nominee_nominate(
            delegation=meeting.first, data=person(1), by=meeting.first_focal
        ),
        by=meeting.organiser,
    )
    organiser = _client(meeting.organiser)
    url = _base(meeting) + "documents/"
    made = organiser.post(
        url,
        {
            "symbol": "CMM8/INF.1",
            "title_en": "Provisional agenda",
            "kind": "working",
            "visibility": "accredited",
            "language": "en",
            "file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf"),
        },
    )
    assert made.status_code == 302
    document = MeetingDocument.objects.get(symbol="CMM8/INF.1")
    assert document.visibility == "accredited"
    told = Message.objects.filter(template="meeting_document")
    assert set(told.values_list("recipient_id", flat=True)) == {
        delegate.user_id,
        meeting.first_focal.pk,
        meeting.second_focal.pk,
    }
    page = organiser.get(url).content.decode()
    assert "CMM8/INF.1" in page and "v1 en" in page

    again = organiser.post(
        url,
        {
            "symbol": "CMM8/INF.1",
            "title_en": "Twice",
            "kind": "working",
            "visibility": "public",
            "language": "en",
            "file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf"),
        },
    )
    assert again.status_code == 409
    assert again.context["form"].errors["symbol"]
    bad_file = organiser.post(
        url,
        {
            "symbol": "CMM8/INF.2",
            "title_en": "Not a document",
            "kind": "working",
            "visibility": "public",
            "language": "fr",
            "file": SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 10, "application/x-msdos"),
        },
    )
    assert bad_file.status_code == 400 and bad_file.context["form"].errors
    assert not MeetingDocument.objects.filter(symbol="CMM8/INF.2").exists()

    detail = _base(meeting) + f"documents/{document.pk}/"
    french = organiser.post(
        detail,
        {"language": "fr", "file": SimpleUploadedFile("ordre.pdf", PDF, "application/pdf")},
    )
    assert french.status_code == 302
    second = organiser.post(
        detail,
        {
            "language": "en",
            "new_version": "on",
            "file": SimpleUploadedFile("agenda-2.pdf", PDF, "application/pdf"),
        },
    )
    assert second.status_code == 302
    versions = set(
        DocumentVersion.objects.filter(document=document).values_list("number", "language")
    )
    assert versions == {(1, "en"), (1, "fr"), (2, "en")}
    assert told.count() == 6  # version 1 and version 2, three readers each
    assert organiser.post(detail, {"language": "de"}).status_code == 400
    assert "ordre.pdf" in organiser.get(detail).content.decode()

    # Narrowed to the organisers: the delegate's guessed link stops working, nobody is told.
    file_url = f"/api/v1/meeting-documents/{document.pk}/versions/"
    version = DocumentVersion.objects.get(document=document, number=2, language="en")
    assert _client(delegate.user).get(f"{file_url}{version.pk}/file/").status_code == 200
    changed = organiser.post(
        detail,
        {
            "form": "change",
            "change-title_en": "Agenda",
            "change-title_fr": "Ordre du jour",
            "change-kind": "working",
            "change-visibility": "organisers",
        },
    )
    assert changed.status_code == 302
    document.refresh_from_db()
    assert (document.title_en, document.title_fr, document.visibility) == (
        "Agenda",
        "Ordre du jour",
        "organisers",
    )
    with translation.override("fr"):
        french_page = organiser.get(
            reverse("delegations:organise-documents", args=[meeting.event.slug])
        )
    assert "<td>Ordre du jour</td>" in french_page.content.decode()
    # The title of a new document in English only is marked untranslated on its page.
    assert "content-languages__badge" not in organiser.get(detail).content.decode()
    assert _client(delegate.user).get(f"{file_url}{version.pk}/file/").status_code == 404
    assert told.count() == 6
    entry = LogEntry.objects.get(action_type="delegations.document.changed")
    assert entry.data["changes"]["visibility"] == {"before": "accredited", "after": "organisers"}
    bad = organiser.post(
        detail,
        {
            "form": "change",
            "change-title_fr": "Sans titre",
            "change-kind": "x",
            "change-visibility": "y",
        },
    )
    assert bad.status_code == 400
    assert set(bad.context["change"].errors) == {"title_en", "kind", "visibility"}
    assert 'data-language="fr"' in bad.content.decode()
    document.refresh_from_db()
    assert document.title_fr == "Ordre du jour"


def test_scheduling_the_accepted_bilaterals_from_the_page(bilingual):
    meeting = bilingual
    event = meeting.event
    room = VenueFactory(organisation=event.organisation, capacity=12, name="Salon Rila")
    LegFactory(event=event, city=room.city, start_date=event.start_date, end_date=event.end_date)
    bilateral = services.bilateral_request(
        requester=meeting.first, counterpart=meeting.second, by=meeting.first_focal
    )
    organiser = _client(meeting.organiser)
    url = _base(meeting) + "bilaterals/"
    assert "Requested" in organiser.get(url).content.decode()
    services.bilateral_answer(bilateral=bilateral, accept=True, by=meeting.second_focal)
    response = organiser.post(url + "schedule/", follow=True)
    assert response.status_code == 200
    bilateral.refresh_from_db()
    assert bilateral.status == BilateralStatus.ACCEPTED and bilateral.venue.name == "Salon Rila"
    page = response.content.decode()
    start = bilateral.starts_at.astimezone(event.zone).strftime("%H:%M")
    assert "1 bilateral meetings placed." in page
    assert "Salon Rila" in page and start in page
    assert LogEntry.objects.filter(action_type="delegations.bilateral.scheduled").count() == 1
    assert Bilateral.objects.filter(event=event).count() == 1


def test_printing_every_badge_with_its_progress_and_one_badge(
    bilingual, eager_celery, django_capture_on_commit_callbacks
):
    meeting = bilingual
    people = [
        services.nominee_accredit(
            nominee=services.nominee_nominate(
                delegation=meeting.first, data=person(n), by=meeting.first_focal
            ),
            by=meeting.organiser,
        )
        for n in range(2)
    ]
    organiser = _client(meeting.organiser)
    url = _base(meeting) + "badges/"
    running = BadgeBatch.objects.create(
        event=meeting.event, status=BatchStatus.RUNNING, done=10, total=40
    )
    fragment = organiser.get(url + f"jobs/{running.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and 'value="25"' in fragment
    page = organiser.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "htmx.min.js" in page and "//cdn" not in page

    with django_capture_on_commit_callbacks(execute=True):
        started = organiser.post(url + "print/", {"format": "a6"})
    assert started.status_code == 302
    batch = BadgeBatch.objects.latest("pk")
    assert (batch.status, batch.total, batch.format) == (BatchStatus.DONE, 2, "a6")
    done = organiser.get(url + f"jobs/{batch.pk}/").content.decode()
    assert "hx-trigger" not in done and f"/api/v1/badge-batches/{batch.pk}/file/" in done
    assert f"/api/v1/nominees/{people[0].pk}/badge.pdf" in organiser.get(url).content.decode()
    single = organiser.get(f"/api/v1/nominees/{people[0].pk}/badge.pdf")
    assert single["Content-Type"] == "application/pdf"
    assert "Delegate 0" in _text(single.content)

    bad = organiser.post(url + "print/", {"format": "poster"})
    assert bad.status_code == 400 and list(bad.context["form"].errors) == ["format"]
    assert BadgeBatch.objects.count() == 2
    assert Nominee.objects.filter(status="accredited").count() == 2


def test_documents_bilaterals_and_badges_pages_take_the_same_queries_for_more_rows(bilingual):
    meeting = bilingual
    event, organiser = meeting.event, _client(meeting.organiser)
    room = VenueFactory(organisation=event.organisation, capacity=12)
    pages = {"documents/": "documents", "bilaterals/": "requests", "badges/": "people"}
    extra = []
    for n in range(8):
        partner = services.partner_save(
            organisation=event.organisation,
            key=f"q{n}",
            data={"kind": "country", "official_name": f"Partner {n}"},
        )
        extra.append(
            services.delegation_invite(
                event=event, partner=partner, participation=Participation.MEMBER
            )
        )
    services.invitations_send(event=event, by=meeting.organiser)

    def add(n: int) -> None:
        document = services.document_create(
            event=event, symbol=f"D/{n}", title=f"Doc {n}", kind="working",
            visibility="public", by=meeting.organiser,
        )  # fmt: skip
        for language in ("en", "fr"):
            DocumentVersion.objects.create(
                document=document, number=1, language=language, storage_name=f"x/{n}{language}",
                original_name="d.pdf", content_type="application/pdf", size=10,
            )  # fmt: skip
        start = dt.datetime.combine(event.start_date, dt.time(9 + n), tzinfo=event.zone)
        Bilateral.objects.create(
            event=event, requester=meeting.first, counterpart=extra[n],
            status=BilateralStatus.ACCEPTED, starts_at=start,
            ends_at=start + dt.timedelta(minutes=30), venue=room,
        )  # fmt: skip
        services.nominee_accredit(
            nominee=services.nominee_nominate(
                delegation=extra[n], data=person(n), by=meeting.organiser
            ),
            by=meeting.organiser,
        )

    add(0)
    for path in pages:
        organiser.get(_base(meeting) + path)
    counts = {}
    for path, name in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert len(list(organiser.get(_base(meeting) + path).context[name])) == 1
        counts[path] = len(queries)
    for n in range(1, 8):
        add(n)
    for path, name in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert len(list(organiser.get(_base(meeting) + path).context[name])) == 8
        assert len(queries) == counts[path], path
