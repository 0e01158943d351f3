"""Built-in templates: every kind renders in English, Korean and Vietnamese."""

import datetime as dt

import pytest
from django.utils import translation

from notifications.enums import MessageKind
from notifications.rendering import (
    Renderer,
    fill_placeholders,
    format_instant,
    render,
    time_entry,
)

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


# Broadcasts are written by organisers, account mail by allauth's templates (rendered in
# the requester's language when queued): neither has texts of ours to translate.
@pytest.mark.parametrize(
    "kind", [k for k in MessageKind.values if k not in (MessageKind.BROADCAST, MessageKind.ACCOUNT)]
)
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


@pytest.mark.parametrize("kind", MessageKind.values)
def test_batch_renderer_gives_exactly_the_full_render_for_every_kind(kind):
    """The renderer renders each template once per shape and puts each person's values
    in afterwards; the result must be byte for byte what a full render gives, including
    escaping (HTML) and non-escaping (text), empty names and language switches."""
    renderer = Renderer(site_url="https://b")
    people = [
        ("Linh", 7, "vi"),
        ("O'Brien & <Co>", 8, "en"),
        ("", 9, "en"),
        ("Ji-woo", 10, "ko"),
        ("Anna  Maria", 11, "en"),
    ]
    try:
        for name, user_id, lang in people:
            context = {**CONTEXT, "first_name": name}
            got = renderer.render(
                kind=kind, template=kind, context=context, language=lang, recipient_id=user_id
            )
            expected = render(
                kind=kind,
                template=kind,
                context=context,
                language=lang,
                recipient_id=user_id,
                site_url="https://b",
            )
            assert got[:3] == expected, (kind, name, lang)
    finally:
        renderer.close()


def test_batch_renderer_renders_a_shared_shape_once_and_restores_the_language():
    renderer = Renderer(site_url="https://b")
    with translation.override("ko"):
        for user_id in range(1, 6):
            _s, text, html, unsubscribe = renderer.render(
                kind=MessageKind.SESSION_REMINDER,
                template=MessageKind.SESSION_REMINDER,
                context={**CONTEXT, "first_name": f"P{user_id}"},
                language="en",
                recipient_id=user_id,
            )
            assert f"Hello P{user_id}," in text and unsubscribe in text
        renderer.close()
        assert translation.get_language() == "ko"
    # One language, one session, one zone: a single shape for all five people.
    assert len(renderer.shapes) == 1 and None not in renderer.shapes.values()


def test_batch_renderer_falls_back_to_a_full_render_when_a_value_changes_the_output_shape(
    settings,
):
    """A template that transforms the name (|upper) can't take a substituted name: the
    two probes disagree and every message is rendered in full."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0].get("OPTIONS", {}),
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "notifications/email/shouty.subject.txt": "Hi {{ first_name|upper }}",
                            "notifications/email/shouty.txt": "{{ first_name|upper }}",
                            "notifications/email/shouty.html": "<b>{{ first_name }}</b>",
                        },
                    )
                ],
            },
        }
    ]
    renderer = Renderer(site_url="https://b")
    try:
        subject, text, html, _u = renderer.render(
            kind=MessageKind.DECISION_ACCEPTED,
            template="shouty",
            context={"first_name": "linh & co"},
            language="en",
            recipient_id=None,
        )
    finally:
        renderer.close()
    assert (subject, text, html) == ("Hi LINH &amp; CO", "LINH &amp; CO", "<b>linh &amp; co</b>")
    assert list(renderer.shapes.values()) == [None]


def test_account_mail_is_sent_as_allauth_wrote_it():
    """Account mail carries allauth's text unchanged (no greeting, no inbox footer: it is
    not listed in the inbox); the HTML part escapes it and makes the link clickable."""
    context = {
        "first_name": "Linh",
        "account_subject": "[Bridges] Confirm your email address",
        "account_text": "Open this link to confirm it:\n\nhttp://b/accounts/confirm-email/k1/\n\n<Bridges & co>",
    }
    subject, text, html = render(
        kind=MessageKind.ACCOUNT,
        template=MessageKind.ACCOUNT,
        context=context,
        language="vi",
        recipient_id=7,
        site_url="https://b",
    )
    assert subject == "[Bridges] Confirm your email address"
    assert text.strip() == context["account_text"]
    assert '<a href="http://b/accounts/confirm-email/k1/"' in html
    assert "&lt;Bridges &amp; co&gt;" in html
    assert "Linh" not in text + html and "/me/inbox/" not in text + html
