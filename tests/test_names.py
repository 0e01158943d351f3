"""Names as written: searched without regard to accents and case, sorted for a language."""

import pytest

from backend.names import fold, name_order
from programmes.models import Person
from tests.factories.participants import ProfileFactory
from tests.factories.programmes import PersonFactory
from tests.pages import browser
from tests.review.conftest import make_application

BULGARIAN = [
    "Ivan Petrov",
    "Ясен Ясенов",
    "Цветан Тодоров",
    "бистра Янева",
    "Щерю Щерев",
    "Ангел Вълчев",
    "Борис Христов",
]


def test_fold_drops_marks_and_case_but_keeps_other_scripts():
    assert fold("Nguyễn Đức Anh") == "nguyen duc anh"
    assert fold("김민지 สมชาย ใจดี Борис") == "김민지 สมชาย ใจดี борис"


@pytest.mark.parametrize("query", ["nguyen", "NGUYEN", "Nguyễn", "duc", "minji", "Борис", "борис"])
def test_selection_page_finds_names_without_regard_to_accents_and_case(
    event, organiser_client, query
):
    # No random account names beside the profile's (Faker's "Ducharme" would match "duc").
    unnamed = {"user__first_name": "", "user__last_name": ""}
    people = {
        "vn": ProfileFactory(full_name="Nguyễn Đức Anh", **unnamed),
        "kr": ProfileFactory(full_name="김민지", latin_name="KIM Minji", **unnamed),
        "bg": ProfileFactory(full_name="Борис Христов", **unnamed),
    }
    applications = {key: make_application(event, applicant=p.user) for key, p in people.items()}
    expected = {"nguyen": "vn", "duc": "vn", "minji": "kr", "борис": "bg"}[fold(query)]

    html = browser(organiser_client.user).get(f"/review/events/{event.slug}/?q={query}")
    shown = {int(part.split('"')[0]) for part in html.content.decode().split('name="decision-')[1:]}
    assert shown == {applications[expected].pk}


def test_people_api_finds_nguyen_and_sorts_in_the_readers_language(organisation, organiser_client):
    for name in [*BULGARIAN, "Nguyễn Văn An"]:
        PersonFactory(organisation=organisation, name=name)

    found = organiser_client.get("/api/v1/people/", {"q": "nguyen"}).json()
    assert [row["name"] for row in found["results"]] == ["Nguyễn Văn An"]

    listed = organiser_client.get("/api/v1/people/", {"page_size": 50}).json()["results"]
    # English: Latin letters before Cyrillic.
    assert [row["name"] for row in listed][:2] == ["Ivan Petrov", "Nguyễn Văn An"]


def test_a_list_sorted_for_bulgarian_puts_cyrillic_names_in_bulgarian_order(organisation, db):
    for name in BULGARIAN:
        PersonFactory(organisation=organisation, name=name)
    names = list(
        Person.objects.filter(organisation=organisation)
        .order_by(name_order("name", "bg"))
        .values_list("name", flat=True)
    )
    # Bulgarian: Cyrillic first, case ignored (б between А and Б..., not after Я), Щ before Ъ
    # and Я, then Latin.
    assert names == [
        "Ангел Вълчев",
        "бистра Янева",
        "Борис Христов",
        "Цветан Тодоров",
        "Щерю Щерев",
        "Ясен Ясенов",
        "Ivan Petrov",
    ]
