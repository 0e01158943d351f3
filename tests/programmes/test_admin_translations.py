"""Programmes and venues in the admin (issue 17): modeltranslation's TranslationAdmin
(not its tabbed variant, which loads jQuery UI from a CDN) shows each text in every
language and saves each language's column; readers get their language's text. Legs are
edited in the event's page, whose inline is translated too."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.utils import translation

from programmes.enums import MemberRole
from programmes.models import Programme, Venue
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    ProgrammeFactory,
    VenueFactory,
)

LANGUAGES = ("en", "fr", "ko", "th", "vi")


def _staff(organisation) -> Client:
    membership = MembershipFactory(
        organisation=organisation, role=MemberRole.ORGANISER, user__is_staff=True
    )
    client = Client()
    client.force_login(membership.user)
    return client


def test_venue_and_programme_admin_edit_every_language(organisation):
    client = _staff(organisation)
    venue = VenueFactory(organisation=organisation, name="Main hall")
    url = f"/admin/programmes/venue/{venue.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for code in LANGUAGES:
        assert f'name="name_{code}"' in html and f'name="address_{code}"' in html
    assert 'name="name"' not in html  # the untranslated column is not edited
    assert "jquery-ui" not in html.lower()  # no tabs from a CDN
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "name_en": "Main hall",
            "name_fr": "Grande salle",
            "name_ko": "대강당",
            "address_en": "1 River Road",
            "city": "Seoul",
            "country": "KR",
            "time_zone": "Asia/Seoul",
            "capacity": 200,
            "opens_at": "08:00",
            "closes_at": "22:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    venue = Venue.objects.get(pk=venue.pk)
    assert (venue.name_fr, venue.name_ko, venue.address_en) == (
        "Grande salle",
        "대강당",
        "1 River Road",
    )
    with translation.override("fr"):
        assert venue.name == "Grande salle"
    with translation.override("vi"):
        assert venue.name == "Main hall"
    with connection.cursor() as cursor:  # the untranslated column keeps the default language's
        cursor.execute("SELECT name FROM programmes_venue WHERE id = %s", [venue.pk])
        assert cursor.fetchone()[0] == "Main hall"

    programme = ProgrammeFactory(organisation=organisation, title="Youth")
    url = f"/admin/programmes/programme/{programme.pk}/change/"
    html = client.get(url).content.decode()
    assert all(f'name="title_{code}"' in html for code in LANGUAGES)
    assert 'name="description_th"' in html
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "title_en": "Youth",
            "title_th": "เยาวชน",
            "slug": programme.slug,
            "description_en": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Programme.objects.get(pk=programme.pk).title_th == "เยาวชน"
    # A programme without its default language's title is refused beside that field.
    response = client.post(
        url, {"organisation": organisation.pk, "title_en": "", "slug": programme.slug}
    )
    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors


def test_event_admin_legs_inline_edits_every_language(organisation):
    event = EventFactory(organisation=organisation)
    html = _staff(organisation).get(f"/admin/programmes/event/{event.pk}/change/").content.decode()
    assert all(f'name="legs-__prefix__-city_{code}"' in html for code in LANGUAGES)
