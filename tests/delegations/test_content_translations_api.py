"""Partners' names and meeting documents' titles in every language through the API
(issue 17): read in the request's language with each language's own text and what is
left to translate; an organiser writes a document's French title."""

from __future__ import annotations

import pytest

from delegations.models import MeetingDocument
from notifications.models import Message

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_documents_french_title_written_then_read_in_french_else_the_first(meeting):
    event = meeting.event
    event.working_languages = ["en", "fr", "ko"]
    event.save(update_fields=["working_languages"])
    organiser = client_for(meeting.organiser)
    url = f"/api/v1/events/{event.slug}/meeting-documents/"
    made = organiser.post(
        url,
        {
            "symbol": "CMM8/1",
            "title": "Provisional agenda",
            "visibility": "public",
            "translations": {"title": {"fr": "Ordre du jour provisoire"}},
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["translations"] == {
        "title": {"en": "Provisional agenda", "fr": "Ordre du jour provisoire"}
    }
    assert made.json()["missing_translations"] == {"title": ["ko"]}

    french = organiser.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [d["title"] for d in french] == ["Ordre du jour provisoire"]
    # No Korean title: the event's first working language's.
    korean = organiser.get(url, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert [d["title"] for d in korean] == ["Provisional agenda"]


def test_a_translation_in_an_unknown_language_is_refused_and_nothing_saved(meeting):
    organiser = client_for(meeting.organiser)
    refused = organiser.post(
        f"/api/v1/events/{meeting.event.slug}/meeting-documents/",
        {
            "symbol": "CMM8/2",
            "title": "Agenda",
            "visibility": "public",
            "translations": {"title": {"xx": "?"}},
        },
        format="json",
    )
    assert refused.status_code == 400 and "translations" in refused.json()
    assert not MeetingDocument.objects.filter(symbol="CMM8/2").exists()


def test_partners_names_in_the_requests_language_with_their_translations(meeting):
    event = meeting.event
    event.working_languages = ["en", "fr"]
    event.save(update_fields=["working_languages"])
    partner = meeting.first.partner
    partner.official_name_fr = "République de Corée"
    partner.save(update_fields=["official_name_fr"])
    organiser = client_for(meeting.organiser)
    mails = Message.objects.count()
    rows = organiser.get(
        f"/api/v1/events/{event.slug}/delegations/", HTTP_ACCEPT_LANGUAGE="fr"
    ).json()
    names = {row["partner"]: row["partner_names"] for row in rows}
    first = names[partner.pk]
    assert first["official_name"] == "République de Corée"
    assert first["translations"]["official_name"]["fr"] == "République de Corée"
    assert first["missing_translations"].get("official_name") is None
    # The other partner has no French name: French is missing, its English name shows.
    second = names[meeting.second.partner_id]
    assert second["missing_translations"]["official_name"] == ["fr"]
    assert second["official_name"] == meeting.second.partner.official_name_en
    assert Message.objects.count() == mails
