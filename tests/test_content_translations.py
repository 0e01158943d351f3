"""Organisers' texts in each working language (issue 17), through the API.

The must-hold: the API returns an event's French title with ``Accept-Language: fr`` and
falls back to the event's first working language where there is none. Also: ``?lang=``,
organisers writing every language, what is left untranslated, and the cached public
answers (event list, agenda) kept apart per language with their own ETags.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from backend.content_language import fallback_order, untranslated_counts
from programmes.enums import EventStatus
from tests.factories.programmes import EventFactory, SessionFactory


@pytest.fixture
def meeting(organisation):
    """UNESCO's working languages: English first, then French."""
    event = EventFactory(
        organisation=organisation,
        slug="focal-points",
        working_languages=["en", "fr"],
        title="Meeting of focal points",
        theme="",
        summary="Sharing experiences of the 2005 Convention.",
        status=EventStatus.PUBLISHED,
    )
    event.title_fr = "Réunion des points de contact"
    event.save(update_fields=["title_fr"])
    SessionFactory(event=event, title="Opening", title_fr="Ouverture")
    return event


@pytest.fixture
def workshop(organisation):
    """Korean first: a Vietnamese reader sees the Korean title, not the site's English."""
    event = EventFactory(
        organisation=organisation,
        slug="youth-workshop",
        working_languages=["ko", "en", "vi"],
        title="Youth workshop",
        theme="",
        summary="",
        status=EventStatus.PUBLISHED,
    )
    event.title_ko = "청소년 워크숍"
    event.save(update_fields=["title_ko"])
    return event


def _title(client, slug, **headers):
    response = client.get(f"/api/v1/events/{slug}/", **headers)
    assert response.status_code == 200, response.content
    return response.json()["title"]


def test_the_title_in_the_language_asked_for_else_the_events_first_language(
    anonymous_client, meeting, workshop
):
    assert _title(anonymous_client, "focal-points", HTTP_ACCEPT_LANGUAGE="fr") == (
        "Réunion des points de contact"
    )
    assert _title(anonymous_client, "focal-points") == "Meeting of focal points"
    # No Korean title: the first working language (English here).
    assert _title(anonymous_client, "focal-points", HTTP_ACCEPT_LANGUAGE="ko") == (
        "Meeting of focal points"
    )
    # No Vietnamese title: Korean, the workshop's first language, not the site's English.
    assert _title(anonymous_client, "youth-workshop", HTTP_ACCEPT_LANGUAGE="vi") == "청소년 워크숍"
    # ?lang= wins over Accept-Language.
    assert _title(
        anonymous_client, "focal-points", HTTP_ACCEPT_LANGUAGE="en", QUERY_STRING="lang=fr"
    ) == ("Réunion des points de contact")
    response = anonymous_client.get("/api/v1/events/focal-points/?lang=de")
    assert response.status_code == 400
    assert "lang" in response.json()


def test_fallback_order_is_the_one_rule():
    assert fallback_order("vi", ["fr", "en"]) == ["vi", "fr", "en", "ko", "th"]
    assert fallback_order("xx", []) == ["en", "fr", "ko", "th", "vi"]


def test_organisers_read_and_write_every_language(organiser_client, organisation, meeting):
    url = f"/api/v1/events/{meeting.slug}/"
    body = organiser_client.get(url).json()
    assert body["translations"]["title"] == {
        "en": "Meeting of focal points",
        "fr": "Réunion des points de contact",
    }
    # The summary has no French yet: the organiser sees it is left to translate.
    assert body["missing_translations"] == {"summary": ["fr"]}

    response = organiser_client.patch(
        url,
        {"translations": {"summary": {"fr": "Partager les expériences."}, "title": {"en": ""}}},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["translations"]["summary"] == {
        "en": "Sharing experiences of the 2005 Convention.",
        "fr": "Partager les expériences.",
    }
    # English cleared: it falls back to French, and English is now missing.
    assert body["title"] == "Réunion des points de contact"
    assert body["missing_translations"] == {"title": ["en"]}

    bad = organiser_client.patch(url, {"translations": {"title": {"de": "x"}}}, format="json")
    assert bad.status_code == 400 and "translations" in bad.json()
    too_long = organiser_client.patch(
        url, {"translations": {"title": {"fr": "x" * 201}}}, format="json"
    )
    assert too_long.status_code == 400 and "translations" in too_long.json()
    meeting.refresh_from_db()
    assert meeting.title_fr == "Réunion des points de contact"  # nothing half-saved

    created = organiser_client.post(
        "/api/v1/sessions/",
        {
            "event": meeting.slug,
            "title": "Closing",
            "kind": "lecture",
            "starts_at": "2027-07-05T16:00:00",
            "ends_at": "2027-07-05T17:00:00",
            "translations": {"title": {"fr": "Clôture"}},
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["translations"]["title"] == {"en": "Closing", "fr": "Clôture"}


def test_cached_public_answers_are_kept_apart_per_language(anonymous_client, meeting):
    english = anonymous_client.get("/api/v1/events/")
    french = anonymous_client.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="fr")
    assert [row["title"] for row in english.json()["results"]] == ["Meeting of focal points"]
    assert [row["title"] for row in french.json()["results"]] == ["Réunion des points de contact"]
    assert english["ETag"] != french["ETag"]
    for response in (english, french):
        assert {"Accept-Language", "Cookie"} <= {
            part.strip() for part in response["Vary"].split(",")
        }
    again = anonymous_client.get(
        "/api/v1/events/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=french["ETag"]
    )
    assert again.status_code == 304

    url = f"/api/v1/events/{meeting.slug}/agenda/"
    agenda_en = anonymous_client.get(url)
    agenda_fr = anonymous_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert agenda_en.json()["days"][0]["sessions"][0]["title"] == "Opening"
    assert agenda_fr.json()["days"][0]["sessions"][0]["title"] == "Ouverture"
    assert agenda_en["ETag"] != agenda_fr["ETag"]
    # From the cache the second time, still in the reader's language.
    assert anonymous_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content == agenda_fr.content


def test_untranslated_counts_per_event_in_constant_queries(meeting, workshop):
    # The meeting lacks the French summary; its session is in both languages.
    # The workshop lacks its Vietnamese title (its English one is there).
    with CaptureQueriesContext(connection) as queries:
        counts = untranslated_counts([meeting.pk, workshop.pk])
    assert counts == {meeting.pk: 1, workshop.pk: 1}
    few = len(queries)
    others = [EventFactory(working_languages=["en", "fr"], title="Other").pk for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        untranslated_counts([meeting.pk, workshop.pk, *others])
    assert len(queries) == few


def test_a_session_reads_its_events_first_language(workshop):
    session = SessionFactory(event=workshop, title="Opening")
    session.title_ko = "개회"
    session.title_en = "Opening"
    session.save()
    session = type(session).objects.select_related("event").get(pk=session.pk)
    with translation.override("vi"):
        assert session.title == "개회"
    with translation.override("fr"):
        assert session.title == "개회"
    with translation.override("en"):
        assert session.title == "Opening"


def test_the_schema_documents_the_language(anonymous_client):
    schema = anonymous_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/events/{slug}/"]["get"]
    parameters = {(p["in"], p["name"]) for p in operation["parameters"]}
    assert {("query", "lang"), ("header", "Accept-Language")} <= parameters
    event = schema["components"]["schemas"]["Event"]["properties"]
    assert set(event["translations"]["properties"]) == {"title", "theme", "summary", "description"}
    assert set(event["translations"]["properties"]["title"]["properties"]) == {
        "en",
        "fr",
        "ko",
        "th",
        "vi",
    }


def test_country_names_in_thai():
    """django-countries' Thai catalogue holds English names; Bridges ships Thai ones."""
    from django_countries import countries

    with translation.override("th"):
        assert [countries.name(code) for code in ("VN", "KR", "BG", "LA")] == [
            "เวียดนาม",
            "เกาหลีใต้",
            "บัลแกเรีย",
            "ลาว",
        ]


def test_event_pages_in_the_language_of_their_address(client, meeting):
    french = client.get(f"/fr/events/{meeting.slug}/")
    assert french.status_code == 200
    assert "Réunion des points de contact" in french.content.decode()
    assert "Ouverture" in french.content.decode()
    korean = client.get(f"/ko/events/{meeting.slug}/")
    assert "Meeting of focal points" in korean.content.decode()  # the first language
    english = client.get(f"/events/{meeting.slug}/")
    assert "Meeting of focal points" in english.content.decode()
    assert {"Accept-Language", "Cookie"} <= {p.strip() for p in english["Vary"].split(",")}


def test_questions_and_their_choices_in_every_language(organiser_client, workshop):
    url = f"/api/v1/events/{workshop.slug}/questions/"
    created = organiser_client.post(
        url,
        {
            "kind": "single_choice",
            "label": "Diet",
            "choices": ["None", "Vegetarian"],
            "translations": {
                "label": {"ko": "식단", "vi": "Chế độ ăn"},
                "choice_labels": {"ko": ["없음", "채식"]},
            },
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["translations"]["choice_labels"] == {"ko": ["없음", "채식"]}
    assert body["missing_translations"] == {"choice_labels": ["en", "vi"]}

    korean = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").json()
    diet = next(q for q in korean if q["id"] == body["id"])
    # The label and the choices' labels in Korean; the answers keep the values.
    assert (diet["label"], diet["choice_labels"], diet["choices"]) == (
        "식단",
        ["없음", "채식"],
        ["None", "Vegetarian"],
    )
    # The default question is in every language from the start.
    motivation = next(q for q in korean if q["key"] == "motivation")
    assert motivation["label"] == "왜 참가하고 싶나요?"
    assert motivation["missing_translations"] == {}

    refused = organiser_client.patch(
        f"{url}{body['id']}/",
        {"translations": {"choice_labels": {"vi": "Không"}}},
        format="json",
    )
    assert refused.status_code == 400 and "translations" in refused.json()


def test_values_lists_read_with_the_same_fallback(meeting):
    with translation.override("fr"):
        titles = list(type(meeting).objects.filter(pk=meeting.pk).values_list("title", flat=True))
    assert titles == ["Réunion des points de contact"]
    with translation.override("ko"):
        assert list(type(meeting).objects.filter(pk=meeting.pk).values("title")) == [
            {"title": "Meeting of focal points"}
        ]


def test_the_event_search_finds_words_of_any_language(anonymous_client, meeting):
    for query, language in (("réunion", "en"), ("focal", "fr"), ("contact", "ko")):
        response = anonymous_client.get(f"/api/v1/events/?q={query}", HTTP_ACCEPT_LANGUAGE=language)
        assert [row["slug"] for row in response.json()["results"]] == [meeting.slug], query
