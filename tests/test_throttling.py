"""Rate limits: the API per address and per account, stricter scopes for code and token
look-ups (API and pages share one counter), and a clear 429 with Retry-After."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from tests.factories.programmes import UserFactory


@pytest.fixture
def address():
    """An address of this test's own: counters live in the cache (Redis in the suite) and
    outlive a test and a run. Random in the first 64 bits: allauth counts IPv6 per /64."""
    return f"2001:db8:{secrets.token_hex(2)}:{secrets.token_hex(2)}::1"


@pytest.fixture
def rates(settings):
    """Set the throttle rates for this test (others stay out of the way)."""

    def set_rates(**scopes: str):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **scopes},
        }

    return set_rates


def _assert_throttled_json(response):
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert body["code"] == "throttled"
    assert "throttled" in body["non_field_errors"][0]


@pytest.mark.django_db
def test_anonymous_api_requests_are_limited_per_address(rates, address):
    rates(anon="3/min")
    client = APIClient(REMOTE_ADDR=address)
    for _ in range(3):
        assert client.get("/api/v1/").status_code == 200
    _assert_throttled_json(client.get("/api/v1/"))
    # Another address is counted apart.
    assert APIClient(REMOTE_ADDR=address.replace("::1", "::2")).get("/api/v1/").status_code == 200


@pytest.mark.django_db
def test_the_per_account_limit_does_not_count_anonymous_requests(rates, address):
    rates(anon="4/min", user="2/min")
    client = APIClient(REMOTE_ADDR=address)
    for _ in range(4):
        assert client.get("/api/v1/").status_code == 200
    _assert_throttled_json(client.get("/api/v1/"))


@pytest.mark.django_db
def test_api_requests_are_limited_per_account(rates, address):
    rates(user="3/min")
    user = UserFactory()
    client = APIClient(REMOTE_ADDR=address)
    client.force_authenticate(user)
    for _ in range(3):
        assert client.get("/api/v1/me/applications/").status_code == 200
    _assert_throttled_json(client.get("/api/v1/me/applications/"))
    # The same account from another address is still the same account.
    other = APIClient(REMOTE_ADDR=address.replace("::1", "::2"))
    other.force_authenticate(user)
    assert other.get("/api/v1/me/applications/").status_code == 429
    # Another account is counted apart.
    another = APIClient(REMOTE_ADDR=address)
    another.force_authenticate(UserFactory())
    assert another.get("/api/v1/me/applications/").status_code == 200


@pytest.mark.django_db
def test_a_window_closes_after_its_limit_and_the_next_window_is_open(rates, address):
    rates(anon="3/min")
    client = APIClient(REMOTE_ADDR=address)
    # 20 s into a minute: the window ends 40 s later.
    start = dt.datetime(2027, 3, 1, 9, 0, 20, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            assert client.get("/api/v1/").status_code == 200
        refused = client.get("/api/v1/")
        _assert_throttled_json(refused)
        assert refused["Retry-After"] == "40"
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert client.get("/api/v1/")["Retry-After"] == "10"
    # The refused requests counted for nothing past their window: the next one is open.
    with time_machine.travel(start + dt.timedelta(seconds=40), tick=False):
        for _ in range(3):
            assert client.get("/api/v1/").status_code == 200
        assert client.get("/api/v1/").status_code == 429


@pytest.mark.django_db
def test_a_page_window_closes_after_its_limit_and_the_next_window_is_open(rates, address):
    rates(codes="2/min")
    client = Client(REMOTE_ADDR=address)
    start = dt.datetime(2027, 3, 1, 9, 0, 45, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(2):
            assert client.get(f"/certificates/verify/GUESS{n}/").status_code == 404
        refused = client.get("/certificates/verify/GUESS2/")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "15"
    with time_machine.travel(start + dt.timedelta(seconds=15), tick=False):
        assert client.get("/certificates/verify/GUESS3/").status_code == 404


@pytest.mark.django_db
def test_certificate_code_guesses_are_limited_across_the_api_and_the_page(rates, address):
    rates(codes="4/min")
    api = APIClient(REMOTE_ADDR=address)
    page = Client(REMOTE_ADDR=address)
    assert api.get("/api/v1/certificates/GUESS1/").status_code == 404
    assert page.get("/certificates/verify/GUESS2/").status_code == 404
    assert api.get("/api/v1/certificates/GUESS3/").status_code == 404
    assert page.get("/certificates/verify/GUESS4/").status_code == 404
    # Both doors are now closed for this address.
    _assert_throttled_json(api.get("/api/v1/certificates/GUESS5/"))
    response = page.get("/certificates/verify/GUESS6/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "<h1>Too many requests</h1>" in response.content.decode()
    # The general limits are far away: other API calls still answer.
    assert api.get("/api/v1/").status_code == 200


@pytest.mark.django_db
def test_consent_link_guesses_are_limited_on_the_page_and_the_api(rates, address):
    rates(codes="2/min")
    page = Client(REMOTE_ADDR=address)
    assert page.get("/consent/not-a-token-1/").status_code == 404
    assert page.post("/consent/not-a-token-2/", {"agree": "on"}).status_code == 404
    assert page.get("/consent/not-a-token-3/").status_code == 429
    api = APIClient(REMOTE_ADDR=address)
    _assert_throttled_json(api.get("/api/v1/consent/not-a-token-4/"))


@pytest.mark.django_db
def test_pass_image_and_calendar_feed_guesses_are_limited(rates, address):
    rates(feeds="2/min")
    client = Client(REMOTE_ADDR=address)
    assert client.get("/passes/not-a-token/qr.png").status_code == 404
    assert client.get("/ical/not-a-token.ics").status_code == 404
    assert client.get("/ical/not-a-token.ics").status_code == 429
    assert client.get("/passes/not-a-token/qr.png").status_code == 429


@pytest.mark.django_db
def test_unsubscribe_token_guesses_are_limited(rates, address):
    rates(codes="1/min")
    client = Client(REMOTE_ADDR=address)
    assert client.get("/notifications/unsubscribe/not-a-token/").status_code != 429
    assert client.get("/notifications/unsubscribe/not-a-token/").status_code == 429


# --- sign-up (django-allauth) ----------------------------------------------------------

PASSWORD = "correct-horse-battery-2027"


def _sign_up(email: str, address: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


@pytest.fixture
def account_rate_limits(settings):
    from backend import settings as project

    settings.ACCOUNT_RATE_LIMITS = project.ACCOUNT_RATE_LIMITS


@pytest.mark.django_db
def test_a_classroom_of_100_signs_up_from_one_address(account_rate_limits, address):
    from django.contrib.auth import get_user_model

    school = f"school-{secrets.token_hex(3)}.example"
    for n in range(100):
        response = _sign_up(f"pupil{n}@{school}", address)
        assert response.status_code == 302, (n, response.status_code)
    assert get_user_model().objects.filter(email__endswith=f"@{school}").count() == 100


@pytest.mark.django_db
def test_sign_up_attempts_for_one_email_are_limited_from_any_address(account_rate_limits):
    email = f"someone-{secrets.token_hex(3)}@example.org"
    for n in range(5):
        assert _sign_up(email, f"2001:db8:{n + 1}::1").status_code == 302
    response = _sign_up(email, "2001:db8:99::1")
    assert response.status_code == 429
    assert "<h1>Too many requests</h1>" in response.content.decode()
    # Another person at the same address is not held back.
    assert (
        _sign_up(f"other-{secrets.token_hex(3)}@example.org", "2001:db8:99::1").status_code == 302
    )


@pytest.mark.django_db
def test_a_cache_outage_lets_requests_through(rates, address, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    rates(anon="1/min", codes="1/min")
    for method in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, broken)
    client = APIClient(REMOTE_ADDR=address)
    for _ in range(3):
        assert client.get("/api/v1/").status_code == 200
        assert client.get("/api/v1/certificates/NONE/").status_code == 404


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_buy_new_guesses(rates, address, settings):
    rates(codes="2/min")
    api = APIClient(REMOTE_ADDR=address)
    for n in range(2):
        assert (
            api.get("/api/v1/certificates/NONE/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
            == 404
        )
    forged = api.get("/api/v1/certificates/NONE/", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert forged.status_code == 429


@pytest.mark.django_db
def test_behind_one_proxy_each_client_address_is_counted_apart(rates, address, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rates(codes="1/min")
    proxy = APIClient(REMOTE_ADDR="10.9.9.9")
    first, second = address, address.replace("::1", "::2")
    assert proxy.get("/api/v1/certificates/NONE/", HTTP_X_FORWARDED_FOR=first).status_code == 404
    assert proxy.get("/api/v1/certificates/NONE/", HTTP_X_FORWARDED_FOR=second).status_code == 404
    assert proxy.get("/api/v1/certificates/NONE/", HTTP_X_FORWARDED_FOR=first).status_code == 429


@pytest.mark.django_db
def test_uploads_are_limited_per_account(rates, address, applicant_client):
    from tests.factories.participants import ApplicationFactory

    rates(uploads="2/min")
    application = ApplicationFactory(applicant=applicant_client.user)
    url = f"/api/v1/applications/{application.pk}/documents/"
    applicant_client.defaults["REMOTE_ADDR"] = address
    for _ in range(2):
        assert applicant_client.post(url, {"kind": "cv"}, format="multipart").status_code == 400
    _assert_throttled_json(applicant_client.post(url, {"kind": "cv"}, format="multipart"))
