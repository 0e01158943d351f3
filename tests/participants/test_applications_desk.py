"""The applications desk through its pages: filters (status, country, gender, age,
score, reviewer, consent, name), sort, saved views, constant queries for 10 and 1,000
applications, bulk actions with their preview (assign, decide, waiting list, message),
the application's page (answers, documents inline, notes, history, a minor's view
logged) and who may use it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import LogEntry
from notifications.enums import Segment
from notifications.models import Broadcast, Message
from participants import services
from participants.enums import ApplicationStatus as S
from participants.enums import Gender
from participants.models import Application, ApplicationNote, SavedApplicationView
from programmes.enums import MemberRole
from review.models import Review, ReviewAssignment
from tests.factories import clock
from tests.factories.participants import (
    AnswerFactory,
    ApplicationFactory,
    GuardianConsentFactory,
    ProfileFactory,
)
from tests.factories.programmes import MembershipFactory, UserFactory
from tests.pages import browser
from tests.participants._pages import pdf_bytes


@pytest.fixture
def organiser(organisation):
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    client = browser(user)
    client.user = user
    return client


@pytest.fixture
def reviewer(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user


def desk(event) -> str:
    return reverse("applications-desk", args=[event.slug])


def _scored(application, reviewer, score):
    assignment = ReviewAssignment.objects.create(
        application=application, reviewer=reviewer, source="manual"
    )
    Review.objects.create(
        assignment=assignment,
        application=application,
        reviewer=reviewer,
        weighted_score=score,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def people(event, reviewer):
    def app(name, **kwargs):
        # No random account names: the search (q=dewi) reads them too.
        profile = ProfileFactory(full_name=name, user__first_name="", user__last_name="")
        return ApplicationFactory(event=event, applicant=profile.user, **kwargs)

    mai = app("Tran Thi Mai", country="VN", status=S.UNDER_REVIEW)
    dewi = app("Dewi Lestari", country="ID", status=S.SUBMITTED, gender=Gender.FEMALE)
    somchai = app("Somchai Dee", country="TH", status=S.UNDER_REVIEW, gender=Gender.MALE)
    minor = app(
        "Nguyen Van Nam",
        country="VN",
        status=S.SUBMITTED,
        is_minor=True,
        date_of_birth=clock.birthday(age=16, in_days=10),
        guardian_name="Nguyen Van Ba",
        guardian_email="ba@example.org",
        guardian_relation="father",
    )
    GuardianConsentFactory(application=minor, consented_at=timezone.now())
    app("Draft Person", status=S.DRAFT)  # never on the desk
    _scored(mai, reviewer, 8.5)
    _scored(somchai, reviewer, 4.0)
    return {"mai": mai, "dewi": dewi, "somchai": somchai, "minor": minor}


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/organise/events/[^"]+/applications/\d+/">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Tran Thi Mai", "Dewi Lestari", "Somchai Dee", "Nguyen Van Nam"]),
        ("status=under_review", ["Tran Thi Mai", "Somchai Dee"]),
        ("country=vn", ["Tran Thi Mai", "Nguyen Van Nam"]),
        ("gender=male", ["Somchai Dee"]),
        ("age_max=17", ["Nguyen Van Nam"]),
        ("score_min=5", ["Tran Thi Mai"]),
        ("consent=given", ["Nguyen Van Nam"]),
        ("consent=not_needed&country=VN", ["Tran Thi Mai"]),
        ("q=dewi", ["Dewi Lestari"]),
        ("sort=-score", ["Tran Thi Mai", "Somchai Dee", "Dewi Lestari", "Nguyen Van Nam"]),
        ("sort=name", ["Dewi Lestari", "Nguyen Van Nam", "Somchai Dee", "Tran Thi Mai"]),
    ],
)
def test_filters_and_sort(event, people, organiser, query, expected):
    response = organiser.get(f"{desk(event)}?{query}")
    assert response.status_code == 200
    names = _names(response.content.decode())
    assert names == expected if "sort" in query else sorted(names) == sorted(expected)


def test_reviewer_filter_and_a_refused_value(event, people, organiser, reviewer):
    html = organiser.get(f"{desk(event)}?reviewer={reviewer.pk}").content.decode()
    assert sorted(_names(html)) == ["Somchai Dee", "Tran Thi Mai"]
    refused = organiser.get(f"{desk(event)}?status=sleeping")
    assert refused.status_code == 400
    assert "Unknown status." in refused.content.decode()


def test_saved_views_are_per_user(event, people, organiser, organisation):
    response = organiser.post(
        reverse("applications-desk-view-save", args=[event.slug]),
        {"name": "Viet Nam", "query": "country=VN&sort=name"},
    )
    assert response.status_code == 302
    html = organiser.get(desk(event)).content.decode()
    assert '<a href="?country=VN&amp;sort=name">Viet Nam</a>' in html
    other = browser(MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user)
    assert "Viet Nam</a>" not in other.get(desk(event)).content.decode()
    saved = SavedApplicationView.objects.get()
    other.post(reverse("applications-desk-view-delete", args=[event.slug, saved.pk]))
    assert SavedApplicationView.objects.exists()  # not theirs to remove
    organiser.post(reverse("applications-desk-view-delete", args=[event.slug, saved.pk]))
    assert not SavedApplicationView.objects.exists()


def _many(event, n, start=0):
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"bulk{event.pk}-{i}", email=f"b{i}@example.org")
            for i in range(start, start + n)
        ]
    )
    Application.objects.bulk_create(
        [
            Application(event=event, applicant=u, status=S.SUBMITTED, country="KR", gender="male")
            for u in users
        ]
    )


@pytest.mark.parametrize("sort", ["", "sort=-score"])
def test_the_list_makes_the_same_queries_for_10_and_1000(event, organiser, sort):
    _many(event, 10)
    organiser.get(f"{desk(event)}?{sort}")  # warm: session, permissions caches
    with CaptureQueriesContext(connection) as small:
        assert organiser.get(f"{desk(event)}?{sort}").status_code == 200
    _many(event, 990, start=10)
    with CaptureQueriesContext(connection) as large:
        response = organiser.get(f"{desk(event)}?{sort}")
    assert response.status_code == 200
    assert len(_names(response.content.decode())) == 50  # one page
    assert len(large) == len(small), [q["sql"][:120] for q in large]


def test_bulk_decision_previews_who_gets_what_then_applies(
    event, people, organiser, django_capture_on_commit_callbacks
):
    bulk = reverse("applications-desk-bulk", args=[event.slug])
    picked = [people["mai"].pk, people["somchai"].pk]
    before = Message.objects.count()
    preview = organiser.post(bulk, {"applications": picked, "action": "accept"})
    assert preview.status_code == 200
    html = preview.content.decode()
    rows = re.findall(r'<tr class="preview-row">(.*?)</tr>', html, re.S)
    assert len(rows) == 2
    # Statuses by their labels, never the raw codes.
    assert all("<td>Under review</td>" in row and "<td>Accepted</td>" in row for row in rows)
    assert not any("under_review" in row for row in rows)
    assert all("@" in row for row in rows)  # each names the mail its applicant would get
    # Nothing happened yet.
    assert set(Application.objects.filter(pk__in=picked).values_list("status", flat=True)) == {
        S.UNDER_REVIEW
    }
    assert Message.objects.count() == before
    with django_capture_on_commit_callbacks(execute=False):
        done = organiser.post(bulk, {"applications": picked, "action": "accept", "confirm": "1"})
    assert done.status_code == 302
    assert set(Application.objects.filter(pk__in=picked).values_list("status", flat=True)) == {
        S.ACCEPTED
    }
    assert Message.objects.count() > before


def test_bulk_waitlist_assign_and_message(event, people, organiser, reviewer):
    bulk = reverse("applications-desk-bulk", args=[event.slug])
    dewi, minor = people["dewi"], people["minor"]
    organiser.post(bulk, {"applications": [dewi.pk], "action": "waitlist", "confirm": "1"})
    dewi.refresh_from_db()
    assert dewi.status == S.WAITLISTED
    organiser.post(
        bulk,
        {"applications": [minor.pk], "action": "assign", "reviewer": reviewer.pk, "confirm": "1"},
    )
    assert ReviewAssignment.objects.filter(application=minor, reviewer=reviewer).exists()
    # Assigning the same reviewer again is refused, naming the applicant; nothing changes.
    again = organiser.post(
        bulk,
        {
            "applications": [minor.pk, people["dewi"].pk],
            "action": "assign",
            "reviewer": reviewer.pk,
        },
    )
    assert again.status_code == 409
    assert "Nguyen Van Nam" in again.content.decode()
    assert not ReviewAssignment.objects.filter(application=dewi).exists()
    message = {"applications": [dewi.pk, minor.pk], "action": "message", "subject": "Visa",
               "body": "Bring your passport."}  # fmt: skip
    preview = organiser.post(bulk, message).content.decode()
    assert 'role="alert"' not in preview, re.findall(r'role="alert"><p>(.*?)</p>', preview)
    assert preview.count("“Visa”") == 2
    assert not Broadcast.objects.filter(event=event).exists()  # the preview kept nothing
    organiser.post(bulk, {**message, "confirm": "1"})
    # One broadcast of the messages desk, to exactly the chosen applicants.
    broadcast = Broadcast.objects.get(event=event)
    assert broadcast.segment == Segment.CHOSEN_APPLICANTS and broadcast.recipient_count == 2
    recipients = sorted(broadcast.messages.values_list("recipient_id", flat=True))
    assert recipients == sorted([dewi.applicant_id, minor.applicant_id])


def test_application_page_answers_documents_notes_and_logged_views(event, people, organiser):
    minor = people["minor"]
    AnswerFactory(application=minor, question__event=event, question__label="City", value="Hue")
    document = services.document_upload(
        owner=minor.applicant,
        uploaded=SimpleUploadedFile("passport.pdf", pdf_bytes(), content_type="application/pdf"),
        application=minor,
    )
    Application.objects.filter(pk=minor.pk).update(status=S.SUBMITTED)
    page_url = reverse("applications-desk-application", args=[event.slug, minor.pk])
    response = organiser.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hue" in html and "Nguyen Van Ba" in html and "passport.pdf" in html
    viewed = LogEntry.objects.filter(action_type="participants.application.viewed")
    assert viewed.filter(sensitive=True, object_id=minor.pk).count() == 1
    inline = organiser.get(
        reverse("applications-desk-document", args=[event.slug, minor.pk, document.pk])
    )
    assert inline.status_code == 200
    assert "attachment" not in inline.get("Content-Disposition", "")
    assert viewed.count() == 2
    added = organiser.post(page_url, {"text": "Call the father about the visa."})
    assert added.status_code == 302
    assert ApplicationNote.objects.get().text == "Call the father about the visa."
    empty = organiser.post(page_url, {"text": "  "})
    assert empty.status_code == 400
    html = organiser.get(page_url).content.decode()
    assert "Call the father about the visa." in html
    assert "Internal note added" in html  # the history, from the audit log


def test_the_desk_is_for_the_events_organisers_only(event, people, organisation, reviewer):
    urls = [
        desk(event),
        reverse("applications-desk-application", args=[event.slug, people["mai"].pk]),
    ]
    others = [
        MembershipFactory(role=MemberRole.ORGANISER).user,
        reviewer,
        MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user,
        people["mai"].applicant,
        UserFactory(),
    ]
    for user in others:
        client = browser(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        bulk = client.post(
            reverse("applications-desk-bulk", args=[event.slug]),
            {"applications": [people["dewi"].pk], "action": "reject", "confirm": "1"},
        )
        assert bulk.status_code == 404
    assert Application.objects.get(pk=people["dewi"].pk).status == S.SUBMITTED
    anonymous = Client().get(urls[0])
    assert anonymous.status_code == 302
