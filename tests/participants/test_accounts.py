"""Accounts through the real pages: sign up, verify by the mailed link, sign in, reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from backend.middleware import TIMEZONE_SESSION_KEY
from tests.factories.programmes import UserFactory

PASSWORD = "a-long-Passphrase-2027"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its rate limits (one verification mail per address per few minutes)
    # in the cache, which outlives a test on Redis.
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _account_mail_delivered(eager_celery):
    """Account mail goes through the outbox and is delivered after commit: tests that read
    it commit for real (transaction=True) and deliver in-process."""


def _link_in(message) -> str:
    # The link opens in the language the mail is written in (/vi/accounts/... in Vietnamese).
    match = re.search(r"https?://testserver((?:/[a-z]{2})?/accounts/[^\s]+)", message.body)
    assert match, message.body
    return match.group(1)


def verified_user(email="minh@example.org", password=PASSWORD, **kwargs):
    user = UserFactory(username=email.split("@")[0], email=email, **kwargs)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.django_db(transaction=True)
def test_signup_sends_a_verification_link_that_signs_the_user_in(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "linh@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="linh@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mail.outbox] == [["linh@example.org"]]

    # Not yet verified: the account cannot sign in.
    assert "_auth_user_id" not in client.session

    link = _link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "linh@example.org" in page.content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_errors_are_shown_beside_the_fields(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The error sits in the list the password input points at with aria-describedby.
    assert re.search(r'<ul class="errorlist" id="id_password1_error"><li>[^<]*too short', html)
    assert re.search(
        r'<input[^>]+aria-invalid="true"[^>]+aria-describedby="[^"]*id_password1_error"', html
    )
    assert not get_user_model().objects.filter(email="new@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_signup_with_a_taken_address_creates_no_second_account(client):
    verified_user(email="taken@example.org")
    client.post(
        "/accounts/signup/",
        {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1
    # The owner of the address is told; the form does not reveal that the account exists.
    assert [m.to for m in mail.outbox] == [["taken@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_login_with_an_unverified_address_is_refused_and_the_link_resent(client):
    user = UserFactory(username="an", email="an@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post("/accounts/login/", {"login": "an@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [["an@example.org"]]


@pytest.mark.django_db
def test_login_by_email_puts_the_profile_time_zone_in_the_session(client):
    from participants.models import Profile

    user = verified_user()
    Profile.objects.create(user=user, full_name="Nguyen Minh", time_zone="Asia/Ho_Chi_Minh")
    response = client.post("/accounts/login/", {"login": "minh@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[TIMEZONE_SESSION_KEY] == "Asia/Ho_Chi_Minh"


@pytest.mark.django_db
def test_login_wrong_password_shows_an_error_and_does_not_sign_in(client):
    verified_user()
    response = client.post(
        "/accounts/login/", {"login": "minh@example.org", "password": "wrong-one"}
    )
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_password_reset_by_mailed_link_sets_a_new_password(client):
    user = verified_user()
    response = client.post("/accounts/password/reset/", {"email": "minh@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["minh@example.org"]]
    link = _link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        action, {"password1": "Another-long-pass-99", "password2": "Another-long-pass-99"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-long-pass-99")


@pytest.mark.django_db
def test_password_reset_bad_key_says_so(client):
    response = client.get("/accounts/password/reset/key/1-bad-key/", follow=True)
    assert response.status_code == 200
    assert "not valid" in response.content.decode()


@pytest.mark.django_db
def test_logout_is_a_post(client):
    user = verified_user()
    client.force_login(user)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_account_pages_extend_the_site_layout(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        html = client.get(url).content.decode()
        assert 'class="skip-link"' in html, url
        assert "participants/participants.css" in html, url


@pytest.mark.django_db(transaction=True)
def test_verification_mail_is_in_the_applicants_language(client):
    client.cookies["django_language"] = "vi"
    client.post(
        "/vi/accounts/signup/",
        {"email": "thao@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    [message] = mail.outbox
    assert message.subject == "[Bridges] Xác nhận địa chỉ email"
    assert "Bridges xin chào!" in message.body
    assert "/accounts/confirm-email/" in _link_in(message)


@pytest.mark.django_db
def test_account_management_pages_render_on_the_site_layout(client):
    client.force_login(verified_user())
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/logout/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'class="skip-link"' in response.content.decode(), url


@pytest.mark.django_db
def test_password_change_keeps_the_user_signed_in(client):
    user = verified_user()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Brand-new-pass-2028",
            "password2": "Brand-new-pass-2028",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-2028")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_password_change_wrong_old_password_is_shown_beside_it(client):
    client.force_login(verified_user())
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "not-it",
            "password1": "Brand-new-pass-2028",
            "password2": "Brand-new-pass-2028",
        },
    )
    assert response.status_code == 200
    assert 'id="id_oldpassword_error"' in response.content.decode()


# --- email addresses (allauth's view, our page) ----------------------------------


@pytest.mark.django_db
def test_email_page_lists_addresses_with_their_state_in_our_markup(client):
    user = verified_user()
    EmailAddress.objects.create(user=user, email="minh.work@example.org", verified=False)
    client.force_login(user)
    html = client.get("/accounts/email/").content.decode()
    assert 'class="email-addresses"' in html
    assert 'aria-current="page">Email and password</a>' in html  # found from "My data" etc.
    items = {
        re.search(r'value="([^"]+)"', item).group(1): item
        for item in re.findall(r"<li>(.*?)</li>", html, re.S)
        if 'type="radio"' in item
    }
    assert set(items) == {"minh@example.org", "minh.work@example.org"}
    assert "Sign-in and messages" in items["minh@example.org"]
    assert "Verified" in items["minh@example.org"]
    assert "Not verified yet" in items["minh.work@example.org"]
    assert "Sign-in and messages" not in items["minh.work@example.org"]
    assert 'name="action_add"' in html and 'id="id_email"' in html


@pytest.mark.django_db(transaction=True)
def test_adding_an_address_sends_its_verification_link(client):
    user = verified_user()
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "minh.new@example.org"})
    assert response.status_code == 302
    added = EmailAddress.objects.get(user=user, email="minh.new@example.org")
    assert not added.verified and not added.primary
    assert [m.to for m in mail.outbox] == [["minh.new@example.org"]]
    assert "/accounts/confirm-email/" in _link_in(mail.outbox[0])


@pytest.mark.django_db
def test_a_bad_address_is_refused_beside_the_field_and_nothing_is_added(client):
    user = verified_user()
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html and 'aria-invalid="true"' in html
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "minh@example.org"
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_make_primary_and_remove(client):
    user = verified_user()
    EmailAddress.objects.create(user=user, email="minh.work@example.org", verified=True)
    client.force_login(user)
    response = client.post(
        "/accounts/email/", {"action_primary": "", "email": "minh.work@example.org"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "minh.work@example.org"
    assert EmailAddress.objects.get(user=user, primary=True).email == "minh.work@example.org"
    # The old address can go now; the primary one cannot.
    client.post("/accounts/email/", {"action_remove": "", "email": "minh@example.org"})
    refused = client.post(
        "/accounts/email/", {"action_remove": "", "email": "minh.work@example.org"}, follow=True
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "minh.work@example.org"
    ]
    assert "primary" in refused.content.decode().lower()


@pytest.mark.django_db
def test_email_page_in_vietnamese(client):
    client.force_login(verified_user())
    html = client.get("/accounts/email/", HTTP_ACCEPT_LANGUAGE="vi", follow=True).content.decode()
    assert "Địa chỉ email" in html and "Thêm địa chỉ email" in html
