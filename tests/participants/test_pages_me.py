"""Profile, My applications (with its POST actions), my data and account deletion pages."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from participants.enums import ApplicationStatus
from participants.models import Application, Profile
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import EventFactory
from tests.participants._pages import PASSWORD, errors_of, verified_client

S = ApplicationStatus
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/me/profile/", "/me/applications/", "/me/data/", "/me/data/export.json", "/me/data/delete/"],
)
def test_my_pages_need_a_signed_in_user(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- profile ---------------------------------------------------------------------------


def test_profile_page_saves_through_the_profile_service():
    client = verified_client(profile=False)
    page = client.get("/me/profile/")
    assert page.status_code == 200
    assert '<label for="id_full_name">' in page.content.decode()
    response = client.post(
        "/me/profile/",
        {
            "full_name": "Kim Ji-woo",
            "date_of_birth": "2000-02-29",
            "gender": "non_binary",
            "nationalities": ["KR", "VN"],
            "country_of_residence": "KR",
            "languages": "Korean, English , ",
            "emergency_contact_name": "Kim Min-jun",
            "time_zone": "Asia/Seoul",
            "preferred_language": "ko",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=client.user)
    assert profile.full_name == "Kim Ji-woo"
    assert profile.date_of_birth == dt.date(2000, 2, 29)
    assert [str(c.code) for c in profile.nationalities] == ["KR", "VN"]
    assert profile.languages == ["Korean", "English"]
    assert profile.preferred_language == "ko"
    assert client.session["bridges_timezone"] == "Asia/Seoul"
    # Shown again, filled in.
    html = client.get("/me/profile/").content.decode()
    assert 'value="Kim Ji-woo"' in html
    assert 'value="Korean, English"' in html


def test_profile_error_from_the_service_is_beside_its_field():
    client = verified_client(profile=False)
    response = client.post("/me/profile/", {"full_name": "Lee", "gender": "self_described"})
    assert response.status_code == 200
    html = response.content.decode()
    assert errors_of(html, "id_gender_self_description") == [
        "Describe your gender in your own words."
    ]
    assert re.search(r'aria-describedby="[^"]*id_gender_self_description_error"', html)
    assert Profile.objects.get(user=client.user).full_name == ""


def test_profile_next_goes_back_only_to_this_site():
    client = verified_client()
    ok = client.post("/me/profile/?next=/me/applications/", {"full_name": "A"})
    assert ok["Location"] == "/me/applications/"
    evil = client.post("/me/profile/?next=https://evil.example/", {"full_name": "A"})
    assert evil["Location"] == "/me/profile/"


# --- My applications ---------------------------------------------------------------------


def test_my_applications_show_status_and_next_step():
    client = verified_client()
    draft = ApplicationFactory(applicant=client.user, status=S.DRAFT, submitted_at=None)
    accepted = ApplicationFactory(
        applicant=client.user,
        status=S.ACCEPTED,
        offer_expires_at=dt.datetime(2027, 6, 10, 14, 59, tzinfo=dt.UTC),
    )
    ApplicationFactory(applicant=client.user, status=S.WITHDRAWN)
    other = ApplicationFactory(event=draft.event)
    session = client.session
    session["bridges_timezone"] = "Asia/Ho_Chi_Minh"
    session.save()
    html = client.get("/me/applications/").content.decode()
    assert html.count('class="card application"') == 3
    assert f"/events/{draft.event.slug}/apply/" in html
    assert "Finish and submit your application." in html
    assert "Confirm or decline your place by 10 June 2027, 21:59 (Asia/Ho_Chi_Minh)." in html
    assert f'action="/me/applications/{accepted.pk}/confirm/"' in html
    assert f'action="/me/applications/{accepted.pk}/decline/"' in html
    assert f'href="/me/applications/{accepted.pk}/withdraw/"' in html
    assert f"/me/applications/{other.pk}/" not in html


def test_my_applications_query_count_does_not_grow(django_assert_max_num_queries):
    client = verified_client()
    ApplicationFactory(applicant=client.user)
    with django_assert_max_num_queries(8) as one:
        client.get("/me/applications/")
    for _ in range(5):
        ApplicationFactory(applicant=client.user, event=EventFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/me/applications/")
    assert response.content.decode().count('class="card application"') == 6


def test_withdraw_asks_first_then_withdraws():
    client = verified_client()
    application = ApplicationFactory(applicant=client.user, status=S.SUBMITTED)
    page = client.get(f"/me/applications/{application.pk}/withdraw/")
    assert page.status_code == 200
    assert application.event.title in page.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    response = client.post(f"/me/applications/{application.pk}/withdraw/")
    assert response["Location"] == "/me/applications/"
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.history.get().by == client.user


def test_confirm_and_decline_call_the_services():
    client = verified_client()
    offer = ApplicationFactory(
        applicant=client.user,
        status=S.ACCEPTED,
        offer_expires_at=timezone.now() + dt.timedelta(days=3),
    )
    client.post(f"/me/applications/{offer.pk}/confirm/")
    offer.refresh_from_db()
    assert offer.status == S.CONFIRMED
    second = ApplicationFactory(
        applicant=client.user,
        status=S.ACCEPTED,
        offer_expires_at=timezone.now() + dt.timedelta(days=3),
    )
    client.post(f"/me/applications/{second.pk}/decline/")
    second.refresh_from_db()
    assert second.status == S.DECLINED


def test_an_expired_offer_cannot_be_confirmed_and_says_why():
    client = verified_client()
    offer = ApplicationFactory(
        applicant=client.user,
        status=S.ACCEPTED,
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    response = client.post(f"/me/applications/{offer.pk}/confirm/", follow=True)
    assert "The time to confirm this offer has passed." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == S.ACCEPTED


def test_confirm_is_post_only():
    client = verified_client()
    offer = ApplicationFactory(applicant=client.user, status=S.ACCEPTED)
    assert client.get(f"/me/applications/{offer.pk}/confirm/").status_code == 405
    offer.refresh_from_db()
    assert offer.status == S.ACCEPTED


@pytest.mark.parametrize(
    ("method", "action"),
    [("get", "withdraw"), ("post", "withdraw"), ("post", "confirm"), ("post", "decline")],
)
def test_another_users_application_is_not_found(method, action):
    victim = ApplicationFactory(status=S.ACCEPTED)
    attacker = verified_client()
    response = getattr(attacker, method)(f"/me/applications/{victim.pk}/{action}/")
    assert response.status_code == 404
    victim.refresh_from_db()
    assert victim.status == S.ACCEPTED


# --- my data -------------------------------------------------------------------------------


def test_my_data_export_is_my_json_only():
    client = verified_client()
    ProfileFactory(user=client.user, full_name="Pham Van Duc")
    mine = ApplicationFactory(applicant=client.user)
    ApplicationFactory()
    response = client.get("/me/data/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="bridges-my-data.json"' == response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == client.user.profile.full_name
    assert [a["id"] for a in data["applications"]] == [mine.pk]
    assert data["account"]["email"] == client.user.email
    page = client.get("/me/data/").content.decode()
    assert 'href="/me/data/export.json"' in page


def test_delete_account_needs_the_password_and_says_so_beside_it():
    client = verified_client()
    response = client.post("/me/data/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "id_password") == ["The password is not correct."]
    assert get_user_model().objects.get(pk=client.user.pk).is_active
    missing_confirm = client.post("/me/data/delete/", {"password": PASSWORD})
    assert errors_of(missing_confirm.content.decode(), "id_confirm") == ["This field is required."]
    assert Profile.objects.filter(user=client.user).exists()


def test_delete_account_erases_personal_data_and_signs_out():
    client = verified_client()
    application = ApplicationFactory(applicant=client.user, status=S.SUBMITTED)
    response = client.post("/me/data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=client.user.pk)
    assert not user.is_active
    assert user.email == ""
    assert not Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.date_of_birth is None
    assert "_auth_user_id" not in client.session
    # The application still counts (anonymised), so event statistics stay right.
    assert Application.objects.filter(event=application.event).count() == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", ["내 신청", "제출됨", "주최 측의 결정을 기다려 주세요."]),
        ("vi", ["Hồ sơ của tôi", "Đã nộp"]),
    ],
)
def test_my_applications_speaks_korean_and_vietnamese(language, expected):
    client = verified_client()
    ApplicationFactory(applicant=client.user, status=S.SUBMITTED)
    client.cookies["django_language"] = language
    html = client.get("/me/applications/", follow=True).content.decode()
    for text in expected:
        assert text in html, text


def test_sign_up_page_in_korean(client):
    client.cookies["django_language"] = "ko"
    html = client.get("/accounts/signup/", follow=True).content.decode()
    assert "계정 만들기" in html
    assert "지원하기 전에 이메일 주소를 확인할 수 있는 링크를 보내 드립니다." in html


def test_a_draft_of_a_closed_call_says_it_can_no_longer_be_sent():
    client = verified_client()
    closed = EventFactory(
        applications_open_at=timezone.now() - dt.timedelta(days=10),
        applications_close_at=timezone.now() - dt.timedelta(days=1),
    )
    ApplicationFactory(applicant=client.user, event=closed, status=S.DRAFT, submitted_at=None)
    html = client.get("/me/applications/").content.decode()
    assert "This draft cannot be submitted:" in html
    assert "Applications closed on" in html
    assert "Continue application" not in html
    assert f"/events/{closed.slug}/apply/" not in html


def test_a_draft_the_applicant_has_become_too_old_for_is_not_offered_to_continue():
    client = verified_client()
    young = EventFactory(
        applications_open_at=timezone.now() - dt.timedelta(days=10),
        applications_close_at=timezone.now() + dt.timedelta(days=10),
        max_age=25,
    )
    open_too = EventFactory(
        applications_open_at=timezone.now() - dt.timedelta(days=10),
        applications_close_at=timezone.now() + dt.timedelta(days=10),
    )
    # The profile's date of birth (14 March 2001) makes them 26 on the first day.
    ApplicationFactory(applicant=client.user, event=young, status=S.DRAFT, submitted_at=None)
    ApplicationFactory(applicant=client.user, event=open_too, status=S.DRAFT, submitted_at=None)
    html = client.get("/me/applications/").content.decode()
    assert "You must be at most 25 on the first day (2027-07-05); you will be 26." in html
    assert f'href="/events/{young.slug}/apply/"' not in html
    assert f'href="/events/{open_too.slug}/apply/"' in html
    assert html.count("Continue application") == 1


def test_a_confirmed_place_links_to_my_agenda_and_pass():
    client = verified_client()
    confirmed = ApplicationFactory(applicant=client.user, status=S.CONFIRMED)
    waiting = ApplicationFactory(applicant=client.user, status=S.SUBMITTED)
    html = client.get("/me/applications/").content.decode()
    assert f'href="/events/{confirmed.event.slug}/my-agenda/"' in html
    assert f'href="/events/{waiting.event.slug}/my-agenda/"' not in html
