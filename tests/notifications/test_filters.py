"""Filters on the organisers' broadcast and template lists (API) and on the inbox and
broadcasts pages: each narrows the rows, a bad value is refused by name."""

import datetime as dt

import pytest

from notifications.enums import MessageKind, Segment
from notifications.models import Broadcast, TemplateOverride
from tests.factories.clock import FROZEN_NOW
from tests.factories.programmes import EventFactory
from tests.notifications.test_api import sent_message
from tests.pages import browser, field_container


def _broadcast(event, subject, *, days_ago=0, segment=Segment.CONFIRMED_PARTICIPANTS):
    return Broadcast.objects.create(
        event=event,
        segment=segment,
        country="VN" if segment == Segment.APPLICANTS_FROM_COUNTRY else "",
        subject=subject,
        body="Body",
        sent_at=FROZEN_NOW - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def broadcasts(event):
    return {
        "visa": _broadcast(event, "Visa letters", days_ago=10),
        "flights": _broadcast(event, "Flights", days_ago=2),
        "vn": _broadcast(event, "Xin chào", segment=Segment.APPLICANTS_FROM_COUNTRY),
        # Another event's broadcast never shows, whatever the filters.
        "elsewhere": _broadcast(EventFactory(), "Visa letters elsewhere"),
    }


def _day(days_ago: int) -> str:
    return (FROZEN_NOW - dt.timedelta(days=days_ago)).date().isoformat()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"visa", "flights", "vn"}),
        ("q=visa", {"visa"}),
        ("segment=country", {"vn"}),
        (f"sent_after={_day(3)}", {"flights", "vn"}),
        (f"sent_before={_day(2)}", {"visa", "flights"}),
        (f"sent_after={_day(3)}&sent_before={_day(1)}", {"flights"}),
    ],
)
def test_broadcast_list_filters(event, organiser_client, broadcasts, query, expected):
    response = organiser_client.get(f"/api/v1/events/{event.pk}/broadcasts/?{query}")
    assert response.status_code == 200
    assert {b["id"] for b in response.json()} == {broadcasts[name].pk for name in expected}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("segment=everyone", "segment"), ("sent_after=yesterday", "sent_after")],
)
def test_broadcast_list_bad_filter_is_a_400_naming_it(
    event, organiser_client, broadcasts, query, parameter
):
    response = organiser_client.get(f"/api/v1/events/{event.pk}/broadcasts/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("rows", [1, 12])
def test_broadcast_list_query_count_is_constant(
    event, organiser_client, django_assert_max_num_queries, rows
):
    for i in range(rows):
        _broadcast(event, f"News {i}")
    organiser_client.get(f"/api/v1/events/{event.pk}/broadcasts/?q=news")  # warm the roles
    with django_assert_max_num_queries(6):
        response = organiser_client.get(f"/api/v1/events/{event.pk}/broadcasts/?q=news")
    assert len(response.json()) == rows


def test_broadcast_list_filters_do_not_open_other_events(event, other_organiser_client, broadcasts):
    response = other_organiser_client.get(f"/api/v1/events/{event.pk}/broadcasts/?q=visa")
    assert response.status_code == 403


def test_template_override_list_filters(event, organiser_client):
    def override(kind, language):
        return TemplateOverride.objects.create(
            event=event, kind=kind, language=language, subject="S", body="B"
        )

    reminder_ko = override(MessageKind.SESSION_REMINDER, "ko")
    reminder_all = override(MessageKind.SESSION_REMINDER, "")
    accepted_ko = override(MessageKind.DECISION_ACCEPTED, "ko")
    url = f"/api/v1/events/{event.pk}/message-templates/"

    def ids(query):
        response = organiser_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {o["id"] for o in response.json()}

    assert ids("") == {reminder_ko.pk, reminder_all.pk, accepted_ko.pk}
    assert ids("kind=session_reminder") == {reminder_ko.pk, reminder_all.pk}
    assert ids("language=ko") == {reminder_ko.pk, accepted_ko.pk}
    assert ids("kind=decision_accepted&language=ko") == {accepted_ko.pk}
    response = organiser_client.get(f"{url}?kind=postcard")
    assert response.status_code == 400 and list(response.json()) == ["kind"]


def test_list_filters_are_in_the_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    broadcasts = paths["/api/v1/events/{event_id}/broadcasts/"]["get"]
    assert {"segment", "sent_after", "sent_before", "q"} <= {
        p["name"] for p in broadcasts["parameters"]
    }
    templates = paths["/api/v1/events/{event_id}/message-templates/"]["get"]
    assert {"kind", "language"} <= {p["name"] for p in templates["parameters"]}


# --- pages -----------------------------------------------------------------------------


def test_inbox_page_filters_and_keeps_them_across_pages(applicant_client):
    me = applicant_client.user
    for i in range(21):
        sent_message(me, f"u{i}", f"Unread {i}")
    sent_message(me, "r", "Already read", read=True)
    client = browser(me)
    html = client.get("/me/inbox/?unread=false").content.decode()
    assert "Already read" in html and "Unread 0" not in html
    html = client.get("/me/inbox/?unread=true").content.decode()
    assert "Already read" not in html
    assert 'href="?unread=true&amp;page=2"' in html


def test_inbox_page_bad_filter_shows_beside_the_field(applicant_client):
    sent_message(applicant_client.user, "k", "Welcome")
    response = browser(applicant_client.user).get("/me/inbox/?kind=postcard")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice." in field_container(html, "id_kind")
    assert "Welcome" in html  # the bad filter narrows nothing


def test_broadcasts_page_filters(event, organiser_client, broadcasts):
    client = browser(organiser_client.user)
    url = f"/organiser/events/{event.pk}/broadcasts/"
    html = client.get(f"{url}?q=flight").content.decode()
    assert "Flights" in html and "Visa letters" not in html
    response = client.get(f"{url}?sent_after=soon")
    assert response.status_code == 400
    assert "Enter a valid date." in field_container(
        response.content.decode(), "id_filter_sent_after"
    )
