"""A text in a language the event does not use is never stored (issue 17), by one rule in
the create and update services (``backend.content_writing``) that the API, the pages and
the admin all go through: a column of such a language is refused (400 naming it, as
``set_fields`` refuses an unknown field), and a plain text written while the request's
language is not one of the event's is the event's first language's text."""

from __future__ import annotations

import pytest

from backend.errors import BridgesError
from programmes import services
from programmes.models import Event, Leg, Session
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(organisation):
    event = EventFactory(
        organisation=organisation,
        slug="focal-points",
        working_languages=["en", "fr"],
        title="Meeting of focal points",
    )
    event.title_fr = "Réunion des points de contact"
    event.save(update_fields=["title_fr"])
    return event


def test_a_title_in_a_language_the_event_does_not_use_is_refused_naming_it(
    organiser_client, meeting
):
    url = f"/api/v1/events/{meeting.slug}/"
    refused = organiser_client.patch(
        url,
        {"translations": {"title": {"th": "การประชุม", "fr": "Autre titre"}}},
        format="json",
    )
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "unused_language"
    assert "title_th" in refused.json()
    meeting.refresh_from_db()
    # Nothing half-saved: the French title given beside it is not written either.
    assert not meeting.title_th and meeting.title_fr == "Réunion des points de contact"

    # Emptying that language is allowed (nothing is stored in it).
    cleared = organiser_client.patch(url, {"translations": {"title": {"th": ""}}}, format="json")
    assert cleared.status_code == 200, cleared.content


def test_a_plain_title_asked_in_an_unused_language_is_the_first_languages(
    organiser_client, meeting
):
    response = organiser_client.patch(
        f"/api/v1/events/{meeting.slug}/",
        {"title": "Focal points meeting"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 200, response.content
    assert response.json()["translations"]["title"] == {
        "en": "Focal points meeting",
        "fr": "Réunion des points de contact",
    }
    stored = Event.objects.get(pk=meeting.pk)
    assert not stored.title_ko and stored.title_en == "Focal points meeting"

    # In a language the event uses, the plain title is that language's, as before.
    french = organiser_client.patch(
        f"/api/v1/events/{meeting.slug}/",
        {"title": "Réunion"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert french.json()["translations"]["title"] == {
        "en": "Focal points meeting",
        "fr": "Réunion",
    }


def test_a_session_and_a_leg_created_in_korean_for_an_english_and_french_event(
    organiser_client, meeting
):
    day = meeting.start_date.isoformat()
    created = organiser_client.post(
        "/api/v1/sessions/",
        {
            "event": meeting.slug,
            "title": "Opening",
            "kind": "lecture",
            "starts_at": f"{day}T09:00:00",
            "ends_at": f"{day}T10:00:00",
            "translations": {"title": {"fr": "Ouverture"}},
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert created.status_code == 201, created.content
    assert created.json()["translations"]["title"] == {"en": "Opening", "fr": "Ouverture"}
    session = Session.objects.get(pk=created.json()["id"])
    assert not session.title_ko

    refused = organiser_client.post(
        "/api/v1/legs/",
        {
            "event": meeting.slug,
            "city": "Bangkok",
            "country": "TH",
            "start_date": day,
            "end_date": day,
            "translations": {"city": {"th": "กรุงเทพฯ"}},
        },
        format="json",
    )
    assert refused.status_code == 400, refused.content
    assert "city_th" in refused.json()
    assert not Leg.objects.filter(event=meeting).exists()


def test_the_services_keep_a_text_already_stored_in_a_dropped_language(meeting):
    """The admin sends back every column it shows: an untouched French title of an event
    that has dropped French is not refused, a new one is."""
    meeting.working_languages = ["en"]
    meeting.save(update_fields=["working_languages"])
    kept = services.event_update(
        event=meeting, data={"title_fr": "Réunion des points de contact", "title_en": "Meeting"}
    )
    assert (kept.title_en, kept.title_fr) == ("Meeting", "Réunion des points de contact")
    with pytest.raises(BridgesError) as refused:
        services.event_update(event=meeting, data={"title_fr": "Autre"})
    assert refused.value.field == "title_fr"
