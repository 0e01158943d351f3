"""What visa support letters say, in every working language through the API (issue 17):
the organiser writes the purpose, who pays and the signatory's title in English and
French; a reader of another language gets the event's first; a language the event does
not use is refused with the field named and nothing saved."""

from __future__ import annotations

import pytest

from logistics.models import LetterSettings
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db

FIRST = {
    "letterhead": "UNESCO Bangkok",
    "purpose": "to attend the meeting of focal points",
    "costs_covered_by": "UNESCO",
    "signatory_name": "Duong Bich Hanh",
    "signatory_title": "Chief of Culture Unit",
}


def test_letter_texts_written_and_read_in_each_working_language(
    organiser_client, other_organiser_client, organisation
):
    event = EventFactory(organisation=organisation, working_languages=["en", "fr"])
    url = f"/api/v1/events/{event.slug}/logistics/letter-settings/"
    assert organiser_client.get(url).status_code == 404  # nothing written yet

    # Asked in Korean, which the event does not use: the plain texts are English.
    made = organiser_client.patch(
        url,
        {**FIRST, "translations": {"purpose": {"fr": "pour assister à la réunion"}}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert made.status_code == 200, made.content
    assert made.json()["translations"]["purpose"] == {
        "en": "to attend the meeting of focal points",
        "fr": "pour assister à la réunion",
    }
    assert made.json()["missing_translations"] == {
        "costs_covered_by": ["fr"],
        "signatory_title": ["fr"],
    }
    row = LetterSettings.objects.get(event=event)
    assert not row.purpose_ko and row.purpose_en == FIRST["purpose"]

    french = organiser_client.patch(
        url,
        {"translations": {"signatory_title": {"fr": "Chef de l'unité Culture"}}},
        format="json",
    )
    assert french.status_code == 200, french.content
    assert organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["signatory_title"] == (
        "Chef de l'unité Culture"
    )
    # Thai is not written (nor used): the event's first language, English.
    assert organiser_client.get(url, QUERY_STRING="lang=th").json()["purpose"] == FIRST["purpose"]

    thai = {"translations": {"purpose": {"th": "เพื่อเข้าร่วมการประชุม"}}}
    refused = organiser_client.patch(url, thai, format="json")
    assert refused.status_code == 400 and "purpose_th" in refused.json()
    too_long = organiser_client.patch(url, {"letterhead": "x" * 301}, format="json")
    assert too_long.status_code == 400 and "letterhead" in too_long.json()
    assert other_organiser_client.get(url).status_code == 403
    assert other_organiser_client.patch(url, thai, format="json").status_code == 403
    row.refresh_from_db()
    assert not row.purpose_th and row.letterhead == "UNESCO Bangkok"
