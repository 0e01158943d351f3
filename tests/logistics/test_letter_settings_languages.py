"""Visa letter settings on the logistics overview: the letter's texts in each working
language side by side (issue 17), saved from a French page into their own columns, a
missing language marked, a refusal shown beside its field with nothing saved."""

import pytest
from django.urls import reverse
from django.utils import translation

from logistics.models import LetterSettings

from .conftest import client_for

pytestmark = pytest.mark.django_db

SETTINGS = {
    "letterhead": "UNESCO Bangkok",
    "purpose_en": "Regional meeting on heritage",
    "purpose_fr": "Réunion régionale sur le patrimoine",
    "costs_covered_by_en": "UNESCO (flights and hotel)",
    "signatory_name": "Shigeru Aoyagi",
    "signatory_title_en": "Director",
}


def _fr(name, event):
    with translation.override("fr"):
        return reverse(f"logistics:{name}", args=[event.slug])


def test_letter_texts_in_each_language_from_a_french_page(exchange, logistics_organiser):
    event, _seoul, _hanoi = exchange
    event.working_languages = ["en", "fr"]
    event.save(update_fields=["working_languages"])
    client = client_for(logistics_organiser)

    refused = client.post(_fr("letter-settings", event), {**SETTINGS, "purpose_en": ""})
    assert refused.status_code == 400
    html = refused.content.decode()
    purpose_en = html.split('id="id_purpose_en"')[1].split("</div>")[0]
    assert "Ce champ est obligatoire" in purpose_en
    assert not LetterSettings.objects.filter(event=event).exists()

    response = client.post(_fr("letter-settings", event), SETTINGS)
    assert response.status_code == 302
    saved = LetterSettings.objects.get(event=event)
    assert saved.purpose_en == "Regional meeting on heritage"
    assert saved.purpose_fr == "Réunion régionale sur le patrimoine"
    assert not saved.costs_covered_by_fr and saved.signatory_title_en == "Director"

    page = client.get(_fr("overview", event)).content.decode()
    french = page.split('data-content-field="purpose"')[1].split('data-language="fr"')[1]
    assert 'value="Réunion régionale sur le patrimoine"' in french.split("</div>")[0]
    costs = page.split('data-content-field="costs_covered_by"')[1].split("</fieldset>")[0]
    assert "content-languages__badge" in costs and "content-languages__note" in costs
