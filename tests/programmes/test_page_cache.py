"""Whole anonymous pages (home, /events/, an event page) are kept per version and
language: a repeat read runs no query, a change through a service shows at once, a
reader holding the page gets 304, and nothing a visitor may not share (a signed-in
page, a message, a CSRF token) is ever kept or served to another."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes import services
from programmes.enums import MemberRole
from tests.factories.programmes import EventFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/events/", "/events/{slug}/"]


@pytest.fixture
def page_event(organisation):
    return EventFactory(organisation=organisation, title="Heritage Forum")


def _get(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)
    return response, len(queries.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_repeat_anonymous_read_runs_no_query(page, page_event):
    url = page.format(slug=page_event.slug)
    first, first_queries = _get(Client(), url)
    # Another visitor, not the same one: the entry is shared.
    again, again_queries = _get(Client(), url)
    assert first.status_code == again.status_code == 200
    assert first_queries >= 1 and again_queries == 0
    assert again.content == first.content
    assert "Heritage Forum" in again.content.decode()
    # Nothing of one visitor in a shared page: no CSRF token, no cookie set.
    assert b"csrfmiddlewaretoken" not in again.content
    assert not again.cookies
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("page", PAGES)
def test_a_reader_holding_the_page_gets_304(page, page_event):
    url = page.format(slug=page_event.slug)
    etag = Client().get(url)["ETag"]
    response, queries = _get(Client(), url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.content, queries) == (304, b"", 0)
    assert Client().get(url, HTTP_IF_NONE_MATCH='"another"').status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_change_through_a_service_shows_at_once(page, page_event):
    url = page.format(slug=page_event.slug)
    etag = Client().get(url)["ETag"]
    services.event_update(event=page_event, data={"title": "Living Heritage Forum"})
    response, _ = _get(Client(), url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Living Heritage Forum" in response.content.decode()


def test_an_agenda_change_shows_on_the_event_page_at_once(page_event):
    url = f"/events/{page_event.slug}/"
    assert "Opening plenary" not in Client().get(url).content.decode()
    starts = dt.datetime.combine(page_event.start_date, dt.time(10), tzinfo=page_event.zone)
    session = services.session_create(
        event=page_event,
        title="Opening plenary",
        kind="lecture",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    assert "Opening plenary" in Client().get(url).content.decode()
    services.session_update(session=session, data={"title": "Welcome"})
    page = Client().get(url).content.decode()
    assert "Welcome" in page and "Opening plenary" not in page


def test_a_signed_in_visitor_never_gets_the_cached_page(organisation, page_event):
    url = f"/events/{page_event.slug}/"
    anonymous = Client().get(url).content.decode()
    assert "Organiser tools" not in anonymous
    organiser = Client()
    organiser.force_login(
        MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    )
    for _ in range(2):
        response, queries = _get(organiser, url)
        page = response.content.decode()
        assert "Organiser tools" in page and "Sign out" in page
        assert "csrfmiddlewaretoken" in page  # the sign-out form
        assert queries >= 1
    # And what a signed-in visitor was shown is never kept for the others.
    again, queries = _get(Client(), url)
    assert "Organiser tools" not in again.content.decode() and queries == 0


def test_a_message_is_shown_to_its_visitor_only(organisation, page_event):
    Client().get("/")  # the shared entry exists
    visitor = Client()
    visitor.force_login(MembershipFactory(organisation=organisation).user)
    visitor.post("/accounts/logout/")  # signed out: a message waits for the next page
    shown = visitor.get("/").content.decode()
    assert 'class="messages"' in shown
    assert 'class="messages"' not in Client().get("/").content.decode()
    assert 'class="messages"' not in visitor.get("/").content.decode()


def test_each_language_has_its_own_page(page_event):
    url = f"/events/{page_event.slug}/"
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    korean = Client().get(f"/ko{url}")
    assert english["Content-Language"] == "en" and korean["Content-Language"] == "ko"
    assert '<html lang="ko"' in korean.content.decode()
    assert Client().get(f"/ko{url}").content == korean.content


def test_the_event_page_ends_when_its_window_opens(page_event):
    opens = timezone.now() + dt.timedelta(seconds=30)
    page_event.applications_open_at = opens
    page_event.applications_close_at = opens + dt.timedelta(days=20)
    page_event.save()
    url = f"/events/{page_event.slug}/"
    before = Client().get(url)
    with time_machine.travel(opens + dt.timedelta(seconds=1), tick=False):
        after = Client().get(url)
    assert after["ETag"] != before["ETag"]


def test_the_language_form_works_without_a_csrf_token():
    # The form carries no token (so pages can be shared); the view must take it so.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/events/"})
    assert (response.status_code, response["Location"]) == (302, "/ko/events/")
    assert client.get("/ko/events/")["Content-Language"] == "ko"
