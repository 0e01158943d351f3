"""The admin shows organisers their own organisation's rows only, through the real pages."""

import datetime as dt

import pytest
from django.test import Client

from programmes.enums import EventStatus, MemberRole
from programmes.models import Event, Session, Venue
from programmes.signals import session_schedule_changed
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    VenueFactory,
)


def _staff_client(organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role, user__is_staff=True)
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def ours(organisation):
    return {
        "event": EventFactory(
            organisation=organisation, title="Our workshop", status=EventStatus.DRAFT
        ),
        "venue": VenueFactory(organisation=organisation, name="Our hall"),
        "person": PersonFactory(organisation=organisation, name="Our speaker"),
        "programme": ProgrammeFactory(organisation=organisation, title="Our programme"),
    }


@pytest.fixture
def theirs(db):
    other = OrganisationFactory(name="Other centre")
    return {
        "event": EventFactory(organisation=other, title="Their forum"),
        "venue": VenueFactory(organisation=other, name="Their hall"),
        "person": PersonFactory(organisation=other, name="Their speaker"),
        "programme": ProgrammeFactory(organisation=other, title="Their programme"),
    }


@pytest.mark.parametrize("model", ["event", "venue", "person", "programme"])
def test_changelist_lists_only_own_organisation(organisation, ours, theirs, model):
    client = _staff_client(organisation, MemberRole.ORGANISER)

    response = client.get(f"/admin/programmes/{model}/")

    assert response.status_code == 200
    assert [obj.pk for obj in response.context["cl"].result_list] == [ours[model].pk]
    other = client.get(f"/admin/programmes/{model}/{theirs[model].pk}/change/")
    assert other.status_code == 302  # the admin's "does not exist" redirect
    assert (
        client.post(
            f"/admin/programmes/{model}/{theirs[model].pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    assert type(theirs[model]).objects.filter(pk=theirs[model].pk).exists()


def test_foreign_key_choices_limited_to_own_organisation(organisation, ours, theirs):
    client = _staff_client(organisation, MemberRole.ORGANISER)

    form = client.get("/admin/programmes/event/add/").context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [organisation]
    assert list(form.fields["programme"].queryset) == [ours["programme"]]

    change = client.get(f"/admin/programmes/event/{ours['event'].pk}/change/")
    assert change.status_code == 200
    assert [f.formset.prefix for f in change.context["inline_admin_formsets"]] == [
        "legs",
        "quotas",
        "sessions",
    ]

    session_form = client.get("/admin/programmes/session/add/").context["adminform"].form
    assert list(session_form.fields["venue"].queryset) == [ours["venue"]]
    assert list(session_form.fields["speakers"].queryset) == [ours["person"]]
    assert list(session_form.fields["event"].queryset) == [ours["event"]]


def test_organiser_edits_own_venue(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    venue = ours["venue"]

    response = client.post(
        f"/admin/programmes/venue/{venue.pk}/change/",
        {
            "organisation": organisation.pk,
            "name_en": "KNUA Grand Hall",  # each language's column (TranslationAdmin)
            "address_en": "",
            "city": "Seoul",
            "country": "KR",
            "time_zone": "Asia/Seoul",
            "capacity": 200,
            "opens_at": "08:00",
            "closes_at": "22:00",
        },
    )

    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    venue.refresh_from_db()
    assert (venue.name, venue.capacity) == ("KNUA Grand Hall", 200)


def test_admin_rejects_unknown_time_zone(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    venue = ours["venue"]
    response = client.post(
        f"/admin/programmes/venue/{venue.pk}/change/",
        {
            "organisation": organisation.pk,
            "name_en": "Hall",
            "city": "Seoul",
            "country": "KR",
            "time_zone": "Asia/Nowhere",
            "capacity": 200,
            "opens_at": "08:00",
            "closes_at": "22:00",
        },
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["adminform"].form.errors
    assert Venue.objects.get(pk=venue.pk).time_zone == "Asia/Seoul"


def test_reviewer_staff_may_look_not_change(organisation, ours):
    client = _staff_client(organisation, MemberRole.REVIEWER)
    venue = ours["venue"]

    assert client.get("/admin/programmes/venue/").status_code == 200
    assert (
        client.get(f"/admin/programmes/venue/{venue.pk}/change/").status_code == 200
    )  # read-only view
    response = client.post(
        f"/admin/programmes/venue/{venue.pk}/change/", {"name": "Renamed", "capacity": 1}
    )
    assert response.status_code == 403
    assert client.get("/admin/programmes/venue/add/").status_code == 403
    assert Venue.objects.get(pk=venue.pk).name == "Our hall"


def test_non_member_staff_sees_no_programmes_app(db, ours):
    client = Client()
    client.force_login(MembershipFactory(role=MemberRole.ORGANISER, user__is_staff=True).user)
    assert client.get("/admin/programmes/event/").context["cl"].result_count == 0
    assert client.get(f"/admin/programmes/event/{ours['event'].pk}/change/").status_code == 302


def test_session_moved_in_admin_goes_through_service(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    session = SessionFactory(event=ours["event"], venue=ours["venue"])
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    session_schedule_changed.connect(receiver)
    try:
        response = client.post(
            f"/admin/programmes/session/{session.pk}/change/",
            {
                "title_en": session.title,
                "kind": "lecture",
                "description_en": "",
                # Admin times are the venue's local time: 11:00 in Seoul is 02:00 UTC.
                "starts_at_0": "2027-07-05",
                "starts_at_1": "11:00:00",
                "ends_at_0": "2027-07-05",
                "ends_at_1": "12:00:00",
                "venue": ours["venue"].pk,
                "capacity": "",
                "speakers": [ours["person"].pk],
            },
        )
    finally:
        session_schedule_changed.disconnect(receiver)

    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2027, 7, 5, 2, 0, tzinfo=dt.UTC)
    assert list(session.speakers.all()) == [ours["person"]]
    assert [set(c["changes"]) for c in calls] == [{"starts_at", "ends_at"}]


def test_session_outside_event_rejected_in_admin(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    response = client.post(
        "/admin/programmes/session/add/",
        {
            "event": ours["event"].pk,
            "title_en": "Too late",
            "kind": "lecture",
            "description_en": "",
            "starts_at_0": "2027-08-01",
            "starts_at_1": "02:00:00",
            "ends_at_0": "2027-08-01",
            "ends_at_1": "03:00:00",
        },
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    assert not Session.objects.filter(title="Too late").exists()


def test_publish_action_uses_service(organisation, ours, theirs):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    theirs_draft = EventFactory(organisation=theirs["event"].organisation, status=EventStatus.DRAFT)

    response = client.post(
        "/admin/programmes/event/",
        {
            "action": "publish",
            "_selected_action": [ours["event"].pk, theirs_draft.pk],
        },
    )

    assert response.status_code == 302
    assert Event.objects.get(pk=ours["event"].pk).status == EventStatus.PUBLISHED
    assert Event.objects.get(pk=theirs_draft.pk).status == EventStatus.DRAFT


def _event_form(event, sessions, session_changes):
    """POST data for the event change page with its three inlines."""
    data = {
        "organisation": event.organisation_id,
        "programme": "",
        "kind": event.kind,
        "title_en": event.title,
        "slug": event.slug,
        "theme_en": "",
        "summary_en": event.summary,
        "description_en": "",
        "working_languages": '["en"]',
        "host_country": "KR",
        "start_date": "2027-07-05",
        "end_date": "2027-07-13",
        "time_zone": "Asia/Seoul",
        "capacity": "48",
        "applications_open_at_0": "",
        "applications_open_at_1": "",
        "applications_close_at_0": "",
        "applications_close_at_1": "",
        "min_age": "",
        "max_age": "",
        "attendance_mode": "in_person",
        "online_url": "",
    }
    for prefix, count in (("legs", 0), ("quotas", 0), ("sessions", len(sessions))):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": count,
                f"{prefix}-INITIAL_FORMS": count,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    for i, session in enumerate(sessions):
        start, end = session.local_starts_at, session.local_ends_at
        data.update(
            {
                f"sessions-{i}-id": session.pk,
                f"sessions-{i}-event": event.pk,
                f"sessions-{i}-title_en": session.title,
                f"sessions-{i}-kind": session.kind,
                f"sessions-{i}-starts_at_0": start.date().isoformat(),
                f"sessions-{i}-starts_at_1": start.time().isoformat(),
                f"sessions-{i}-ends_at_0": end.date().isoformat(),
                f"sessions-{i}-ends_at_1": end.time().isoformat(),
                f"sessions-{i}-venue": session.venue_id or "",
                f"sessions-{i}-capacity": "",
            }
        )
    data.update(session_changes)
    return data


def test_event_change_with_session_inline_goes_through_services(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    event = ours["event"]
    session = SessionFactory(event=event, venue=ours["venue"])
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    session_schedule_changed.connect(receiver)
    try:
        response = client.post(
            f"/admin/programmes/event/{event.pk}/change/",
            _event_form(
                event, [session], {"theme_en": "Heritage", "sessions-0-starts_at_1": "10:00:00"}
            ),
        )
    finally:
        session_schedule_changed.disconnect(receiver)

    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    ]
    event.refresh_from_db()
    session.refresh_from_db()
    assert event.theme == "Heritage"
    assert session.starts_at == dt.datetime(2027, 7, 5, 1, 0, tzinfo=dt.UTC)
    assert [set(c["changes"]) for c in calls] == [{"starts_at"}]


def test_event_dates_cannot_strand_sessions_in_admin(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    event = ours["event"]
    session = SessionFactory(
        event=event,
        starts_at=dt.datetime(2027, 7, 12, 1, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 7, 12, 2, 0, tzinfo=dt.UTC),
    )

    response = client.post(
        f"/admin/programmes/event/{event.pk}/change/",
        _event_form(event, [session], {"end_date": "2027-07-10"}),
    )

    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.end_date == dt.date(2027, 7, 13)


@pytest.fixture
def hanoi(organisation):
    return VenueFactory(
        organisation=organisation,
        name="Temple of Literature",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
    )


def _session_form(session, **changes):
    local_start, local_end = session.local_starts_at, session.local_ends_at
    data = {
        "title_en": session.title,
        "kind": session.kind,
        "description_en": "",
        "starts_at_0": local_start.date().isoformat(),
        "starts_at_1": local_start.strftime("%H:%M"),
        "ends_at_0": local_end.date().isoformat(),
        "ends_at_1": local_end.strftime("%H:%M"),
        "venue": session.venue_id or "",
        "capacity": "",
    }
    return {**data, **changes}


def _assert_shown_local(client, url: str, times: dict[str, str], zone: str) -> None:
    """The change page shows each time as typed, with the zone beside the field."""
    response = client.get(url)
    html = response.content.decode()
    form = response.context["adminform"].form
    for field, time in times.items():
        assert f'name="{field}_1" value="{time}"' in html
        assert f"Local time in {zone}" in str(form[field])


def test_session_admin_reads_and_shows_times_in_the_venues_zone(organisation, ours, hanoi):
    """09:00 typed for a Hanoi venue is 09:00 in Hanoi (02:00 UTC), whatever the zone of
    the organiser's browser, and the change page shows 09:00 with the zone beside it."""
    client = _staff_client(organisation, MemberRole.ORGANISER)
    client.cookies["bridges_tz"] = "America/New_York"  # the organiser's own zone: no effect
    event = ours["event"]

    response = client.post(
        "/admin/programmes/session/add/",
        {
            "event": event.pk,
            "title_en": "Site visit",
            "kind": "lecture",
            "description_en": "",
            "starts_at_0": "2027-07-11",
            "starts_at_1": "09:00",
            "ends_at_0": "2027-07-11",
            "ends_at_1": "10:30",
            "venue": hanoi.pk,
            "capacity": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.get(title="Site visit")
    assert session.starts_at == dt.datetime(2027, 7, 11, 2, 0, tzinfo=dt.UTC)
    assert session.ends_at == dt.datetime(2027, 7, 11, 3, 30, tzinfo=dt.UTC)

    _assert_shown_local(
        client,
        f"/admin/programmes/session/{session.pk}/change/",
        {"starts_at": "09:00:00", "ends_at": "10:30:00"},
        "Asia/Ho_Chi_Minh",
    )
    listing = client.get("/admin/programmes/session/").content.decode()
    assert "2027-07-11 09:00–10:30 Asia/Ho_Chi_Minh" in listing


def test_session_admin_saves_an_untouched_time_as_it_was(organisation, ours, hanoi):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    session = SessionFactory(
        event=ours["event"],
        venue=hanoi,
        starts_at=dt.datetime(2027, 7, 11, 2, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 7, 11, 3, 30, tzinfo=dt.UTC),
    )
    response = client.post(
        f"/admin/programmes/session/{session.pk}/change/",
        _session_form(session, title_en="Site visit", ends_at_1="11:00"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    session.refresh_from_db()
    assert (session.title, session.starts_at, session.ends_at) == (
        "Site visit",
        dt.datetime(2027, 7, 11, 2, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 7, 11, 4, 0, tzinfo=dt.UTC),
    )


def test_session_admin_refuses_a_time_the_clocks_skip(organisation):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    event = EventFactory(
        organisation=organisation,
        time_zone="Europe/Sofia",
        start_date=dt.date(2027, 3, 27),
        end_date=dt.date(2027, 3, 29),
    )
    response = client.post(
        "/admin/programmes/session/add/",
        {
            "event": event.pk,
            "title_en": "Night walk",
            "kind": "lecture",
            "description_en": "",
            # Sofia's clocks jump from 03:00 to 04:00 on 28 March 2027.
            "starts_at_0": "2027-03-28",
            "starts_at_1": "03:30",
            "ends_at_0": "2027-03-28",
            "ends_at_1": "05:00",
            "capacity": "",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [
        "2027-03-28 03:30 does not exist in Europe/Sofia (the clocks change then)."
    ]
    assert not Session.objects.filter(title="Night walk").exists()


def test_event_inline_sessions_in_their_venues_zone(organisation, ours, hanoi):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    event = ours["event"]
    seoul_session = SessionFactory(event=event, venue=ours["venue"])
    hanoi_session = SessionFactory(
        event=event,
        venue=hanoi,
        starts_at=dt.datetime(2027, 7, 11, 2, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 7, 11, 3, 0, tzinfo=dt.UTC),
    )
    page = client.get(f"/admin/programmes/event/{event.pk}/change/").content.decode()
    assert 'name="sessions-1-starts_at_1" value="09:00:00"' in page
    assert "Local time in Asia/Ho_Chi_Minh" in page and "Local time in Asia/Seoul" in page

    response = client.post(
        f"/admin/programmes/event/{event.pk}/change/",
        _event_form(
            event,
            [seoul_session, hanoi_session],
            {"sessions-1-starts_at_1": "08:00:00", "sessions-1-ends_at_1": "10:00:00"},
        ),
    )
    assert response.status_code == 302, response.context and [
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    ]
    hanoi_session.refresh_from_db()
    seoul_session.refresh_from_db()
    assert hanoi_session.starts_at == dt.datetime(2027, 7, 11, 1, 0, tzinfo=dt.UTC)
    assert hanoi_session.ends_at == dt.datetime(2027, 7, 11, 3, 0, tzinfo=dt.UTC)
    assert seoul_session.starts_at == dt.datetime(2027, 7, 5, 0, 0, tzinfo=dt.UTC)


def test_event_admin_application_window_in_the_events_zone(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    event = ours["event"]
    event.time_zone = "Asia/Ho_Chi_Minh"
    event.save()
    response = client.post(
        f"/admin/programmes/event/{event.pk}/change/",
        _event_form(
            event,
            [],
            {
                "time_zone": "Asia/Ho_Chi_Minh",
                "applications_open_at_0": "2027-03-01",
                "applications_open_at_1": "09:00",
                "applications_close_at_0": "2027-04-30",
                "applications_close_at_1": "23:59",
            },
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.applications_open_at == dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
    assert event.applications_close_at == dt.datetime(2027, 4, 30, 16, 59, tzinfo=dt.UTC)
    _assert_shown_local(
        client,
        f"/admin/programmes/event/{event.pk}/change/",
        {"applications_open_at": "09:00:00", "applications_close_at": "23:59:00"},
        "Asia/Ho_Chi_Minh",
    )


def test_call_settings_offer_deadline_in_the_events_zone(organisation, ours):
    from participants.models import CallSettings

    client = _staff_client(organisation, MemberRole.ORGANISER)
    event = ours["event"]
    event.time_zone = "Asia/Ho_Chi_Minh"
    event.save()
    response = client.post(
        "/admin/participants/callsettings/add/",
        {
            "event": event.pk,
            "allow_edits_after_submit": "on",
            "confirmation_deadline_0": "2027-06-01",
            "confirmation_deadline_1": "17:00",
            "confirmation_days": "7",
            "required_documents": "[]",
            "guardian_consent_days": "14",
            "guardian_consent_text": "",
            "guardian_consent_version": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    settings_row = CallSettings.objects.get(event=event)
    assert settings_row.confirmation_deadline == dt.datetime(2027, 6, 1, 10, 0, tzinfo=dt.UTC)
    _assert_shown_local(
        client,
        f"/admin/participants/callsettings/{settings_row.pk}/change/",
        {"confirmation_deadline": "17:00:00"},
        "Asia/Ho_Chi_Minh",
    )


def test_speaker_availability_admin_reads_the_events_zone(db, admin_client):
    from scheduling.models import SpeakerAvailability

    event = EventFactory(time_zone="Asia/Ho_Chi_Minh")
    person = PersonFactory(organisation=event.organisation)
    response = admin_client.post(
        "/admin/scheduling/speakeravailability/add/",
        {
            "event": event.pk,
            "person": person.pk,
            "starts_at_0": "2027-07-06",
            "starts_at_1": "09:00",
            "ends_at_0": "2027-07-06",
            "ends_at_1": "12:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    window = SpeakerAvailability.objects.get(person=person)
    assert (window.starts_at, window.ends_at) == (
        dt.datetime(2027, 7, 6, 2, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 7, 6, 5, 0, tzinfo=dt.UTC),
    )
    _assert_shown_local(
        admin_client,
        f"/admin/scheduling/speakeravailability/{window.pk}/change/",
        {"starts_at": "09:00:00", "ends_at": "12:00:00"},
        "Asia/Ho_Chi_Minh",
    )


def test_new_event_with_a_session_reads_its_time_in_the_zone_typed_with_it(organisation, ours):
    client = _staff_client(organisation, MemberRole.ORGANISER)
    template = EventFactory.build(organisation=organisation, slug="hanoi-forum")
    data = _event_form(template, [], {"title_en": "Hanoi forum", "time_zone": "Asia/Ho_Chi_Minh"})
    data.update(
        {
            "sessions-TOTAL_FORMS": 1,
            "sessions-0-title_en": "Opening",
            "sessions-0-kind": "lecture",
            "sessions-0-starts_at_0": "2027-07-05",
            "sessions-0-starts_at_1": "09:00",
            "sessions-0-ends_at_0": "2027-07-05",
            "sessions-0-ends_at_1": "10:00",
            "sessions-0-venue": "",
            "sessions-0-capacity": "",
        }
    )
    response = client.post("/admin/programmes/event/add/", data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    ]
    session = Session.objects.get(event__slug="hanoi-forum")
    assert session.starts_at == dt.datetime(2027, 7, 5, 2, 0, tzinfo=dt.UTC)
