"""The form builder edits a question's texts in every working language side by side
(issue 17), through its pages: French text is stored in its own column, the applicant
form in French shows it, a reader of a missing language sees the first language's, and
the editor marks what is untranslated."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from participants.enums import QuestionKind
from participants.models import Question
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory
from tests.pages import browser
from tests.participants._pages import open_call, verified_client

K = QuestionKind


@pytest.fixture
def multilingual(event):
    event.working_languages = ["en", "fr", "ko"]
    event.save(update_fields=["working_languages"])
    cache.clear()  # the apply pages keep a copy of the event
    return open_call(event)


@pytest.fixture
def organiser(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


def _diet(**overrides) -> dict:
    data = {
        "kind": K.SINGLE_CHOICE,
        "label_en": "Diet",
        "label_fr": "Régime",
        "label_ko": "",
        "help_text_en": "What you eat",
        "help_text_fr": "Ce que vous mangez",
        "choice_labels_en": "None\nVegetarian",
        "choice_labels_fr": "Aucun\nVégétarien",
        "choice_labels_ko": "",
    }
    return data | overrides


def _group(html: str, name: str) -> str:
    match = re.search(
        rf'<fieldset class="content-languages" data-content-field="{name}">.*?</fieldset>',
        html,
        re.S,
    )
    assert match, name
    return match.group(0)


def test_builder_saves_each_language_and_applicants_read_theirs(multilingual, organiser):
    builder = reverse("application-form-builder", args=[multilingual.slug])
    html = organiser.get(builder).content.decode()
    # The question's text in each working language, side by side, each with its lang.
    label = _group(html, "label")
    for code in ("en", "fr", "ko"):
        assert f'name="label_{code}"' in label and f'lang="{code}"' in label
    assert 'name="label_vi"' not in html  # not a working language of the event

    response = organiser.post(builder, _diet())
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(event=multilingual, label_en="Diet")
    assert (question.label_fr, question.help_text_fr) == ("Régime", "Ce que vous mangez")
    assert question.choices == ["None", "Vegetarian"]  # what answers keep
    assert question.choice_labels_fr == ["Aucun", "Végétarien"]
    assert question.label_ko == "" and not question.choice_labels_ko

    # The list marks the question; the editor marks Korean, on the field and the language.
    listed = organiser.get(builder).content.decode()
    row = re.search(rf'id="question-row-{question.pk}".*?</li>', listed, re.S).group(0)
    assert "1 language untranslated" in row
    edit = organiser.get(
        reverse("form-question-edit", args=[multilingual.slug, "application", question.pk])
    ).content.decode()
    label = _group(edit, "label")
    assert "1 language untranslated" in label
    assert re.search(r'data-language="ko">.*?Not translated yet: readers see English', label, re.S)
    assert 'class="content-languages__item" data-language="fr"' in label
    assert 'is-missing" data-language="ko"' in label
    assert "Aucun\nVégétarien" in _group(edit, "choice_labels")

    applicant = verified_client()
    profile = {
        "full_name": "Nguyen Thi Minh",
        "date_of_birth": "2001-03-14",
        "gender": "female",
        "nationalities": ["VN"],
        "country_of_residence": "VN",
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    assert applicant.post(f"/events/{multilingual.slug}/apply/profile/", profile).status_code == 302
    french = applicant.get(f"/fr/events/{multilingual.slug}/apply/questions/").content.decode()
    # The option keeps its value; its label is the reader's language's.
    assert "Régime" in french and "Ce que vous mangez" in french
    assert re.search(r'value="Vegetarian"[^>]*>\s*Végétarien</label>', french)
    korean = applicant.get(f"/ko/events/{multilingual.slug}/apply/questions/").content.decode()
    assert "Diet" in korean and "Régime" not in korean  # the first language's
    assert re.search(r'value="Vegetarian"[^>]*>\s*Vegetarian</label>', korean)


def test_editing_one_language_keeps_the_answers_values(multilingual, organiser):
    builder = reverse("application-form-builder", args=[multilingual.slug])
    assert organiser.post(builder, _diet()).status_code == 302
    question = Question.objects.get(event=multilingual, label_en="Diet")
    edit = reverse("form-question-edit", args=[multilingual.slug, "application", question.pk])
    response = organiser.post(edit, _diet(label_ko="식단", choice_labels_ko="없음\n채식"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.label_ko, question.choice_labels_ko) == ("식단", ["없음", "채식"])
    assert question.choices == ["None", "Vegetarian"] and question.label_fr == "Régime"


def test_a_language_with_another_number_of_options_is_refused_beside_it(multilingual, organiser):
    builder = reverse("application-form-builder", args=[multilingual.slug])
    organiser.get(builder)  # adds the default question
    before = Question.objects.count()
    response = organiser.post(builder, _diet(choice_labels_fr="Aucun\nVégétarien\nVégan"))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(
        r'id="id_choice_labels_fr_error">\s*<li>Give one line for each of the 2 options', html
    )
    # The first language's missing options are refused beside the first language's box.
    response = organiser.post(builder, _diet(choice_labels_en="", choice_labels_fr=""))
    assert response.status_code == 400
    assert re.search(
        r'id="id_choice_labels_en_error">\s*<li>Give at least two different choices',
        response.content.decode(),
    )
    assert Question.objects.count() == before
