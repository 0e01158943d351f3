"""Error pages: in the site's layout and language, and a collision with a concurrent
transaction on a page is a 409 to retry, not a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from participants import services
from tests.test_errors import _deadlock

CONSENT_PAGE = "/consent/any-token/"


def _consent_page_raising(monkeypatch, exc: Exception):
    """GET a page whose service raises ``exc``, as a visitor's browser sees it."""

    def raising(**kwargs):
        raise exc

    monkeypatch.setattr(services, "guardian_consent_from_token", raising)
    return Client(raise_request_exception=False).get(CONSENT_PAGE)


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_sites_layout_and_language():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'class="site-header"' in html and 'href="/events/"' in html
    korean = Client(headers={"accept-language": "ko"}).get("/no-such-page/")
    assert korean.status_code == 404
    html = korean.content.decode()
    assert "<h1>페이지를 찾을 수 없습니다." in html  # Django's own wording
    assert "홈으로 가기" in html


@pytest.mark.django_db
def test_a_server_error_is_a_plain_branded_500(monkeypatch):
    response = _consent_page_raising(monkeypatch, RuntimeError("a bug"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "a bug" not in html  # nothing of the error reaches the visitor


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_on_a_page_is_a_409_to_retry(monkeypatch):
    response = _consent_page_raising(monkeypatch, _deadlock())
    assert response.status_code == 409
    html = response.content.decode()
    assert "<h1>Please try again</h1>" in html
    assert "nothing was saved" in html
    assert f'href="{CONSENT_PAGE}"' in html


@pytest.mark.django_db
def test_other_database_errors_stay_server_errors(monkeypatch):
    from django.db import OperationalError

    assert _consent_page_raising(monkeypatch, OperationalError("disk full")).status_code == 500


def test_a_page_someone_may_not_open_is_a_403_in_the_sites_layout(client, event, staff_client):
    from django.urls import reverse

    client.force_login(staff_client.user)
    response = client.get(reverse("scheduling:schedule", args=[event.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html
    assert 'class="site-header"' in html and "Sign out" in html
