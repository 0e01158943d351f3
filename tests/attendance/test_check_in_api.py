import datetime as dt

import pytest
import time_machine
from django.core import signing
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attendance import qr
from attendance.models import CheckIn
from participants.enums import ApplicationStatus
from programmes.enums import MemberRole, SessionStatus
from tests.factories.attendance import AttendancePolicyFactory, ParticipantFactory, PassFactory
from tests.factories.programmes import EventFactory, MembershipFactory, SessionFactory

from .conftest import check_in_url

pytestmark = pytest.mark.usefixtures("during_session")


@pytest.fixture(params=["session", "token"])
def auth(request):
    """Every case twice: as the staff page sends it (session) and as a scanning device
    does (token); both reach the same view and service."""
    return request.param


def as_scanner(user, auth: str) -> APIClient:
    client = APIClient()
    if auth == "token":
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    else:
        client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def staff_client(auth, organisation):
    return as_scanner(
        MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user, auth
    )


def scan(client, session, code, nonce="nonce-0001", **extra):
    return client.post(
        check_in_url(session), {"pass_code": code, "nonce": nonce, **extra}, format="json"
    )


def test_check_in_by_code_answers_201_with_the_participant(
    staff_client, session, pass_, participant
):
    response = scan(staff_client, session, pass_.code, device="door-1")

    assert response.status_code == 201, response.json()
    body = response.json()
    check_in = CheckIn.objects.get()
    assert body == {
        "result": "checked_in",
        "replayed": False,
        "message": "Checked in at 09:05.",
        "late": False,
        "participant": {
            "application": participant.pk,
            "name": "Hà Nguyễn",
            "country": "VN",
            "country_name": "Vietnam",
            "photo_url": None,
        },
        "check_in": {
            "id": check_in.pk,
            "session": session.pk,
            "participant": body["participant"],
            "method": "qr",
            "scanned_at": "2027-07-05T00:05:00Z",
            "scanned_at_local": "2027-07-05T09:05:00+09:00",
            "recorded_at": "2027-07-05T00:05:00Z",
            "checked_in_by": staff_client.user.get_full_name(),
            "device": "door-1",
            "late": False,
            "checked_out_at": None,
            "left_early": False,
        },
    }
    assert (check_in.session, check_in.application, check_in.checked_in_by) == (
        session,
        participant,
        staff_client.user,
    )


def test_check_in_by_application_id_from_name_search(staff_client, session, participant):
    response = staff_client.post(
        check_in_url(session),
        {"application": participant.pk, "nonce": "search-0001"},
        format="json",
    )
    assert response.status_code == 201
    assert CheckIn.objects.get().method == "search"


def test_repeat_scan_says_when_and_by_whom(staff_client, session, pass_, during_session):
    scan(staff_client, session, pass_.code, nonce="first-scan-1")
    during_session.shift(dt.timedelta(minutes=7))

    other_staff = MembershipFactory(
        organisation=session.event.organisation, role=MemberRole.STAFF
    ).user
    staff_client.force_authenticate(other_staff)
    response = scan(staff_client, session, pass_.code, nonce="second-scan")

    assert response.status_code == 200
    body = response.json()
    assert body["result"] == "already_checked_in"
    first_by = CheckIn.objects.get().checked_in_by
    assert body["message"] == f"Already checked in at 09:05 by {first_by.get_full_name()}."
    assert CheckIn.objects.count() == 1


def test_nonce_replay_is_counted_once(staff_client, session, pass_):
    first = scan(staff_client, session, pass_.code, nonce="offline-queue-42")
    again = scan(staff_client, session, pass_.code, nonce="offline-queue-42")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["result"] == "checked_in"
    assert again.json()["replayed"] is True
    assert again.json()["check_in"]["id"] == first.json()["check_in"]["id"]
    assert CheckIn.objects.count() == 1


def test_nonce_replayed_with_another_pass_answers_with_the_first_participant(
    staff_client, session, pass_, participant, event
):
    """A confused client that sends a used nonce with another pass gets the first
    request's answer (its participant), and nothing is recorded for the second pass."""
    other = PassFactory(application=ParticipantFactory(event=event))
    first = scan(staff_client, session, pass_.code, nonce="queue-slot-7")
    again = scan(staff_client, session, other.code, nonce="queue-slot-7")

    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert again.json()["participant"]["application"] == participant.pk
    assert again.json()["check_in"] == first.json()["check_in"]
    assert CheckIn.objects.count() == 1


def test_nonce_reused_for_another_session_is_refused(staff_client, session, pass_, event):
    other_session = SessionFactory(
        event=event, starts_at=session.starts_at, ends_at=session.ends_at
    )
    scan(staff_client, session, pass_.code, nonce="shared-nonce-1")
    response = scan(staff_client, other_session, pass_.code, nonce="shared-nonce-1")
    assert response.status_code == 409
    assert response.json()["code"] == "nonce_reused"


@pytest.mark.parametrize(
    "code",
    [
        "hello",
        "BRG1.1.abc",
        "BRG1.1.abc.def",
        "x" * 5000,
        "BRG1.-1.nonce.sig",
        "<script>alert(1)</script>",
        "BRG1.99999999999999999999999.a.b",
        "",
        "   ",
        "../../etc/passwd",
        "BRG1..",
    ],
)
def test_garbage_codes_are_4xx_never_500(staff_client, session, pass_, code):
    response = scan(staff_client, session, code)
    assert 400 <= response.status_code < 500, response.content
    assert CheckIn.objects.count() == 0


def test_forged_code_is_refused(staff_client, session, pass_):
    # Right shape, right pass id and nonce, signed with another key.
    forged = signing.Signer(key="not-our-secret", salt=qr.SALT, sep=".").sign(
        f"BRG1.{pass_.pk}.{pass_.nonce}"
    )
    response = scan(staff_client, session, forged)
    assert response.status_code == 400
    assert response.json() == {
        "pass_code": ["This is not a valid Bridges pass."],
        "code": "invalid_code",
    }
    # And a tampered pass id under the original signature.
    tampered = pass_.code.replace(f"BRG1.{pass_.pk}.", f"BRG1.{pass_.pk + 1}.")
    assert scan(staff_client, session, tampered, nonce="nonce-0002").status_code == 400
    assert CheckIn.objects.count() == 0


def test_revoked_code_is_refused_and_reissued_code_works(
    organiser_client, staff_client, session, pass_
):
    old_code = pass_.code
    assert organiser_client.post(f"/api/v1/passes/{pass_.pk}/revoke/").status_code == 200
    response = scan(staff_client, session, old_code)
    assert response.status_code == 400
    assert response.json()["code"] == "revoked_code"

    reissued = organiser_client.post(f"/api/v1/passes/{pass_.pk}/reissue/")
    assert reissued.status_code == 200
    assert reissued.json()["revoked_at"] is None
    pass_.refresh_from_db()
    # The old code stays refused after the reissue; the new one is accepted.
    assert (
        scan(staff_client, session, old_code, nonce="nonce-0002").json()["code"] == "revoked_code"
    )
    assert scan(staff_client, session, pass_.code, nonce="nonce-0003").status_code == 201


def test_code_for_another_event_is_refused(staff_client, session, organisation):
    other_event = EventFactory(organisation=organisation, title="Hanoi Forum")
    foreign = PassFactory(application=ParticipantFactory(event=other_event))
    response = scan(staff_client, session, foreign.code)
    assert response.status_code == 400
    assert response.json() == {
        "pass_code": ["This pass is for another event (Hanoi Forum)."],
        "code": "wrong_event",
    }


def test_application_of_another_event_is_refused(staff_client, session):
    stranger = ParticipantFactory()
    response = staff_client.post(
        check_in_url(session), {"application": stranger.pk, "nonce": "nonce-0001"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_participant"


def test_withdrawn_participant_is_refused(staff_client, session, pass_, participant):
    participant.status = ApplicationStatus.WITHDRAWN
    participant.save(update_fields=["status"])
    response = scan(staff_client, session, pass_.code)
    assert response.status_code == 400
    assert response.json()["code"] == "not_confirmed"


def test_cancelled_session_is_refused(staff_client, session, pass_):
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    response = scan(staff_client, session, pass_.code)
    assert response.status_code == 409
    assert response.json()["code"] == "session_cancelled"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"pass_code": "x"}, "nonce"),
        ({"nonce": "nonce-0001"}, "pass_code"),
        ({"nonce": "bad nonce!"}, "nonce"),
        ({"nonce": "nonce-0001", "application": "abc"}, "application"),
        ({"nonce": "nonce-0001", "application": 1, "scanned_at": "yesterday"}, "scanned_at"),
    ],
)
def test_bad_input_names_the_field(staff_client, session, payload, field):
    response = staff_client.post(check_in_url(session), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_scan_time_in_the_future_is_refused(staff_client, session, pass_):
    future = (session.starts_at + dt.timedelta(hours=2)).isoformat()
    response = scan(staff_client, session, pass_.code, scanned_at=future)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "scanned_at" in response.json()


def test_late_arrival_is_flagged_after_the_grace(staff_client, session, event):
    AttendancePolicyFactory(event=event, late_grace_minutes=10)
    on_time, late = PassFactory(application__event=event), PassFactory(application__event=event)
    # Offline scans carry their own time: 09:09 is on time, 09:11 is late.
    a = scan(
        staff_client,
        session,
        on_time.code,
        nonce="nonce-on-time",
        scanned_at="2027-07-05T09:09:00+09:00",
    )
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=20), tick=False):
        b = scan(
            staff_client,
            session,
            late.code,
            nonce="nonce-late-1",
            scanned_at="2027-07-05T09:11:00+09:00",
        )
    assert (a.json()["late"], b.json()["late"]) == (False, True)
    assert b.json()["message"] == "Checked in at 09:11 (late)."


def test_check_out_before_the_end_is_an_early_leave(staff_client, session, pass_, during_session):
    check_in_id = scan(staff_client, session, pass_.code).json()["check_in"]["id"]
    url = f"/api/v1/sessions/{session.pk}/check-ins/{check_in_id}/check-out/"
    during_session.shift(dt.timedelta(minutes=30))
    response = staff_client.post(url, {}, format="json")
    assert response.status_code == 200
    assert response.json()["left_early"] is True
    assert response.json()["checked_out_at"] == "2027-07-05T00:35:00Z"
    assert staff_client.post(url, {}, format="json").status_code == 409


def test_check_out_after_the_end_is_not_early(staff_client, session, pass_):
    check_in_id = scan(staff_client, session, pass_.code).json()["check_in"]["id"]
    url = f"/api/v1/sessions/{session.pk}/check-ins/{check_in_id}/check-out/"
    with time_machine.travel(session.ends_at + dt.timedelta(minutes=1), tick=False):
        response = staff_client.post(url, {}, format="json")
    assert response.json()["left_early"] is False


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("anonymous_client", 401),
        ("applicant_client", 403),
        ("other_organiser_client", 403),
        ("reviewer_client", 403),
        ("staff_client", 201),
        ("organiser_client", 201),
    ],
)
def test_check_in_permission_matrix(request, auth, client_name, expected, session, pass_):
    client = request.getfixturevalue(client_name)
    if getattr(client, "user", None) is not None:
        client = as_scanner(client.user, auth)
    response = scan(client, session, pass_.code)
    assert response.status_code == expected
    assert CheckIn.objects.count() == (1 if expected == 201 else 0)


def test_participant_cannot_check_themselves_in(session, pass_, participant):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(participant.applicant)
    assert scan(client, session, pass_.code).status_code == 403


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("applicant_client", 403),
        ("other_organiser_client", 403),
        ("staff_client", 403),
        ("organiser_client", 200),
    ],
)
def test_pass_revoke_permission_matrix(request, auth, client_name, expected, pass_):
    client = request.getfixturevalue(client_name)
    if auth == "token":
        client = as_scanner(client.user, auth)
    assert client.post(f"/api/v1/passes/{pass_.pk}/revoke/").status_code == expected
    pass_.refresh_from_db()
    assert (pass_.revoked_at is not None) == (expected == 200)


def test_session_check_in_list_has_constant_query_count(
    auth, staff_client, session, event, django_assert_num_queries
):
    def make(count):
        for _ in range(count):
            scan(
                staff_client,
                session,
                PassFactory(application__event=event).code,
                nonce=f"n-{qr.new_nonce()}",
            )

    # The check-ins joined with participants and staff; the session's scan facts come
    # from the cache. The staff user's roles are cached on the user object by the first
    # request; by token, the token's user comes from the cache, a fresh object whose
    # roles are read again.
    queries = 1 + (auth == "token")
    make(1)
    with django_assert_num_queries(queries):
        assert len(staff_client.get(check_in_url(session)).json()) == 1
    make(5)
    with django_assert_num_queries(queries):
        assert len(staff_client.get(check_in_url(session)).json()) == 6


def test_refusal_and_repeat_messages_follow_the_staff_language(staff_client, session, pass_):
    garbage = staff_client.post(
        check_in_url(session),
        {"pass_code": "nope", "nonce": "nonce-0001"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert garbage.json()["pass_code"] == ["유효한 Bridges 출입증이 아닙니다."]
    scan(staff_client, session, pass_.code, nonce="nonce-0002")
    repeat = staff_client.post(
        check_in_url(session),
        {"pass_code": pass_.code, "nonce": "nonce-0003"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    name = staff_client.user.get_full_name()
    assert repeat.json()["message"] == f"Đã được {name} điểm danh lúc 09:05."


def test_check_out_by_pass_flags_early_leave_and_is_idempotent(
    staff_client, session, pass_, during_session
):
    url = f"/api/v1/sessions/{session.pk}/check-outs/"
    not_in = staff_client.post(url, {"pass_code": pass_.code}, format="json")
    assert not_in.status_code == 409
    assert not_in.json() == {
        "non_field_errors": ["Hà Nguyễn was not checked in to this session."],
        "code": "not_checked_in",
    }

    scan(staff_client, session, pass_.code)
    during_session.shift(dt.timedelta(minutes=40))  # 09:45, the lecture ends at 10:30
    first = staff_client.post(url, {"pass_code": pass_.code, "nonce": "leave-0001"}, format="json")
    assert first.status_code == 200
    assert (first.json()["result"], first.json()["message"]) == (
        "checked_out",
        "Checked out at 09:45 (left early).",
    )
    assert first.json()["check_in"]["left_early"] is True

    during_session.shift(dt.timedelta(minutes=5))
    again = staff_client.post(url, {"pass_code": pass_.code, "nonce": "leave-0002"}, format="json")
    assert (again.status_code, again.json()["result"]) == (200, "already_checked_out")
    assert again.json()["message"] == "Already checked out at 09:45."
    check_in = CheckIn.objects.get()
    assert check_in.left_early and check_in.checked_out_by == staff_client.user


def test_check_out_by_participant_refuses_other_roles(applicant_client, session, pass_):
    url = f"/api/v1/sessions/{session.pk}/check-outs/"
    assert applicant_client.post(url, {"pass_code": pass_.code}, format="json").status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {"application": 10**20, "nonce": "nonce-0001"},
        {"application": -5, "nonce": "nonce-0001"},
        {"pass_code": ["list"], "nonce": "nonce-0001"},
        {"pass_code": {"a": 1}, "nonce": 12345678},
        ["not", "an", "object"],
        {"pass_code": "x", "nonce": "n" * 65},
        {"application": 1, "nonce": "nonce-0001", "scanned_at": "2027-13-45T99:00:00"},
    ],
)
def test_malformed_bodies_are_4xx_never_500(staff_client, session, payload):
    response = staff_client.post(check_in_url(session), payload, format="json")
    assert 400 <= response.status_code < 500, response.content
    assert CheckIn.objects.count() == 0


def test_unknown_session_is_404(staff_client, pass_):
    response = staff_client.post(
        "/api/v1/sessions/999999/check-ins/",
        {"pass_code": pass_.code, "nonce": "nonce-0001"},
        format="json",
    )
    assert response.status_code == 404


def test_staff_of_another_organisation_may_not_check_in(other_organiser_client, session, pass_):
    response = scan(other_organiser_client, session, pass_.code)
    assert response.status_code == 403
    assert not CheckIn.objects.exists()
