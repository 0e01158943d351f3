"""The back office leads to where the work is done: the selection, rubric, schedule and
history pages carry the event's menu, and the publish checklist links a missing agenda
to the agenda editor and missing questions to the form builder."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participants.models import Question
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory
from tests.pages import browser


@pytest.fixture
def client(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


@pytest.mark.parametrize(
    "url_name", ["review-selection", "review-rubric", "scheduling:schedule", "audit-event-log"]
)
def test_event_pages_carry_the_event_menu(client, event, url_name):
    response = client.get(reverse(url_name, args=[event.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Event back office"' in html
    # The page's own entry in the menu is marked as the current one.
    assert f'href="{reverse(url_name, args=[event.slug])}" aria-current="page"' in html


def test_checklist_links_to_the_agenda_editor_and_the_form_builder(client, event):
    Question.objects.filter(event=event).delete()
    html = client.get(reverse("backoffice:event-publish", args=[event.slug])).content.decode()
    editor = reverse("scheduling:agenda-editor", args=[event.slug])
    builder = reverse("application-form-builder", args=[event.slug])
    assert f'<a href="{editor}">The agenda has no sessions yet.</a>' in html
    assert f'<a href="{builder}">The application form has no questions.</a>' in html


def test_working_languages_keep_regional_codes_and_the_regions_languages(client, event):
    html = client.get(reverse("backoffice:event-basics", args=[event.slug])).content.decode()
    for code, name in (("zh-hans", "Simplified Chinese"), ("lo", "Lao"), ("fil", "Filipino")):
        assert f'value="{code}"' in html and name in html
