"""Who can reach what: every applications endpoint against every role."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from participants import services
from participants.enums import ApplicationStatus as S
from participants.models import (
    Answer,
    Application,
    Document,
    GuardianConsent,
    Profile,
    Question,
    StatusChange,
)
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import (
    DURING,
    MOTIVATION,
    PDF,
    motivation_id,
    open_call,
    stored_files,
    use_private_root,
)

pytestmark = pytest.mark.django_db
ANON = (401, 403)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Every role client is a new user; the real hasher makes this file take minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def world(
    event, organiser_client, other_organiser_client, reviewer_client, anonymous_client, private_root
):
    """Applicant A has a submitted application with a document; B has their own."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    open_call(event)
    a = ProfileFactory().user
    b = ProfileFactory().user
    with time_machine.travel(DURING, tick=False):
        application = services.application_save_draft(
            event=event, applicant=a, answers={motivation_id(event): MOTIVATION}
        )
        document = services.document_upload(
            owner=a, uploaded=SimpleUploadedFile("cv.pdf", PDF), kind="cv", application=application
        )
        services.application_submit(application=application, by=a)
        other = services.application_save_draft(event=event, applicant=b, answers={})
    return {
        "event": event,
        "application": application,
        "other_application": other,
        "document": document,
        "question": Question.objects.get(event=event),
        "clients": {
            "owner": _client(a),
            "applicant_b": _client(b),
            "organiser": organiser_client,
            "reviewer": reviewer_client,
            "other_organiser": other_organiser_client,
            "anonymous": anonymous_client,
        },
    }


# (method, url, body) -> expected status per role
MATRIX = [
    (
        "get",
        "/api/v1/applications/{app}/",
        None,
        {
            "owner": 200,
            "applicant_b": 404,
            "organiser": 200,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "patch",
        "/api/v1/applications/{app}/",
        {"guardian_name": "X"},
        {
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "post",
        "/api/v1/applications/{app}/submit/",
        {},
        {
            "owner": 409,
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "post",
        "/api/v1/applications/{app}/withdraw/",
        {},
        {
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "post",
        "/api/v1/applications/{app}/confirm/",
        {},
        {
            "owner": 409,
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "post",
        "/api/v1/applications/{app}/decline/",
        {},
        {
            "owner": 409,
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "post",
        "/api/v1/applications/{app}/documents/",
        {},
        {
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "get",
        "/api/v1/documents/{doc}/download/",
        None,
        {
            "owner": 200,
            "applicant_b": 404,
            "organiser": 200,
            # A reviewer of the organisation who is not assigned this application.
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "delete",
        "/api/v1/documents/{doc}/",
        None,
        {
            "applicant_b": 404,
            "organiser": 404,
            "reviewer": 404,
            "other_organiser": 404,
            "anonymous": ANON,
        },
    ),
    (
        "get",
        "/api/v1/events/{slug}/applications/",
        None,
        {
            "owner": 403,
            "applicant_b": 403,
            "organiser": 200,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "get",
        "/api/v1/events/{slug}/applications/export.csv",
        None,
        {
            "owner": 403,
            "applicant_b": 403,
            "organiser": 200,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "get",
        "/api/v1/events/{slug}/applications/export.xlsx",
        None,
        {
            "owner": 403,
            "applicant_b": 403,
            "organiser": 200,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "get",
        "/api/v1/events/{slug}/questions/",
        None,
        {
            "owner": 200,
            "applicant_b": 200,
            "organiser": 200,
            "reviewer": 200,
            "other_organiser": 200,
            "anonymous": ANON,
        },
    ),
    (
        "post",
        "/api/v1/events/{slug}/questions/",
        {"kind": "short_text", "label": "City"},
        {
            "owner": 403,
            "applicant_b": 403,
            "organiser": 201,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "patch",
        "/api/v1/events/{slug}/questions/{q}/",
        {"label": "Hacked"},
        {
            "owner": 403,
            "applicant_b": 403,
            "organiser": 200,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "delete",
        "/api/v1/events/{slug}/questions/{q}/",
        None,
        {
            "owner": 403,
            "applicant_b": 403,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "get",
        "/api/v1/events/{slug}/call-settings/",
        None,
        {
            "owner": 403,
            "applicant_b": 403,
            "organiser": 200,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    (
        "patch",
        "/api/v1/events/{slug}/call-settings/",
        {"allow_edits_after_submit": False},
        {
            "owner": 403,
            "applicant_b": 403,
            "reviewer": 403,
            "other_organiser": 403,
            "anonymous": ANON,
        },
    ),
    ("get", "/api/v1/me/profile/", None, {"anonymous": ANON}),
    ("get", "/api/v1/me/applications/", None, {"anonymous": ANON}),
    ("get", "/api/v1/me/export/", None, {"anonymous": ANON}),
    ("delete", "/api/v1/me/", {"password": "x"}, {"anonymous": ANON}),
    ("post", "/api/v1/events/{slug}/application/draft/", {}, {"anonymous": ANON}),
]


def _snapshot():
    return (
        list(
            Application.objects.order_by("pk").values_list(
                "pk", "status", "applicant_id", "guardian_name"
            )
        ),
        list(Document.objects.order_by("pk").values_list("pk", "application_id")),
        list(Question.objects.order_by("pk").values_list("pk", "label")),
        StatusChange.objects.count(),
        Answer.objects.count(),
    )


@pytest.mark.parametrize(
    ("method", "url", "body", "roles"), MATRIX, ids=[f"{m} {u}" for m, u, _b, _r in MATRIX]
)
def test_permission_matrix(world, method, url, body, roles):
    path = url.format(
        app=world["application"].pk,
        doc=world["document"].pk,
        slug=world["event"].slug,
        q=world["question"].pk,
    )
    got = {}
    for role, expected in roles.items():
        client = world["clients"][role]
        before = _snapshot()
        with time_machine.travel(DURING, tick=False):
            call = getattr(client, method)
            response = call(path, body, format="json") if body is not None else call(path)
        allowed = expected if isinstance(expected, tuple) else (expected,)
        got[role] = (
            response.status_code if response.status_code in allowed else (response.status_code, "!")
        )
        if response.status_code >= 400:
            assert _snapshot() == before, role  # a refused request changes nothing
    assert all(not isinstance(v, tuple) for v in got.values()), got


def test_organiser_detail_shows_history_documents_and_consent(world, organiser_client):
    body = organiser_client.get(f"/api/v1/applications/{world['application'].pk}/").json()
    assert body["history"][0]["to_status"] == "submitted"
    assert body["documents"][0]["original_name"] == "cv.pdf"
    assert body["guardian_consents"] == []
    assert body["profile"]["full_name"] == world["application"].applicant.profile.full_name


def test_organiser_never_sees_drafts(world, organiser_client):
    ids = [
        r["id"]
        for r in organiser_client.get(f"/api/v1/events/{world['event'].slug}/applications/").json()[
            "results"
        ]
    ]
    assert ids == [world["application"].pk]
    response = organiser_client.get(f"/api/v1/applications/{world['other_application'].pk}/")
    assert (
        response.status_code == 200
    )  # detail allowed: it's their event; drafts are listed on request only


def test_my_data_export_contains_everything_and_only_mine(world):
    owner = world["clients"]["owner"]
    response = owner.get("/api/v1/me/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bridges-my-data.json"'
    data = response.json()
    user = owner.user
    assert data["account"]["email"] == user.email
    assert data["profile"]["full_name"] == user.profile.full_name
    assert data["profile"]["nationalities"] == ["VN"]
    assert [a["id"] for a in data["applications"]] == [world["application"].pk]
    assert data["applications"][0]["answers"] == [
        {"question": "Why do you want to take part?", "value": MOTIVATION}
    ]
    assert data["applications"][0]["history"][0]["to"] == "submitted"
    assert [d["id"] for d in data["documents"]] == [world["document"].pk]
    assert world["other_application"].pk not in [a["id"] for a in data["applications"]]


def test_account_deletion_requires_the_password(world):
    owner = world["clients"]["owner"]
    response = owner.delete("/api/v1/me/", {"password": "wrong"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "wrong_password"
    assert Profile.objects.filter(user=owner.user).exists()


def test_account_deletion_anonymises_and_keeps_counts(
    world, private_root, django_capture_on_commit_callbacks
):
    owner = world["clients"]["owner"]
    application = world["application"]
    # A minor-style guardian record, to check it is scrubbed too.
    GuardianConsent.objects.create(
        application=application,
        guardian_name="Mai",
        guardian_email="mai@example.org",
        guardian_relation="mother",
        nonce="n" * 32,
        consent_text_version="v1",
        consent_text="I agree.",
        expires_at=DURING,
        consented_ip="203.0.113.7",
    )
    assert len(stored_files(private_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.delete("/api/v1/me/", {"password": "correct-horse-battery"}, format="json")
    assert response.status_code == 204
    user = get_user_model().objects.get(pk=owner.user.pk)
    assert (user.email, user.first_name, user.last_name, user.is_active) == ("", "", "", False)
    assert user.username.startswith("deleted-") and not user.has_usable_password()
    assert not Profile.objects.filter(user=user).exists()
    assert not Document.objects.filter(owner=user).exists()
    assert stored_files(private_root) == []
    application.refresh_from_db()
    # Kept for counts: the row, its country and gender; the seat/request is released.
    assert Application.objects.filter(event=world["event"]).count() == 2
    assert (application.status, application.country, application.gender) == (
        S.WITHDRAWN,
        "VN",
        "female",
    )
    assert application.date_of_birth is None and application.anonymised_at is not None
    assert not application.answers.exists()
    consent = GuardianConsent.objects.get(application=application)
    assert (consent.guardian_name, consent.consented_ip) == ("", None)
    assert application.history.order_by("pk").last().note == "Account deleted."
    # The other applicant is untouched.
    assert Profile.objects.filter(user=world["clients"]["applicant_b"].user).exists()


def test_assigned_reviewer_can_download_the_document(world, reviewer_client):
    from tests.factories.review import ReviewAssignmentFactory

    url = f"/api/v1/documents/{world['document'].pk}/download/"
    assert reviewer_client.get(url).status_code == 404
    ReviewAssignmentFactory(application=world["application"], reviewer=reviewer_client.user)
    response = reviewer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
