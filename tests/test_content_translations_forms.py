"""The side-by-side editing of organisers' texts (backend/content_forms.py, issue 17):
every working language of a field next to the others, the untranslated ones marked, the
texts saved through the services."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import untranslated_counts
from programmes import services
from programmes.models import Session
from tests.factories.programmes import EventFactory, SessionFactory


class SessionTextsForm(ContentLanguagesMixin, forms.ModelForm):
    content_fields = ("title", "description")

    class Meta:
        model = Session
        fields = ["title", "description"]


@pytest.fixture
def session(db):
    event = EventFactory(
        working_languages=["ko", "en", "vi"], title="Youth workshop", theme="", summary=""
    )
    return SessionFactory(event=event, title="Opening", title_ko="개회")


def _render(form) -> str:
    return "".join(
        render_to_string("content/language_fields.html", {"group": group})
        for group in form.content_groups
    )


def test_each_working_language_side_by_side_and_the_untranslated_marked(session):
    form = SessionTextsForm(instance=session, languages=session.event.working_languages)
    assert [name for name in form.fields] == [
        "title_ko",
        "title_en",
        "title_vi",
        "description_ko",
        "description_en",
        "description_vi",
    ]
    # The first language carries the field's requirement; the others may wait.
    assert [form.fields[f"title_{code}"].required for code in ("ko", "en", "vi")] == [
        True,
        False,
        False,
    ]
    assert form.untranslated == {"title": ["vi"]}
    with translation.override("en"):
        html = _render(form)
    assert html.count('lang="ko"') == 2 and html.count('lang="vi"') == 2
    assert 'value="개회"' in html and 'value="Opening"' in html
    assert "1 language untranslated" in html
    assert "Not translated yet: readers see Korean." in html
    assert 'aria-describedby="id_title_vi_note"' in html
    with translation.override("ko"):
        assert "Not translated yet" not in _render(form)  # the words are translated too


def test_the_texts_go_through_the_service(session):
    form = SessionTextsForm(
        {
            "title_ko": "개회식",
            "title_en": "Opening",
            "title_vi": "Khai mạc",
            "description_ko": "",
            "description_en": "",
            "description_vi": "",
        },
        instance=session,
        languages=session.event.working_languages,
    )
    assert form.is_valid(), form.errors
    assert form.untranslated == {}
    services.session_update(session=session, data=form.content_data())
    session.refresh_from_db()
    assert (session.title_ko, session.title_en, session.title_vi) == (
        "개회식",
        "Opening",
        "Khai mạc",
    )
    with translation.override("vi"):
        assert Session.objects.get(pk=session.pk).title == "Khai mạc"
    assert untranslated_counts([session.event_id]) == {session.event_id: 2}  # the event's title


def test_the_first_language_is_required(session):
    form = SessionTextsForm(
        {"title_ko": "", "title_en": "Opening"},
        instance=session,
        languages=session.event.working_languages,
    )
    assert not form.is_valid()
    assert list(form.errors) == ["title_ko"]
