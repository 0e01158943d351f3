import datetime as dt

import pytest
import time_machine

from participants import services
from participants.enums import ApplicationStatus as S
from participants.models import Application, Profile, StatusChange
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import DURING, MOTIVATION, motivation_id, open_call

pytestmark = pytest.mark.django_db


def test_profile_get_creates_an_empty_profile_and_put_updates_it(applicant_client):
    response = applicant_client.get("/api/v1/me/profile/")
    assert response.status_code == 200
    assert response.json()["full_name"] == ""
    body = {
        "full_name": "Nguyễn Thị Lan",
        "preferred_name": "Lan",
        "date_of_birth": "2002-02-10",
        "gender": "non_binary",
        "nationalities": ["vn", "KR"],
        "country_of_residence": "VN",
        "languages": ["Vietnamese", "Korean"],
        "time_zone": "Asia/Ho_Chi_Minh",
        "preferred_language": "vi",
        "emergency_contact_name": "Nguyễn Văn Minh",
        "emergency_contact_phone": "+84 912 000 111",
        "emergency_contact_relation": "brother",
    }
    response = applicant_client.put("/api/v1/me/profile/", body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["nationalities"] == ["VN", "KR"]  # order kept: the first eligible counts
    assert data["gender"] == "non_binary"
    assert data["date_of_birth"] == "2002-02-10"
    profile = Profile.objects.get(user=applicant_client.user)
    assert profile.full_name == "Nguyễn Thị Lan"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"nationalities": ["XX"]}, "nationalities"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"gender": "self_described"}, "gender_self_description"),
        ({"user": 1}, "user"),
    ],
)
def test_profile_bad_input_names_the_field_and_saves_nothing(applicant_client, body, field):
    ProfileFactory(user=applicant_client.user, full_name="Before")
    response = applicant_client.patch(
        "/api/v1/me/profile/", {**body, "full_name": "After"}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Profile.objects.get(user=applicant_client.user).full_name == "Before"


@time_machine.travel(DURING, tick=False)
def test_apply_through_the_api_draft_submit_and_follow(event, applicant_client):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    questions = applicant_client.get(f"/api/v1/events/{event.slug}/questions/").json()
    assert [q["key"] for q in questions] == ["motivation"]
    qid = questions[0]["id"]
    response = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        {"answers": {str(qid): "Half written"}},
        format="json",
    )
    assert response.status_code == 201
    app_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    response = applicant_client.post(f"/api/v1/applications/{app_id}/submit/")
    assert response.status_code == 400
    assert response.json()[f"answers.{qid}"] == ["Write at least 50 words (you wrote 2)."]
    response = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        {"answers": {str(qid): MOTIVATION}},
        format="json",
    )
    assert response.status_code == 200 and response.json()["id"] == app_id
    response = applicant_client.post(f"/api/v1/applications/{app_id}/submit/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"] == "2027-05-01T12:00:00Z"
    # Submitting twice is a clear conflict, not a second history entry.
    response = applicant_client.post(f"/api/v1/applications/{app_id}/submit/")
    assert response.status_code == 409 and response.json()["code"] == "already_submitted"
    listing = applicant_client.get("/api/v1/me/applications/").json()
    assert listing["count"] == 1
    assert listing["results"][0] == {
        "id": app_id,
        "event": {
            "slug": event.slug,
            "title": event.title,
            "time_zone": "Asia/Seoul",
            "start_date": "2027-07-05",
        },
        "status": "submitted",
        "status_label": "Submitted",
        "next_step": "Wait for the organisers to review it.",
        "submitted_at": "2027-05-01T12:00:00Z",
        "offer_expires_at": None,
        "created_at": "2027-05-01T12:00:00Z",
    }
    mine = applicant_client.get(f"/api/v1/events/{event.slug}/application/").json()
    assert mine["answers"] == [{"question": qid, "value": MOTIVATION, "file": None}]
    assert "history" not in mine  # organisers' view only


@time_machine.travel(DURING, tick=False)
@pytest.mark.parametrize("field", ["status", "applicant", "event", "submitted_at", "country"])
def test_mass_assignment_in_patch_is_refused_and_state_unchanged(event, applicant_client, field):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    application = services.application_save_draft(
        event=event, applicant=applicant_client.user, answers={motivation_id(event): MOTIVATION}
    )
    services.application_submit(application=application, by=applicant_client.user)
    other = ProfileFactory().user
    values = {
        "status": "accepted",
        "applicant": other.pk,
        "event": 999,
        "submitted_at": "2020-01-01T00:00:00Z",
        "country": "KR",
    }
    response = applicant_client.patch(
        f"/api/v1/applications/{application.pk}/",
        {field: values[field], "answers": {str(motivation_id(event)): MOTIVATION + " more"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {field: ["This field cannot be set here."]}
    fresh = Application.objects.get(pk=application.pk)
    assert (fresh.status, fresh.applicant_id, fresh.event_id, fresh.country) == (
        S.SUBMITTED,
        applicant_client.user.pk,
        event.pk,
        "VN",
    )
    assert fresh.answers.get().value == MOTIVATION
    assert StatusChange.objects.filter(application=fresh).count() == 1


@time_machine.travel(DURING, tick=False)
def test_patch_edits_answers_after_submit_while_open(event, applicant_client):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    application = services.application_save_draft(
        event=event, applicant=applicant_client.user, answers={motivation_id(event): MOTIVATION}
    )
    services.application_submit(application=application, by=applicant_client.user)
    text = " ".join(["culture"] * 70)
    response = applicant_client.patch(
        f"/api/v1/applications/{application.pk}/",
        {"answers": {str(motivation_id(event)): text}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["answers"][0]["value"] == text
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
        response = applicant_client.patch(
            f"/api/v1/applications/{application.pk}/",
            {"answers": {str(motivation_id(event)): MOTIVATION}},
            format="json",
        )
    assert response.status_code == 400 and response.json()["code"] == "applications_closed"


@time_machine.travel(DURING, tick=False)
def test_withdraw_confirm_decline_actions(event, applicant_client):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    application = services.application_save_draft(
        event=event, applicant=applicant_client.user, answers={motivation_id(event): MOTIVATION}
    )
    services.application_submit(application=application, by=applicant_client.user)
    response = applicant_client.post(f"/api/v1/applications/{application.pk}/confirm/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    services.application_transition(application=application, to_status=S.ACCEPTED, by=None)
    response = applicant_client.post(
        f"/api/v1/applications/{application.pk}/decline/", {"note": "exams"}
    )
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert application.history.last().note == "exams"
    response = applicant_client.post(f"/api/v1/applications/{application.pk}/withdraw/")
    assert response.status_code == 409
    response = applicant_client.post(
        f"/api/v1/applications/{application.pk}/withdraw/", {"status": "draft"}
    )
    assert response.status_code == 400 and "status" in response.json()


def test_draft_for_unpublished_event_is_404(event, applicant_client):
    event.status = "draft"
    event.save()
    response = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/", {}, format="json"
    )
    assert response.status_code == 404


@time_machine.travel(DURING, tick=False)
def test_guardian_consent_through_the_api(event, applicant_client, anonymous_client):
    from participants.models import GuardianConsent

    open_call(event)
    ProfileFactory(user=applicant_client.user, date_of_birth=dt.date(2010, 3, 1), full_name="Lan")
    draft = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        {
            "answers": {str(motivation_id(event)): MOTIVATION},
            "guardian_name": "Tran Thi Mai",
            "guardian_email": "mai@example.org",
            "guardian_relation": "mother",
        },
        format="json",
    ).json()
    response = applicant_client.post(f"/api/v1/applications/{draft['id']}/submit/")
    assert response.json()["status"] == "awaiting_guardian_consent"
    first = GuardianConsent.objects.get()
    response = applicant_client.post(f"/api/v1/applications/{draft['id']}/guardian-consent/resend/")
    assert response.status_code == 200
    second = GuardianConsent.objects.exclude(pk=first.pk).get()
    old_token, token = services.consent_token(first), services.consent_token(second)
    assert anonymous_client.get(f"/api/v1/consent/{old_token}/").status_code == 410  # replaced
    shown = anonymous_client.get(f"/api/v1/consent/{token}/")
    assert shown.status_code == 200
    assert shown.json() | {"expires_at": None} == {
        "applicant_name": "Lan",
        "event_title": event.title,
        "event_start_date": "2027-07-05",
        "guardian_name": "Tran Thi Mai",
        "guardian_relation": "mother",
        "consent_text": services.DEFAULT_CONSENT_TEXT,
        "consent_text_version": services.DEFAULT_CONSENT_VERSION,
        "expires_at": None,
        "consented_at": None,
    }
    refused = anonymous_client.post(f"/api/v1/consent/{token}/", {"agree": False}, format="json")
    assert refused.status_code == 400 and "agree" in refused.json()
    given = anonymous_client.post(
        f"/api/v1/consent/{token}/",
        {"agree": True},
        format="json",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Phone",
    )
    assert given.status_code == 200 and given.json()["consented_at"] == "2027-05-01T12:00:00Z"
    second.refresh_from_db()
    assert (second.consented_ip, second.consented_user_agent) == ("203.0.113.9", "Phone")
    assert Application.objects.get(pk=draft["id"]).status == S.SUBMITTED
    # A used link says so and gives no names any more.
    used = anonymous_client.get(f"/api/v1/consent/{token}/")
    assert used.status_code == 410
    assert used.json()["code"] == "consent_already_given"
    assert "Lan" not in used.content.decode() and "Mai" not in used.content.decode()
    assert anonymous_client.get("/api/v1/consent/not-a-token/").status_code == 404
