"""The message templates of one kind in every working language side by side (issue 17),
through the page: what a language lacks is marked, all languages are saved in one form
(all or nothing, errors beside the language's field), an emptied language loses its own
template, and delivery then sends the saved language's text."""

from __future__ import annotations

import re

import pytest

from audit.models import LogEntry
from notifications.enums import MessageKind
from notifications.models import TemplateOverride
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory
from tests.pages import browser

K = MessageKind.SESSION_REMINDER


@pytest.fixture
def event3(event):
    event.working_languages = ["en", "fr", "ko"]
    event.save(update_fields=["working_languages"])
    return event


@pytest.fixture
def organiser_client(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


@pytest.fixture
def other_organiser_client(db):
    return browser(MembershipFactory(role=MemberRole.ORGANISER).user)


def _url(event, kind=K):
    return f"/organiser/events/{event.pk}/messages/languages/?kind={kind}"


def _item(html: str, field: str, language: str) -> str:
    group = re.search(rf'data-content-field="{field}">.*?</fieldset>', html, re.S).group(0)
    return re.search(
        rf'<div class="[^"]*" data-language="{language}">.*?</div>', group, re.S
    ).group(0)


def test_side_by_side_shows_marks_and_saves_every_language(event3, organiser_client):
    TemplateOverride.objects.create(
        event=event3, kind=K, language="en", subject="Soon: {session_title}", body="Hello"
    )
    TemplateOverride.objects.create(
        event=event3, kind=K, language="ko", subject="곧 시작", body="안녕하세요"
    )
    page = organiser_client.get(_url(event3))
    assert page.status_code == 200
    html = page.content.decode()
    # Subject and message per working language, French marked as missing.
    assert 'value="Soon: {session_title}"' in _item(html, "subject", "en")
    assert "안녕하세요" in _item(html, "body", "ko")
    french = _item(html, "subject", "fr")
    assert "is-missing" in french and "Not translated yet: readers see English" in french
    assert "1 language untranslated" in html
    assert 'name="subject_vi"' not in html  # not a working language

    response = organiser_client.post(
        _url(event3),
        {
            "subject_en": "Soon: {session_title}",
            "body_en": "Hello",
            "subject_fr": "Bientôt : {session_title}",
            "body_fr": "Bonjour",
            "subject_ko": "",
            "body_ko": "",
        },
    )
    assert response.status_code == 302
    rows = {o.language: (o.subject, o.body) for o in TemplateOverride.objects.filter(event=event3)}
    assert rows == {
        "en": ("Soon: {session_title}", "Hello"),
        "fr": ("Bientôt : {session_title}", "Bonjour"),
    }
    actions = set(LogEntry.objects.filter(event=event3).values_list("action_type", flat=True))
    assert {"notifications.template.saved", "notifications.template.deleted"} <= actions
    html = organiser_client.get(_url(event3)).content.decode()
    assert "is-missing" in _item(html, "subject", "ko") and "Bonjour" in _item(html, "body", "fr")


def test_a_refused_language_refuses_the_lot_beside_its_field(event3, organiser_client):
    TemplateOverride.objects.create(event=event3, kind=K, language="en", subject="S", body="B")
    response = organiser_client.post(
        _url(event3),
        {
            "subject_en": "New",
            "body_en": "New body",
            "subject_fr": "Sujet",
            "body_fr": "",
            "subject_ko": "{nope}",
            "body_ko": "x",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_body_fr_error">\s*<li>Write the message.', html)
    assert TemplateOverride.objects.get(event=event3, kind=K, language="en").subject == "S"
    assert TemplateOverride.objects.filter(event=event3).count() == 1
    # An unknown kind is a 400 beside the kind's field; another event's organiser a 403.
    response = organiser_client.get(_url(event3, "postcard"))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_the_page_is_for_the_events_organisers(event3, other_organiser_client):
    assert other_organiser_client.get(_url(event3)).status_code == 403
