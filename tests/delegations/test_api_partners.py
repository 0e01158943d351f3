"""The partner directory through the API (issue 17): organisers write a partner's names in
every working language and read them in the request's language, else the event's first;
nobody else changes them (a focal point reads their own partner); bad input is a 400
naming the field with nothing saved; the list costs the same queries for 1 or 6 rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.enums import PartnerKind
from delegations.models import Partner
from delegations.services.organiser import partner_save_in_languages
from tests.factories.programmes import EventFactory, UserFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

BULGARIA = {
    "key": "bg",
    "kind": "country",
    "country": "BG",
    "translations": {
        "official_name": {"fr": "République de Bulgarie", "en": "Republic of Bulgaria"},
        "alphabetical_name": {"fr": "Bulgarie", "en": "Bulgaria"},
    },
}


@pytest.fixture
def meeting(organisation):
    """French first, then English and Korean (nobody has written Korean yet)."""
    return EventFactory(
        organisation=organisation, slug="focal-points", working_languages=["fr", "en", "ko"]
    )


def _url(event, pk=None) -> str:
    tail = f"{pk}/" if pk else ""
    return f"/api/v1/events/{event.slug}/partners/{tail}"


def _partner(event, key: str, name: str, *, focal=None) -> Partner:
    """A partner named in the event's first language."""
    return partner_save_in_languages(
        organisation=event.organisation,
        key=key,
        data={"kind": PartnerKind.COUNTRY},
        texts={f"official_name_{event.working_languages[0]}": name},
        languages=event.working_languages,
        focal_points=[focal] if focal else None,
        by=None,
    )


def test_organisers_write_french_and_english_names_and_read_them_by_language(
    organiser_client, meeting
):
    made = organiser_client.post(_url(meeting), BULGARIA, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["translations"] == BULGARIA["translations"]
    assert body["missing_translations"] == {
        "official_name": ["ko"],
        "alphabetical_name": ["ko"],
    }
    partner = Partner.objects.get(pk=body["id"])
    assert (partner.official_name_fr, partner.official_name_en) == (
        "République de Bulgarie",
        "Republic of Bulgaria",
    )
    assert partner.programme_id == meeting.programme_id

    def names(**headers):
        rows = organiser_client.get(_url(meeting), **headers).json()
        return [(row["official_name"], row["alphabetical_name"]) for row in rows]

    assert names(HTTP_ACCEPT_LANGUAGE="fr") == [("République de Bulgarie", "Bulgarie")]
    assert names(HTTP_ACCEPT_LANGUAGE="fr", QUERY_STRING="lang=en") == [
        ("Republic of Bulgaria", "Bulgaria")
    ]
    # No Korean (and Thai is not a working language): the event's first, French.
    assert names(HTTP_ACCEPT_LANGUAGE="ko") == [("République de Bulgarie", "Bulgarie")]
    assert names(QUERY_STRING="lang=th") == [("République de Bulgarie", "Bulgarie")]

    # A change in one language keeps the others; the plain name is the request's language.
    changed = organiser_client.patch(
        _url(meeting, partner.pk),
        {"official_name": "Bulgaria", "translations": {"official_name": {"ko": "불가리아"}}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["translations"]["official_name"] == {
        "fr": "République de Bulgarie",
        "en": "Bulgaria",
        "ko": "불가리아",
    }
    assert changed.json()["missing_translations"] == {"alphabetical_name": ["ko"]}
    korean = organiser_client.get(_url(meeting, partner.pk), HTTP_ACCEPT_LANGUAGE="ko")
    assert korean.json()["official_name"] == "불가리아"
    assert korean.json()["kind"] == "country" and korean.json()["country"] == "BG"


def test_bad_input_is_refused_naming_the_field_with_nothing_saved(organiser_client, meeting):
    def refused(body, field, method="post", pk=None):
        send = getattr(organiser_client, method)
        response = send(_url(meeting, pk), body, format="json")
        assert response.status_code == 400, response.content
        assert field in response.json(), response.json()

    refused({**BULGARIA, "kind": "planet"}, "kind")
    refused({**BULGARIA, "key": "not a key"}, "key")
    # The first working language's official name is required.
    refused({**BULGARIA, "translations": {"official_name": {"en": "Bulgaria"}}}, "official_name_fr")
    # Thai is not one of the event's languages.
    thai = {"official_name": {"fr": "Bulgarie", "th": "บัลแกเรีย"}}
    refused({**BULGARIA, "translations": thai}, "official_name_th")
    refused({**BULGARIA, "translations": {"official_name": {"fr": "x" * 201}}}, "translations")
    refused({**BULGARIA, "translations": {"official_name": {"de": "Bulgarien"}}}, "translations")
    assert not Partner.objects.exists()

    partner = _partner(meeting, "bg", "Bulgarie")
    refused(BULGARIA, "key")  # the key is taken
    refused({"key": "bul"}, "key", "patch", partner.pk)  # and never changes
    refused(
        {"translations": {"official_name": {"fr": ""}}}, "official_name_fr", "patch", partner.pk
    )
    partner.refresh_from_db()
    assert (partner.key, partner.official_name_fr) == ("bg", "Bulgarie")
    assert Partner.objects.count() == 1


def test_other_organisations_and_focal_points_may_not_change_partners(
    organiser_client, other_organiser_client, meeting
):
    focal = UserFactory()
    mine = _partner(meeting, "bg", "Bulgarie", focal=focal)
    other = _partner(meeting, "th", "Thaïlande")
    focal_client = client_for(focal)
    for client in (other_organiser_client, focal_client):
        assert client.get(_url(meeting)).status_code == 403
        assert client.post(_url(meeting), BULGARIA, format="json").status_code == 403
        patch = client.patch(
            _url(meeting, mine.pk),
            {"translations": {"official_name": {"fr": "Autre"}}},
            format="json",
        )
        assert patch.status_code == 403
    assert other_organiser_client.get(_url(meeting, mine.pk)).status_code == 403
    # A focal point reads their own partner, and only it.
    own = focal_client.get(_url(meeting, mine.pk))
    assert own.status_code == 200 and own.json()["official_name"] == "Bulgarie"
    assert focal_client.get(_url(meeting, other.pk)).status_code == 403
    # Another organisation's partner is not found through this event.
    stranger = EventFactory()
    foreign = _partner(stranger, "bg", "Bulgaria")
    assert organiser_client.get(_url(meeting, foreign.pk)).status_code == 404
    mine.refresh_from_db()
    assert mine.official_name_fr == "Bulgarie" and Partner.objects.count() == 3


def test_the_list_costs_the_same_queries_for_one_or_many_partners(organiser_client, meeting):
    _partner(meeting, "p0", "Partenaire 0", focal=UserFactory())

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(_url(meeting), HTTP_ACCEPT_LANGUAGE="ko")
        assert response.status_code == 200
        return len(queries), len(response.json())

    count()  # the organiser's roles, read once per user
    one, rows = count()
    assert rows == 1
    for n in range(1, 6):
        _partner(meeting, f"p{n}", f"Partenaire {n}", focal=UserFactory())
    many, rows = count()
    assert rows == 6 and many == one


def test_the_invitation_letter_in_every_working_language(
    organiser_client, other_organiser_client, meeting
):
    url = f"/api/v1/events/{meeting.slug}/invitation-letter/"
    written = organiser_client.patch(
        url,
        {
            "letter_subject": "Invitation à la réunion",
            "translations": {
                "letter_subject": {"en": "Invitation to the meeting"},
                "letter_template": {"fr": "Madame, Monsieur,", "en": "Dear Sir or Madam,"},
            },
            "reminder_days": 5,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert written.status_code == 200, written.content
    assert written.json()["translations"] == {
        "letter_subject": {"fr": "Invitation à la réunion", "en": "Invitation to the meeting"},
        "letter_template": {"fr": "Madame, Monsieur,", "en": "Dear Sir or Madam,"},
    }
    assert written.json()["missing_translations"] == {
        "letter_subject": ["ko"],
        "letter_template": ["ko"],
    }
    assert written.json()["reminder_days"] == 5
    english = organiser_client.get(url, QUERY_STRING="lang=en").json()
    assert english["letter_subject"] == "Invitation to the meeting"
    korean = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert korean["letter_template"] == "Madame, Monsieur,"  # the first language's

    thai = {"translations": {"letter_subject": {"th": "คำเชิญ"}}}
    refused = organiser_client.patch(url, thai, format="json")
    assert refused.status_code == 400 and "letter_subject_th" in refused.json()
    bad_days = organiser_client.patch(url, {"reminder_days": 0}, format="json")
    assert bad_days.status_code == 400 and "reminder_days" in bad_days.json()
    assert other_organiser_client.get(url).status_code == 403
    assert other_organiser_client.patch(url, thai, format="json").status_code == 403
    assert organiser_client.get(url).json()["translations"] == written.json()["translations"]
