"""Legs and venues in the wizard: each text in every working language side by side
(issue 17). Saved from a French page, each language goes to its own column; the page
marks a missing language untranslated; a refusal lands beside its field, nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.enums import MemberRole
from programmes.models import Venue
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.pages import browser, field_container

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_and_event(organisation):
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    event = EventFactory(
        organisation=organisation,
        working_languages=["en", "fr"],
        start_date="2027-07-05",
        end_date="2027-07-13",
        time_zone="Europe/Paris",
    )
    return browser(user), event


def _fr(name, event, *args):
    with translation.override("fr"):
        return reverse(f"backoffice:event-{name}", args=[event.slug, *args])


LEG = {
    "leg-country": "FR",
    "leg-time_zone": "Europe/Paris",
    "leg-start_date": "2027-07-05",
    "leg-end_date": "2027-07-09",
}


def test_leg_city_in_each_language_from_a_french_page(client_and_event):
    client, event = client_and_event
    page = client.get(_fr("dates", event)).content.decode()
    assert 'lang="en"' in field_container(page, "id_leg-city_en")
    assert 'lang="fr"' in field_container(page, "id_leg-city_fr")

    data = {**LEG, "leg-city_en": "Lyons", "leg-city_fr": "Lyon"}
    answer = client.post(_fr("leg-add", event), data, **HX)
    assert answer.status_code == 200
    leg = event.legs.get()
    assert (leg.city_en, leg.city_fr) == ("Lyons", "Lyon")
    assert "Lyon," in answer.content.decode()  # the French page shows the French city

    # A leg in English only is marked untranslated in the list.
    data = {
        **LEG,
        "leg-city_en": "Paris",
        "leg-start_date": "2027-07-10",
        "leg-end_date": "2027-07-13",
    }
    answer = client.post(_fr("leg-add", event), data, **HX).content.decode()
    paris = event.legs.get(city_en="Paris")
    assert not paris.city_fr
    item = answer.split(f'id="leg-{paris.pk}"')[1].split("</li>")[0]
    assert "content-languages__badge" in item

    # The first language is required: 400 beside its field, nothing saved.
    refused = client.post(_fr("leg-add", event), {**LEG, "leg-city_fr": "Nice"}, **HX)
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in field_container(refused.content.decode(), "id_leg-city_en")
    assert event.legs.count() == 2


def test_venue_name_and_address_in_each_language(client_and_event):
    client, event = client_and_event
    venue = {
        "name_en": "Maison de la UNESCO",
        "name_fr": "Maison de l'UNESCO",
        "address_en": "7 Fontenoy Square",
        "city": "Paris",
        "country": "FR",
        "time_zone": "Europe/Paris",
        "capacity": 300,
    }
    assert client.post(_fr("venues", event), venue).status_code == 302
    saved = Venue.objects.get(organisation=event.organisation)
    assert (saved.name_en, saved.name_fr) == ("Maison de la UNESCO", "Maison de l'UNESCO")
    assert saved.address_en == "7 Fontenoy Square" and not saved.address_fr

    page = client.get(_fr("venues", event)).content.decode()
    row = page.split(f'id="venue-{saved.pk}"')[1].split("</tr>")[0]
    assert "Maison de l&#x27;UNESCO" in row and "content-languages__badge" in row
    assert 'lang="fr"' in field_container(page, "id_name_fr")

    refused = client.post(_fr("venues", event), {**venue, "name_en": "", "capacity": 0})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Ce champ est obligatoire" in field_container(html, "id_name_en")
    assert "supérieure ou égale à 1" in field_container(html, "id_capacity")
    assert Venue.objects.filter(organisation=event.organisation).count() == 1


def test_a_french_page_writes_no_french_for_an_event_without_french(client_and_event):
    client, event = client_and_event
    event.working_languages = ["en", "ko"]
    event.save(update_fields=["working_languages"])
    answer = client.post(_fr("leg-add", event), {**LEG, "leg-city_en": "Lyons"}, **HX)
    assert answer.status_code == 200 and 'name="leg-city_fr"' not in answer.content.decode()
    leg = event.legs.get()
    assert leg.city_en == "Lyons" and not leg.city_fr and not leg.city_ko
