"""The public listing pages (home, /events/) keep their cards in the cache: a repeat read
runs no event query, any change to what a card shows is visible on the next read, each
language and query has its own entry, and an entry ends when a listed window opens."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes import services
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db


def _event_queries(client, url: str, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, **{"HTTP_ACCEPT_LANGUAGE": "en"})
    assert response.status_code == 200
    touching = [q for q in queries.captured_queries if "programmes_event" in q["sql"]]
    return response.content.decode(), len(touching)


@pytest.mark.parametrize("url", ["/", "/events/"])
def test_a_repeat_read_runs_no_event_query_and_shows_the_same(url, organisation):
    EventFactory.create_batch(3, organisation=organisation)
    client = Client()
    first, first_queries = _event_queries(client, url)
    again, again_queries = _event_queries(client, url)
    assert first_queries >= 1 and again_queries == 0
    # The same page but for the language form's CSRF token, masked anew on every render.
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", again) == csrf.sub("", first)


@pytest.mark.parametrize("url", ["/", "/events/"])
def test_a_change_to_a_card_shows_on_the_next_read(url, organisation):
    event = EventFactory(organisation=organisation, title="Heritage Forum")
    client = Client()
    assert "Heritage Forum" in _event_queries(client, url)[0]
    services.event_update(event=event, data={"title": "Living Heritage Forum"})
    services.leg_create(
        event=event,
        city="Da Nang",
        country="VN",
        start_date=event.start_date,
        end_date=event.start_date,
    )
    page = _event_queries(client, url)[0]
    assert "Living Heritage Forum" in page and "Da Nang" in page


def test_each_language_and_query_has_its_own_entry(organisation):
    EventFactory(organisation=organisation, title="Youth Forum", kind="forum", host_country="KR")
    EventFactory(organisation=organisation, title="Expert Meeting", kind="workshop")
    client = Client()
    forum_only = client.get("/events/", {"kind": "forum"}).content.decode()
    assert "Youth Forum" in forum_only and "Expert Meeting" not in forum_only
    both = client.get("/events/").content.decode()
    assert "Youth Forum" in both and "Expert Meeting" in both
    english = client.get("/events/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    korean = client.get("/ko/events/").content.decode()
    assert "South Korea" in english and "South Korea" not in korean
    assert "대한민국" in korean


def test_an_entry_ends_when_a_listed_window_opens(organisation):
    opens = timezone.now() + dt.timedelta(seconds=30)
    event = EventFactory(organisation=organisation, title="Culture Ministers Meeting")
    event.applications_open_at = opens
    event.applications_close_at = opens + dt.timedelta(days=20)
    event.save()
    client = Client()
    before = client.get("/").content.decode()
    assert "Culture Ministers Meeting" in before
    open_calls_before = before.split('id="open-calls"', 1)[1].split("</section>", 1)[0]
    assert "Culture Ministers Meeting" not in open_calls_before
    with time_machine.travel(opens + dt.timedelta(seconds=1), tick=False):
        after = client.get("/").content.decode()
    open_calls_after = after.split('id="open-calls"', 1)[1].split("</section>", 1)[0]
    assert "Culture Ministers Meeting" in open_calls_after
