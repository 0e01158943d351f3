"""Built-in templates: every kind renders in English, Korean and Vietnamese."""

import datetime as dt

import pytest

from notifications.enums import MessageKind
from notifications.rendering import fill_placeholders, format_instant, render, time_entry

AT = dt.datetime(2027, 7, 5, 0, 0, tzinfo=dt.UTC)
CONTEXT = {
    "first_name": "Linh",
    "event_title": "Youth Network Workshop",
    "session_title": "Opening",
    "applicant_name": "Minh",
    "guardian_name": "Lan",
    "venue": "Hall A",
    "day": "2027-07-05",
    "reminder": "1h",
    "legs": ["Seoul (2027-07-05 – 2027-07-09)"],
    "sessions": [
        {
            "title": "Opening",
            "starts_at": AT.isoformat(),
            "ends_at": AT.isoformat(),
            "zone": "Asia/Seoul",
            "venue": "",
        }
    ],
    "recipient_zone": "Europe/Sofia",
    "link": "https://bridges.example/x",
    "custom_subject": "Hi {first_name}",
    "custom_body": "Body",
    "times": {
        name: time_entry(AT, "Asia/Seoul")
        for name in ("session_start", "event_start", "deadline", "consent_expires", "old_start")
    },
}
# Words that only a real translation contains.
MARKERS = {"ko": "님", "vi": "Xin chào"}


@pytest.mark.parametrize("kind", [k for k in MessageKind.values if k != MessageKind.BROADCAST])
def test_every_kind_renders_in_three_languages(kind):
    rendered = {
        lang: render(
            kind=kind,
            template=kind,
            context=CONTEXT,
            language=lang,
            recipient_id=7,
            site_url="https://b",
        )
        for lang in ("en", "ko", "vi")
    }
    for lang, (subject, text, html) in rendered.items():
        assert subject and "\n" not in subject
        assert "{{" not in text and "{%" not in html
        assert f'<html lang="{lang}">' in html
        assert "https://bridges.example/x" in text
        if lang != "en":
            assert MARKERS[lang] in text, (lang, text)
            assert subject != rendered["en"][0]


def test_format_instant_is_unambiguous_across_dst():
    assert format_instant(dt.datetime(2027, 3, 27, 23, 0, tzinfo=dt.UTC), "Europe/Sofia") == (
        "2027-03-28 01:00 (Europe/Sofia, UTC+02:00)"
    )
    assert format_instant(dt.datetime(2027, 3, 29, 0, 0, tzinfo=dt.UTC), "Europe/Sofia") == (
        "2027-03-29 03:00 (Europe/Sofia, UTC+03:00)"
    )


def test_placeholders_never_reach_attributes():
    assert fill_placeholders(
        "{first_name} {first_name.__class__} {0} {nope}", {"first_name": "Linh"}
    ) == ("Linh {first_name.__class__} {0} {nope}")
