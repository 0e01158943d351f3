"""The organiser's "Protocol & deadlines" page and PATCH /delegation-settings/: times typed
in the event's zone are stored in UTC, a bad value is a 400 naming the field with nothing
saved, focal points and reviewers are refused; the printable speakers' list page."""

import csv
import datetime as dt
import io

from django.test import Client
from pypdf import PdfReader

from audit.models import LogEntry
from delegations import services
from delegations.enums import ChairPlacement, Participation, SeatingLayout
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory

from .conftest import client_for, person

UTC = dt.UTC


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tokyo(meeting):
    meeting.event.time_zone = "Asia/Tokyo"
    meeting.event.save(update_fields=["time_zone"])


def _csv_text(response) -> str:
    """The export registry's streamed CSV (the list's API address runs it)."""
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_page_saves_times_in_the_event_zone_and_names_the_zone(meeting):
    _tokyo(meeting)
    url = f"/organise/events/{meeting.event.slug}/delegations/settings/"
    organiser = _page(meeting.organiser)
    page = organiser.get(url)
    assert page.status_code == 200
    assert "Asia/Tokyo" in page.content.decode()
    assert (
        url in organiser.get(f"/organise/events/{meeting.event.slug}/delegations/").content.decode()
    )
    saved = organiser.post(
        url,
        {
            "nomination_cutoff": "2030-03-01T18:00",
            "reply_by": "2030-02-01T09:30",
            "drawn_letter": "m",
            "host_first": "",
            "chair": str(meeting.second.pk),
            "chair_placement": ChairPlacement.FIRST,
            "seating_layout": SeatingLayout.THEATRE,
        },
    )
    assert saved.status_code == 302
    config = services.settings_for(type(meeting.event).objects.get(pk=meeting.event.pk))
    config.refresh_from_db()
    assert config.nomination_cutoff == dt.datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    assert config.reply_by == dt.datetime(2030, 2, 1, 0, 30, tzinfo=UTC)
    assert (config.drawn_letter, config.host_first, config.chair_id) == (
        "M",
        False,
        meeting.second.pk,
    )
    assert config.chair_placement == "first" and config.seating_layout == "theatre"
    assert LogEntry.objects.filter(action_type="delegations.settings.changed").exists()
    # Shown again as typed, in the event's zone.
    assert 'value="2030-03-01T18:00"' in organiser.get(url).content.decode()

    refused = organiser.post(
        url,
        {
            "nomination_cutoff": "2031-01-01T00:00",
            "drawn_letter": "7",
            "chair_placement": "first",
            "seating_layout": "u_shape",
        },
    )
    assert refused.status_code == 400 and "Draw one letter." in refused.content.decode()
    config.refresh_from_db()
    assert config.nomination_cutoff == dt.datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    assert config.seating_layout == "theatre"

    assert _page(meeting.first_focal).get(url).status_code in (403, 404)


def test_the_api_patches_the_settings_in_the_event_zone(meeting):
    _tokyo(meeting)
    url = f"/api/v1/events/{meeting.event.slug}/delegation-settings/"
    api = client_for(meeting.organiser)
    response = api.patch(
        url,
        {"nomination_cutoff": "2030-03-01T18:00", "seating_layout": "theatre", "chair": None},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["time_zone"] == "Asia/Tokyo"
    assert body["nomination_cutoff"].startswith("2030-03-01T18:00:00+09:00")
    config = services.settings_for(meeting.event)
    config.refresh_from_db()
    assert config.nomination_cutoff == dt.datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    assert config.seating_layout == "theatre"
    # An explicit offset is kept as given.
    api.patch(url, {"reply_by": "2030-02-01T00:00:00Z"}, format="json")
    config.refresh_from_db()
    assert config.reply_by == dt.datetime(2030, 2, 1, tzinfo=UTC)

    for bad, field in (
        ({"drawn_letter": "7"}, "drawn_letter"),
        ({"seating_layout": "circle"}, "seating_layout"),
        ({"nomination_cutoff": "soon"}, "nomination_cutoff"),
        ({"chair": 999999}, "chair"),
        ({"seating_layout": "u_shape", "letter_template": "x"}, "letter_template"),
    ):
        refused = api.patch(url, bad, format="json")
        assert refused.status_code == 400, bad
        assert field in refused.json(), refused.json()
    config.refresh_from_db()
    assert config.seating_layout == "theatre" and config.drawn_letter == ""

    reviewer = MembershipFactory(
        role=MemberRole.REVIEWER, organisation=meeting.event.organisation
    ).user
    for user in (meeting.first_focal, reviewer):
        assert client_for(user).patch(url, {"drawn_letter": "B"}, format="json").status_code == 403
        assert client_for(user).get(url).status_code == 403
    config.refresh_from_db()
    assert config.drawn_letter == ""


def test_the_speakers_list_page_prints_heads_in_protocol_order(meeting):
    meeting.first.partner.alphabetical_name = "Bulgaria"
    meeting.first.partner.save()
    meeting.second.participation = Participation.HOST
    meeting.second.save(update_fields=["participation"])
    for delegation, n in ((meeting.first, 1), (meeting.second, 2)):
        nominee = services.nominee_nominate(
            delegation=delegation, data=person(n, is_head=True), by=meeting.organiser
        )
        services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    url = f"/organise/events/{meeting.event.slug}/delegations/speakers/"
    organiser = _page(meeting.organiser)
    assert (
        url in organiser.get(f"/organise/events/{meeting.event.slug}/delegations/").content.decode()
    )
    page = organiser.get(url).content.decode()
    # The host (Thailand) speaks first.
    assert page.index("Delegate 2") < page.index("Delegate 1")
    assert "Kingdom of Thailand" in page
    assert _page(meeting.first_focal).get(url).status_code in (403, 404)


def test_a_french_meeting_lists_in_french_order_for_an_english_reader(meeting):
    """'Germany'/'Allemagne' and 'Austria'/'Autriche' sort opposite ways in English and
    French: every list follows the meeting's French order, whoever reads it."""
    from delegations.services import organiser as organiser_services

    event = meeting.event
    event.working_languages = ["en", "fr"]
    event.save(update_fields=["working_languages"])
    services.delegation_settings_update(
        event=event, data={"meeting_language": "fr"}, by=meeting.organiser
    )
    for n, delegation, en, fr in (
        (1, meeting.first, "Austria", "Autriche"),
        (2, meeting.second, "Germany", "Allemagne"),
    ):
        organiser_services.partner_save_in_languages(
            organisation=event.organisation,
            key=delegation.partner.key,
            data={"kind": delegation.partner.kind, "country": delegation.partner.country},
            texts={
                "official_name_en": en,
                "official_name_fr": fr,
                "alphabetical_name_en": en,
                "alphabetical_name_fr": fr,
            },
            languages=["en", "fr"],
            by=meeting.organiser,
        )
        nominee = services.nominee_nominate(
            delegation=delegation, data=person(n, is_head=True), by=meeting.organiser
        )
        services.nominee_accredit(nominee=nominee, by=meeting.organiser)

    api = client_for(meeting.organiser)
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    listed = api.get(f"/api/v1/events/{event.slug}/participants-list.csv", **headers)
    rows = list(csv.reader(io.StringIO(_csv_text(listed))))
    assert [r[1] for r in rows[1:]] == ["Allemagne", "Autriche"]
    pdf = api.get(f"/api/v1/events/{event.slug}/participants-list.pdf", **headers).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert 0 <= text.find("Allemagne") < text.find("Autriche")
    speakers = api.get(f"/api/v1/events/{event.slug}/speakers/", **headers).json()
    assert [s["delegation"] for s in speakers] == ["Allemagne", "Autriche"]
    page = _page(meeting.organiser).get(
        f"/organise/events/{event.slug}/delegations/speakers/", **headers
    )
    html = page.content.decode()
    assert 0 <= html.find("Allemagne") < html.find("Autriche")


def test_the_list_of_participants_groups_observers_guests_and_secretariat(meeting):
    """Parties, then Observers, Guests and Secretariat, each group in protocol order, in
    the PDF (its headings) and the CSV; the seating plan leaves the secretariat out."""
    event, organiser = meeting.event, meeting.organiser
    people = {meeting.first: "Bulgarian Head", meeting.second: "Thai Head"}
    for key, name, participation, head in (
        ("np", "Nepal", Participation.OBSERVER, "Nepali Observer"),
        ("ifacca", "IFACCA", Participation.INTERNATIONAL_ORGANISATION, "IFACCA Observer"),
        ("br", "Brazil", Participation.GUEST, "Brazilian Guest"),
        ("unesco", "UNESCO Bangkok", Participation.SECRETARIAT, "UNESCO Officer"),
    ):
        partner = services.partner_save(
            organisation=event.organisation,
            key=key,
            data={"kind": "organisation", "official_name": name},
            by=organiser,
        )
        delegation = services.delegation_invite(
            event=event, partner=partner, participation=participation, by=organiser
        )
        people[delegation] = head
    services.invitations_send(event=event, by=organiser)
    for n, (delegation, name) in enumerate(people.items()):
        delegation.refresh_from_db()
        nominee = services.nominee_nominate(
            delegation=delegation,
            data={"full_name": name, "email": f"p{n}@example.org", "is_head": True},
            by=organiser,
        )
        services.nominee_accredit(nominee=nominee, by=organiser)
    api = client_for(organiser)
    listed = api.get(f"/api/v1/events/{event.slug}/participants-list.csv")
    rows = list(csv.reader(io.StringIO(_csv_text(listed))))
    assert [(r[0], r[3]) for r in rows[1:]] == [
        ("Parties", "Thai Head"),  # Kingdom of Thailand before Republic of Bulgaria
        ("Parties", "Bulgarian Head"),
        ("Observers", "IFACCA Observer"),
        ("Observers", "Nepali Observer"),
        ("Guests", "Brazilian Guest"),
        ("Secretariat", "UNESCO Officer"),
    ]
    entry = LogEntry.objects.filter(action_type="reports.export.run").latest("pk")
    assert entry.data["export"] == "delegates" and entry.data["rows"] == len(rows) - 1 == 6
    pdf = api.get(f"/api/v1/events/{event.slug}/participants-list.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    marks = [
        "PARTIES",
        "Thai Head",
        "Bulgarian Head",
        "OBSERVERS",
        "IFACCA",
        "Nepali Observer",
        "GUESTS",
    ]
    marks += ["Brazilian Guest", "SECRETARIAT", "UNESCO Officer"]
    positions = [text.find(m) for m in marks]
    assert -1 not in positions and positions == sorted(positions), list(
        zip(marks, positions, strict=True)
    )
    assert "UNESCO Bangkok" not in [seat.delegation for seat in services.seating_plan(event)]
