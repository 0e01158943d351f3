"""Scheduling API: who may do what, input validation naming the field, constant query
counts, rules and availability, and the live agenda."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.enums import EventStatus
from scheduling.models import SchedulingRules, SessionRequest, SpeakerAvailability
from tests.factories.programmes import EventFactory, PersonFactory, SessionFactory, VenueFactory
from tests.factories.scheduling import ScheduleRunFactory, SessionRequestFactory, TeamFactory

ENDPOINTS = [
    ("get", "scheduling-rules", None),
    ("put", "scheduling-rules", {"slot_minutes": 30}),
    ("get", "scheduling-requests", None),
    ("post", "scheduling-requests", {"title": "Lecture", "duration_minutes": 60}),
    ("get", "scheduling-availability", None),
    ("get", "scheduling-runs", None),
    ("post", "scheduling-runs", None),
    ("get", "scheduling-teams", None),
    ("post", "scheduling-teams-form", {"count": 1}),
]


def _call(client, method, name, event, body):
    url = reverse(name, kwargs={"event_id": event.pk})
    return (
        getattr(client, method)(url, body, format="json")
        if body is not None
        else getattr(client, method)(url)
    )


@pytest.mark.parametrize(("method", "name", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("other_organiser_client", 403),
        ("reviewer_client", 403),
        ("staff_client", 403),
        ("applicant_client", 403),
        ("anonymous_client", 403),
    ],
)
def test_only_the_events_organisers_may_schedule(
    request, event, method, name, body, role, expected
):
    client = request.getfixturevalue(role)
    response = _call(client, method, name, event, body)
    assert response.status_code == (401 if role == "anonymous_client" else expected)
    assert not SessionRequest.objects.exists()
    assert not SchedulingRules.objects.exists()


@pytest.mark.parametrize(("method", "name", "body"), ENDPOINTS)
def test_draft_event_of_another_organisation_is_not_found(
    other_organiser_client, organisation, method, name, body
):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert _call(other_organiser_client, method, name, draft, body).status_code == 404


def test_organiser_reads_and_sets_rules(organiser_client, event):
    url = reverse("scheduling-rules", kwargs={"event_id": event.pk})
    assert organiser_client.get(url).json() == {
        "slot_minutes": 15,
        "day_starts_at": "09:00:00",
        "day_ends_at": "18:00:00",
        "lunch_starts_at": "12:00:00",
        "lunch_ends_at": "13:00:00",
        "time_limit_seconds": 20,
    }
    response = organiser_client.put(
        url, {"slot_minutes": 30, "day_starts_at": "08:30"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["slot_minutes"] == 30
    assert SchedulingRules.objects.get(event=event).day_starts_at == dt.time(8, 30)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lunch_starts_at": None}, "lunch_ends_at"),
        ({"day_starts_at": "19:00"}, "day_ends_at"),
        ({"slot_minutes": 7}, "slot_minutes"),
        ({"time_limit_seconds": 0}, "time_limit_seconds"),
    ],
)
def test_bad_rules_name_the_field_and_save_nothing(organiser_client, event, body, field):
    url = reverse("scheduling-rules", kwargs={"event_id": event.pk})
    response = organiser_client.put(url, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not SchedulingRules.objects.exists()


def test_create_request_with_speakers_order_and_naive_fixed_start(
    organiser_client, event, organisation
):
    speaker = PersonFactory(organisation=organisation)
    earlier = SessionRequestFactory(event=event)
    venue = VenueFactory(organisation=organisation)
    team = TeamFactory(event=event)
    url = reverse("scheduling-requests", kwargs={"event_id": event.pk})
    response = organiser_client.post(
        url,
        {
            "title": "Site visit",
            "kind": "site_visit",
            "duration_minutes": 120,
            "speakers": [speaker.pk],
            "city": "Seoul",
            "venue": venue.pk,
            "team": team.pk,
            "after": [earlier.pk],
            "not_before_day": 2,
            "fixed_start": "2027-07-06T14:00:00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    created = SessionRequest.objects.get(pk=body["id"])
    assert body == {
        "id": created.pk,
        "title": "Site visit",
        "kind": "site_visit",
        "duration_minutes": 120,
        "speakers": [speaker.pk],
        "city": "Seoul",
        "min_capacity": 0,
        "venue": venue.pk,
        "team": team.pk,
        "fixed_start": "2027-07-06T05:00:00Z",
        "after": [earlier.pk],
        "not_before_day": 2,
        "not_after_day": None,
        "session": None,
    }
    # Naive times are wall-clock time at the venue (Seoul, UTC+9).
    assert created.fixed_start == dt.datetime(2027, 7, 6, 5, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"not_before_day": 5, "not_after_day": 3}, "not_after_day"),
        ({"not_before_day": 10}, "not_before_day"),
        ({"speakers": [999999]}, "speakers"),
        ({"after": [999999]}, "after"),
        ({"venue": "other-org"}, "venue"),
        ({"team": "other-event"}, "team"),
        ({"fixed_start": "2027-08-01T09:00:00Z"}, "fixed_start"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_request_input_names_the_field(organiser_client, event, extra, field):
    if extra.get("venue") == "other-org":
        extra = {"venue": VenueFactory().pk}
    if extra.get("team") == "other-event":
        extra = {"team": TeamFactory(event=EventFactory(organisation=event.organisation)).pk}
    url = reverse("scheduling-requests", kwargs={"event_id": event.pk})
    response = organiser_client.post(
        url, {"title": "Talk", "duration_minutes": 60, **extra}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not SessionRequest.objects.exists()


def test_order_cycle_is_refused(organiser_client, event):
    a = SessionRequestFactory(event=event)
    b = SessionRequestFactory(event=event)
    b.after.set([a])
    url = reverse("scheduling-request", kwargs={"event_id": event.pk, "pk": a.pk})
    response = organiser_client.patch(url, {"after": [b.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "order_cycle"
    assert list(a.after.all()) == []


def test_update_and_delete_request(organiser_client, event):
    obj = SessionRequestFactory(event=event)
    url = reverse("scheduling-request", kwargs={"event_id": event.pk, "pk": obj.pk})
    response = organiser_client.patch(url, {"duration_minutes": 45}, format="json")
    assert response.status_code == 200
    assert response.json()["duration_minutes"] == 45
    assert organiser_client.delete(url).status_code == 204
    assert not SessionRequest.objects.filter(pk=obj.pk).exists()


def test_request_of_another_event_is_not_found(organiser_client, event):
    other = SessionRequestFactory(event=EventFactory(organisation=event.organisation))
    url = reverse("scheduling-request", kwargs={"event_id": event.pk, "pk": other.pk})
    assert organiser_client.get(url).status_code == 404
    assert organiser_client.delete(url).status_code == 404


def test_request_list_query_count_is_constant(
    organiser_client, event, organisation, django_assert_num_queries
):
    url = reverse("scheduling-requests", kwargs={"event_id": event.pk})
    first = SessionRequestFactory(event=event)
    first.speakers.set([PersonFactory(organisation=organisation)])
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    for _ in range(6):
        request = SessionRequestFactory(event=event, team=TeamFactory(event=event))
        request.speakers.set(
            [PersonFactory(organisation=organisation), PersonFactory(organisation=organisation)]
        )
        request.after.set([first])
    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(url)
    assert len(response.json()) == 7


def test_availability_naive_times_are_event_local(organiser_client, event, organisation):
    speaker = PersonFactory(organisation=organisation)
    url = reverse("scheduling-availability", kwargs={"event_id": event.pk})
    response = organiser_client.post(
        url,
        {
            "person": speaker.pk,
            "starts_at": "2027-07-05T09:00:00",
            "ends_at": "2027-07-05T12:00:00",
        },
        format="json",
    )
    assert response.status_code == 201
    window = SpeakerAvailability.objects.get()
    assert window.starts_at == dt.datetime(2027, 7, 5, 0, 0, tzinfo=dt.UTC)
    bad = organiser_client.post(
        url,
        {
            "person": speaker.pk,
            "starts_at": "2027-07-05T12:00:00",
            "ends_at": "2027-07-05T09:00:00",
        },
        format="json",
    )
    assert bad.status_code == 400 and "ends_at" in bad.json()
    foreign = organiser_client.post(
        url,
        {
            "person": PersonFactory().pk,
            "starts_at": "2027-07-05T09:00:00",
            "ends_at": "2027-07-05T12:00:00",
        },
        format="json",
    )
    assert foreign.status_code == 400 and "person" in foreign.json()
    delete = reverse(
        "scheduling-availability-detail", kwargs={"event_id": event.pk, "pk": window.pk}
    )
    assert organiser_client.delete(delete).status_code == 204


def test_live_agenda_follows_the_clock(anonymous_client, event, time_machine):
    first = SessionFactory(event=event, title="Opening")  # 09:00-10:30 Seoul on 5 July
    second = SessionFactory(
        event=event,
        title="Keynote",
        starts_at=first.ends_at,
        ends_at=first.ends_at + dt.timedelta(hours=1),
    )
    url = reverse("scheduling-live", kwargs={"event_id": event.pk})

    time_machine.move_to(first.starts_at - dt.timedelta(minutes=5))
    body = anonymous_client.get(url).json()
    assert (body["now"], [s["id"] for s in body["next"]], body["finished_count"]) == (
        [],
        [first.pk],
        0,
    )

    time_machine.move_to(first.starts_at + dt.timedelta(minutes=10))
    body = anonymous_client.get(url).json()
    assert [s["id"] for s in body["now"]] == [first.pk]
    assert body["now"][0]["phase"] == "in_progress"
    assert [s["id"] for s in body["next"]] == [second.pk]

    time_machine.move_to(second.ends_at + dt.timedelta(minutes=1))
    body = anonymous_client.get(url).json()
    assert (body["now"], body["next"], body["finished_count"]) == ([], [], 2)


def test_live_agenda_of_a_draft_is_hidden(anonymous_client, organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert (
        anonymous_client.get(reverse("scheduling-live", kwargs={"event_id": draft.pk})).status_code
        == 404
    )


def test_every_scheduling_endpoint_is_in_the_schema(anonymous_client):
    schema = anonymous_client.get("/api/schema/?format=json").json()
    paths = [p for p in schema["paths"] if "/scheduling/" in p]
    assert len(paths) == 14
    assert "/api/v1/events/{event_id}/scheduling/runs/{id}/accept/" in paths
    accept = schema["paths"]["/api/v1/events/{event_id}/scheduling/runs/{id}/accept/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(accept["responses"])


def test_run_list_filters_by_status(organiser_client, event):
    succeeded = ScheduleRunFactory(event=event, status="succeeded")
    failed = ScheduleRunFactory(event=event, status="failed")
    cancelled = ScheduleRunFactory(event=event, status="cancelled")
    ScheduleRunFactory(status="succeeded")  # another event's run
    url = reverse("scheduling-runs", kwargs={"event_id": event.pk})

    def ids(query):
        response = organiser_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return sorted(run["id"] for run in response.json())

    assert ids("") == sorted([succeeded.pk, failed.pk, cancelled.pk])
    assert ids("status=succeeded") == [succeeded.pk]
    assert ids("status=succeeded&status=failed") == sorted([succeeded.pk, failed.pk])
    bad = organiser_client.get(f"{url}?status=done")
    assert bad.status_code == 400 and list(bad.json()) == ["status"]
    schema = organiser_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/events/{event_id}/scheduling/runs/"]["get"]
    assert "status" in {p["name"] for p in operation["parameters"]}


def test_run_list_filter_answers_after_the_permission_check(staff_client, event):
    url = reverse("scheduling-runs", kwargs={"event_id": event.pk})
    assert staff_client.get(f"{url}?status=done").status_code == 403


def test_run_list_filtered_query_count_is_constant(
    organiser_client, event, django_assert_num_queries
):
    url = reverse("scheduling-runs", kwargs={"event_id": event.pk}) + "?status=succeeded"
    ScheduleRunFactory(event=event, status="succeeded")
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    for _ in range(6):
        ScheduleRunFactory(event=event, status="succeeded")
    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(url)
    assert len(response.json()) == 7
