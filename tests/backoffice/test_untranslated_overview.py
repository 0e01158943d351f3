"""The event overview tells organisers, per working language, how many of their texts
are not translated yet and links to the pages that fix them (issue 17), in the same
number of queries for few and many texts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.enums import MessageKind
from notifications.models import TemplateOverride
from programmes.enums import MemberRole
from tests.factories.participants import QuestionFactory
from tests.factories.programmes import MembershipFactory, SessionFactory, VenueFactory
from tests.pages import browser


@pytest.fixture
def organiser(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


@pytest.fixture
def event3(event):
    event.working_languages = ["en", "fr", "ko"]
    event.title_en, event.title_fr, event.title_ko = "Meeting", "Réunion", "회의"
    event.save()
    return event


def _language(html: str, code: str) -> str:
    return re.search(rf'<li data-language="{code}".*?</ul>\s*</li>', html, re.S).group(0)


def _overview(client, event) -> str:
    response = client.get(reverse("backoffice:event-overview", args=[event.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_overview_counts_untranslated_texts_per_language_with_links(event3, organiser):
    venue = VenueFactory(organisation=event3.organisation, name="Hall")  # English only
    SessionFactory(event=event3, venue=venue, title="Opening", title_fr="Ouverture")
    question = QuestionFactory(event=event3, label="Diet")  # English only
    TemplateOverride.objects.create(
        event=event3, kind=MessageKind.SESSION_REMINDER, language="fr", subject="S", body="B"
    )
    html = _overview(organiser, event3)
    french, korean = _language(html, "fr"), _language(html, "ko")
    # French lacks the event's summary, the venue's name and the question; Korean also the
    # session's title and the reminder's template; English only the template.
    assert 'data-count="3"' in french and "3 texts not translated yet" in french
    assert 'data-count="5"' in korean
    basics = reverse("backoffice:event-basics", args=[event3.slug])
    assert f'<a href="{basics}">Event</a>: 1' in french
    builder = reverse("application-form-builder", args=[event3.slug])
    agenda = reverse("scheduling:agenda-editor", args=[event3.slug])
    templates = reverse("notifications:message-template-languages", args=[event3.pk])
    venues = reverse("backoffice:event-venues", args=[event3.slug])
    assert f'<a href="{builder}">Questions</a>: 1' in korean
    assert f'<a href="{agenda}">Sessions</a>: 1' in korean
    assert f'<a href="{templates}">' in korean and f'<a href="{venues}">Venues</a>: 1' in french
    assert agenda not in french  # the session is in French
    assert 'data-count="1"' in _language(html, "en")

    # Translating the question takes it off the French list.
    question.label_fr = "Régime"
    question.save()
    assert builder not in _language(_overview(organiser, event3), "fr")


def test_overview_costs_the_same_for_few_and_many_texts(event3, organiser):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _overview(organiser, event3)
        return len(captured)

    SessionFactory(event=event3, title="One")
    QuestionFactory(event=event3, label="One")
    few = queries()
    for n in range(6):
        SessionFactory(event=event3, title=f"S{n}")
        QuestionFactory(event=event3, label=f"Q{n}")
    assert queries() == few


def test_an_event_with_one_language_shows_no_translations(event, organiser):
    assert 'id="untranslated-heading"' not in _overview(organiser, event)
