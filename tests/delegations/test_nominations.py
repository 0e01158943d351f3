import datetime as dt

import pytest
import time_machine

from audit.models import LogEntry
from delegations import services
from delegations.enums import NomineeStatus
from delegations.models import Nominee
from notifications.models import Message

from .conftest import client_for, person


def nominate(client, delegation, n, **extra):
    return client.post(
        f"/api/v1/delegations/{delegation.pk}/nominees/", person(n, **extra), format="json"
    )


def test_focal_point_nominates_within_the_seats_and_the_fourth_is_refused(meeting):
    client = client_for(meeting.first_focal)
    for n in range(3):
        response = nominate(client, meeting.first, n, is_head=(n == 0))
        assert response.status_code == 201, response.json()
    response = nominate(client, meeting.first, 3)
    assert response.status_code == 409
    assert response.json()["code"] == "seats_full"
    assert Nominee.objects.filter(delegation=meeting.first).count() == 3
    # Each nominee is told, with a link to their own profile; each nomination is logged.
    assert Message.objects.filter(template="delegations/nominee_profile").count() == 3
    assert LogEntry.objects.filter(action_type="delegations.nominee.nominated").count() == 3


def test_second_head_and_bad_input_are_refused_naming_the_field(meeting):
    client = client_for(meeting.first_focal)
    assert nominate(client, meeting.first, 0, is_head=True).status_code == 201
    response = nominate(client, meeting.first, 1, is_head=True)
    assert (response.status_code, response.json()["code"]) == (409, "head_taken")
    response = client.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/",
        {"full_name": "X", "email": "not-an-address"},
        format="json",
    )
    assert response.status_code == 400 and "email" in response.json()


def test_advisers_beyond_the_seats_only_when_allowed(meeting):
    client = client_for(meeting.first_focal)
    response = nominate(client, meeting.first, 0, is_adviser=True)
    assert (response.status_code, response.json()["code"]) == (409, "advisers_not_allowed")
    meeting.first.advisers_allowed = True
    meeting.first.save()
    for n in range(4):
        assert nominate(client, meeting.first, n).status_code in (201, 409)
    assert nominate(client, meeting.first, 9, is_adviser=True).status_code == 201


def test_focal_point_cannot_see_or_change_another_delegation(meeting):
    other = client_for(meeting.second_focal)
    own = client_for(meeting.first_focal)
    nominee_id = nominate(own, meeting.first, 0).json()["id"]
    assert other.get(f"/api/v1/delegations/{meeting.first.pk}/").status_code == 404
    assert nominate(other, meeting.first, 5).status_code == 404
    assert (
        other.post(
            f"/api/v1/nominees/{nominee_id}/substitute/", person(6), format="json"
        ).status_code
        == 404
    )
    assert other.post(f"/api/v1/nominees/{nominee_id}/withdraw/").status_code == 404
    assert other.get(f"/api/v1/delegations/{meeting.first.pk}/letter.pdf").status_code == 404
    # Their own delegation only, and no organiser's tools.
    assert [d["id"] for d in other.get("/api/v1/me/delegations/").json()] == [meeting.second.pk]
    assert own.post(f"/api/v1/nominees/{nominee_id}/accredit/").status_code == 403
    assert own.get(f"/api/v1/events/{meeting.event.slug}/delegations/").status_code == 404
    # The pages answer the same.
    other.force_login(meeting.second_focal)
    assert other.get(f"/delegations/{meeting.first.pk}/").status_code == 404


def test_substitution_until_the_cut_off_then_only_organisers(meeting):
    client = client_for(meeting.first_focal)
    head = nominate(client, meeting.first, 0, is_head=True).json()
    cutoff = meeting.event.start_date - dt.timedelta(days=10)
    services.delegation_settings_update(
        event=meeting.event,
        data={"nomination_cutoff": dt.datetime.combine(cutoff, dt.time(0), tzinfo=dt.UTC)},
        by=meeting.organiser,
    )
    response = client.post(f"/api/v1/nominees/{head['id']}/substitute/", person(1), format="json")
    assert response.status_code == 201, response.json()
    new = Nominee.objects.get(pk=response.json()["id"])
    assert new.is_head and new.replaces_id == head["id"]
    assert Nominee.objects.get(pk=head["id"]).status == NomineeStatus.REPLACED
    assert LogEntry.objects.filter(action_type="delegations.nominee.substituted").count() == 1

    with time_machine.travel(dt.datetime.combine(cutoff, dt.time(1), tzinfo=dt.UTC)):
        late = client.post(f"/api/v1/nominees/{new.pk}/substitute/", person(2), format="json")
        assert (late.status_code, late.json()["code"]) == (409, "cutoff_passed")
        assert nominate(client, meeting.first, 3).json()["code"] == "cutoff_passed"
        by_organiser = client_for(meeting.organiser).post(
            f"/api/v1/nominees/{new.pk}/substitute/", person(2), format="json"
        )
        assert by_organiser.status_code == 201


def test_declined_invitation_frees_only_what_it_held(meeting):
    first, second = client_for(meeting.first_focal), client_for(meeting.second_focal)
    for n in range(2):
        nominate(first, meeting.first, n)
    for n in range(10, 13):
        nominate(second, meeting.second, n)
    response = first.post(
        f"/api/v1/delegations/{meeting.first.pk}/answer/", {"answer": "declined"}, format="json"
    )
    assert response.status_code == 200
    assert set(
        Nominee.objects.filter(delegation=meeting.first).values_list("status", flat=True)
    ) == {NomineeStatus.WITHDRAWN}
    # The other delegation keeps its three seats and gains none.
    assert services.seats_taken(meeting.second) == 3
    assert nominate(second, meeting.second, 14).json()["code"] == "seats_full"
    # The declined delegation cannot nominate again nor answer twice.
    assert nominate(first, meeting.first, 5).json()["code"] == "declined"
    again = first.post(
        f"/api/v1/delegations/{meeting.first.pk}/answer/", {"answer": "acknowledged"}, format="json"
    )
    assert again.status_code == 409


def test_extra_seat_request_approved_by_the_organiser(meeting):
    client = client_for(meeting.first_focal)
    for n in range(3):
        nominate(client, meeting.first, n)
    request = client.post(
        f"/api/v1/delegations/{meeting.first.pk}/seat-requests/",
        {"seats": 1, "reason": "Interpreter"},
        format="json",
    ).json()
    assert (
        client.post(
            f"/api/v1/seat-requests/{request['id']}/decide/", {"approve": True}, format="json"
        ).status_code
        == 403
    )
    organiser = client_for(meeting.organiser)
    decided = organiser.post(
        f"/api/v1/seat-requests/{request['id']}/decide/", {"approve": True}, format="json"
    )
    assert decided.json()["status"] == "approved"
    assert nominate(client, meeting.first, 3).status_code == 201
    assert nominate(client, meeting.first, 4).status_code == 409
    assert (
        Message.objects.filter(
            template="delegations/seat_request", recipient=meeting.first_focal
        ).count()
        == 1
    )


@pytest.mark.parametrize("answer", ["acknowledged", "declined"])
def test_reminders_only_to_those_who_have_not_answered(meeting, answer):
    client_for(meeting.first_focal).post(
        f"/api/v1/delegations/{meeting.first.pk}/answer/", {"answer": answer}, format="json"
    )
    later = meeting.second.invited_at + dt.timedelta(days=8)
    assert services.invitation_reminders_send(now=later) == 1
    assert services.invitation_reminders_send(now=later) == 0  # idempotent
    reminders = Message.objects.filter(kind="delegation_reminder")
    assert [m.recipient_id for m in reminders] == [meeting.second_focal.pk]
