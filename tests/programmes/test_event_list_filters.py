"""The public event list's boxes (open calls, past events) read by programmes.filters
.EventListFilter: the same list for the values the page sends, the form's error beside the
box for any other, and the whole anonymous page kept per query string."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from programmes import services
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db

URL = "/events/"


@pytest.fixture
def events(organisation):
    """An open call, an upcoming event not taking applications, and a past event."""
    now = timezone.now()
    open_call = services.event_update(
        event=EventFactory(organisation=organisation, title="Open call"),
        data={
            "applications_open_at": now - dt.timedelta(days=3),
            "applications_close_at": now + dt.timedelta(days=30),
        },
    )
    closed = EventFactory(organisation=organisation, title="Closed upcoming")
    past = EventFactory(
        organisation=organisation,
        title="Past meeting",
        start_date=dt.date(2018, 3, 1),
        end_date=dt.date(2018, 3, 2),
    )
    return open_call, closed, past


def shown(response) -> list[str]:
    return [card.title for card in response.context["cards"]]


def test_the_boxes_narrow_and_widen_the_list(events):
    client = Client()
    assert set(shown(client.get(URL))) == {"Open call", "Closed upcoming"}
    assert shown(client.get(URL, {"open": "1"})) == ["Open call"]
    with_past = client.get(URL, {"past": "1"})
    assert shown(with_past)[0] == "Past meeting" and len(shown(with_past)) == 3
    assert shown(client.get(URL, {"past": "1", "open": "1"})) == ["Open call"]
    html = with_past.content.decode()
    assert 'name="past" value="1" checked' in html
    assert 'name="open" value="1" checked' not in html
    assert "field-error" not in html


@pytest.mark.parametrize(("name", "value"), [("open", "yes"), ("past", "2"), ("past", "")])
def test_a_value_the_box_does_not_send_is_an_error_beside_it(events, name, value):
    response = Client().get(URL, {name: value})
    assert response.status_code == 200
    html = response.content.decode()
    if value == "":  # an empty box is a box not ticked, as before
        assert "field-error" not in html
        return
    assert f'<p class="field-error" id="{name}-error">Select a valid choice.' in html
    assert '<details class="filter-panel" data-open-wide open>' in html
    # The refused box is not applied: the upcoming events, as without it.
    assert set(shown(response)) == {"Open call", "Closed upcoming"}


def test_a_refused_box_leaves_the_other_in_use(events):
    response = Client().get(URL, {"open": "no", "past": "1"})
    assert 'id="open-error"' in response.content.decode()
    assert len(shown(response)) == 3


def test_the_whole_anonymous_page_is_kept_per_query_string(events, django_assert_num_queries):
    client = Client()
    upcoming = client.get(URL).content.decode()
    with_past = client.get(URL, {"past": "1"}).content.decode()
    refused = client.get(URL, {"past": "x"}).content.decode()
    assert "Past meeting" not in upcoming and "Past meeting" in with_past
    assert 'id="past-error"' in refused and 'id="past-error"' not in with_past
    # Again: each from the cache (no query), each its own page.
    with django_assert_num_queries(0):
        assert client.get(URL).content.decode() == upcoming
        assert client.get(URL, {"past": "1"}).content.decode() == with_past
        assert client.get(URL, {"past": "x"}).content.decode() == refused
