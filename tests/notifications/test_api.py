"""API: inbox, preferences, organisers' templates with preview, broadcasts."""

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.enums import MessageKind, MessageStatus
from notifications.models import Broadcast, Message, OptOut, TemplateOverride
from participants.enums import ApplicationStatus
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import SessionFactory, UserFactory


def sent_message(user, key, subject="Hello", read=False):
    return Message.objects.create(
        recipient=user,
        to_email=user.email,
        kind=MessageKind.DECISION_ACCEPTED,
        template="decision_accepted",
        idempotency_key=key,
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        subject=subject,
        body_text=f"Body of {subject}",
        read_at=timezone.now() if read else None,
    )


# --- inbox ---------------------------------------------------------------------------


def test_inbox_lists_only_my_sent_messages(applicant_client):
    me = applicant_client.user
    mine = sent_message(me, "a", "Selected")
    sent_message(UserFactory(), "b", "Someone else's")
    Message.objects.create(
        recipient=me,
        to_email=me.email,
        kind="broadcast",
        template="broadcast",
        idempotency_key="queued",
    )
    response = applicant_client.get("/api/v1/me/inbox/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": mine.pk,
                "kind": "decision_accepted",
                "subject": "Selected",
                "body_text": "Body of Selected",
                "sent_at": response.json()["results"][0]["sent_at"],
                "read_at": None,
                "event": None,
            }
        ],
    }


@pytest.mark.parametrize("rows", [1, 15])
def test_inbox_query_count_is_constant(applicant_client, django_assert_num_queries, rows):
    for i in range(rows):
        sent_message(applicant_client.user, f"k{i}")
    with django_assert_num_queries(2):  # count + page
        assert len(applicant_client.get("/api/v1/me/inbox/").json()["results"]) == rows


def test_inbox_filters_by_unread_and_kind(applicant_client):
    me = applicant_client.user
    unread = sent_message(me, "u", "Unread")
    read = sent_message(me, "r", "Read", read=True)
    reminder = sent_message(me, "s", "Reminder")
    Message.objects.filter(pk=reminder.pk).update(kind=MessageKind.SESSION_REMINDER)

    def ids(query):
        response = applicant_client.get(f"/api/v1/me/inbox/?{query}")
        assert response.status_code == 200
        return sorted(m["id"] for m in response.json()["results"])

    assert ids("unread=true") == sorted([unread.pk, reminder.pk])
    assert ids("unread=false") == [read.pk]
    assert ids("kind=session_reminder") == [reminder.pk]
    assert ids("kind=decision_accepted&unread=true") == [unread.pk]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("kind=nonsense", "kind"), ("kind=account", "kind"), ("unread=perhaps", "unread")],
)
def test_inbox_unknown_filter_value_is_a_400_naming_it(applicant_client, query, parameter):
    sent_message(applicant_client.user, "k")
    response = applicant_client.get(f"/api/v1/me/inbox/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_inbox_filters_are_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/me/inbox/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"kind", "unread", "page"} <= names
    assert "400" in operation["responses"]


@pytest.mark.parametrize("rows", [1, 15])
def test_inbox_filtered_query_count_is_constant(applicant_client, django_assert_num_queries, rows):
    for i in range(rows):
        sent_message(applicant_client.user, f"f{i}")
    with django_assert_num_queries(2):  # count + page
        response = applicant_client.get("/api/v1/me/inbox/?unread=true&kind=decision_accepted")
        assert len(response.json()["results"]) == rows


def test_inbox_mark_read_mine_only(applicant_client):
    mine = sent_message(applicant_client.user, "mine")
    theirs = sent_message(UserFactory(), "theirs")
    response = applicant_client.post(f"/api/v1/me/inbox/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert applicant_client.post(f"/api/v1/me/inbox/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_read_all_and_anonymous(applicant_client, anonymous_client):
    for i in range(3):
        sent_message(applicant_client.user, f"r{i}")
    assert applicant_client.post("/api/v1/me/inbox/read-all/").json() == {"marked": 3}
    assert not Message.objects.filter(read_at__isnull=True).exists()
    assert anonymous_client.get("/api/v1/me/inbox/").status_code in (401, 403)


# --- preferences ---------------------------------------------------------------------


def test_preferences_round_trip_and_transactional_refused(applicant_client):
    url = "/api/v1/me/notification-preferences/"
    assert applicant_client.get(url).json()["disabled_kinds"] == []
    response = applicant_client.put(url, {"disabled_kinds": ["session_reminder", "broadcast"]})
    assert response.status_code == 200 and response.json()["disabled_kinds"] == [
        "broadcast",
        "session_reminder",
    ]
    assert "decision_accepted" not in response.json()["optional_kinds"]
    bad = applicant_client.put(url, {"disabled_kinds": ["decision_accepted"]})
    assert bad.status_code == 400
    assert bad.json()["code"] == "not_optional" and "disabled_kinds" in bad.json()
    assert set(OptOut.objects.values_list("kind", flat=True)) == {"session_reminder", "broadcast"}


# --- templates -----------------------------------------------------------------------

TEMPLATE = {
    "kind": "session_reminder",
    "language": "",
    "subject": "{event_title}: {session_title} soon",
    "body": "Hi {first_name}, see you at {session_start_local} ({session_start_yours}). {link}",
}


@pytest.mark.parametrize(
    "client_name,expected",
    [
        ("anonymous_client", 403),
        ("applicant_client", 403),
        ("reviewer_client", 403),
        ("staff_client", 403),
        ("other_organiser_client", 403),
        ("organiser_client", 200),
    ],
)
def test_organiser_endpoints_permission_matrix(request, event, client_name, expected):
    client = request.getfixturevalue(client_name)
    base = f"/api/v1/events/{event.pk}"
    broadcast = {"segment": "confirmed", "subject": "Hi", "body": "Hello {first_name}"}
    got = [
        client.get(f"{base}/message-templates/").status_code,
        client.post(f"{base}/message-templates/preview/", TEMPLATE).status_code,
        client.post(f"{base}/message-templates/", TEMPLATE).status_code,
        client.get(f"{base}/broadcasts/").status_code,
        client.post(f"{base}/broadcasts/preview/", broadcast).status_code,
    ]
    if client_name == "anonymous_client":
        expected_codes = [401, 401, 401, 401, 401] if got[0] == 401 else [403] * 5
    else:
        expected_codes = [expected] * 5
    assert got == expected_codes
    assert TemplateOverride.objects.exists() == (expected == 200)


def test_template_preview_then_save_is_used_for_the_next_reminder(
    event, organiser_client, make_participant, django_capture_on_commit_callbacks
):
    SessionFactory(event=event, title="Opening plenary")
    organiser_client.user.first_name = "Minji"
    organiser_client.user.save()
    base = f"/api/v1/events/{event.pk}/message-templates/"
    preview = organiser_client.post(base + "preview/", TEMPLATE).json()
    assert preview["subject"] == f"{event.title}: Opening plenary soon"
    assert preview["text"].startswith(
        "Hi Minji, see you at 2027-07-05 09:00 (Asia/Seoul, UTC+09:00) ()."
    )
    assert not TemplateOverride.objects.exists()  # a preview saves nothing
    saved = organiser_client.post(base, TEMPLATE)
    assert saved.status_code == 200 and saved.json()["kind"] == "session_reminder"
    user = make_participant(time_zone="Europe/Sofia", first_name="Ivana")
    from notifications import reminders
    from tests.notifications.test_reminders import at_seoul

    with django_capture_on_commit_callbacks(execute=True):
        reminders.scan_session_reminders(now=at_seoul(2027, 7, 5, 8, 0))
    [sent] = mail.outbox
    assert sent.subject == f"{event.title}: Opening plenary soon"
    assert sent.body.startswith(
        "Hi Ivana, see you at 2027-07-05 09:00 (Asia/Seoul, UTC+09:00) (2027-07-05 03:00 (Europe/Sofia, UTC+03:00))."
    )
    assert user.email in sent.to[0]
    assert "<p>Hi Ivana, see you at" in sent.alternatives[0][0]


@pytest.mark.parametrize(
    "change,field,code",
    [
        ({"body": "Hi {first_name.__class__}"}, "body", "unknown_placeholder"),
        ({"subject": "{password}"}, "subject", "unknown_placeholder"),
        ({"kind": "nonsense"}, "kind", None),
        ({"language": "de"}, "language", None),
        ({"subject": ""}, "subject", None),
    ],
)
def test_template_bad_input_names_the_field(event, organiser_client, change, field, code):
    response = organiser_client.post(
        f"/api/v1/events/{event.pk}/message-templates/", {**TEMPLATE, **change}
    )
    assert response.status_code == 400 and field in response.json()
    if code:
        assert response.json()["code"] == code
    assert not TemplateOverride.objects.exists()


def test_template_delete(event, organiser_client, other_organiser_client):
    override = services.template_override_save(event=event, by=None, **TEMPLATE)
    url = f"/api/v1/events/{event.pk}/message-templates/{override.pk}/"
    assert other_organiser_client.delete(url).status_code == 403
    assert organiser_client.delete(url).status_code == 204
    assert not TemplateOverride.objects.exists()


# --- broadcasts ----------------------------------------------------------------------


def test_broadcast_preview_and_send_to_confirmed_participants(
    event, organiser_client, make_participant, django_capture_on_commit_callbacks
):
    confirmed = [make_participant(first_name=f"P{i}") for i in range(3)]
    make_participant(status=ApplicationStatus.WAITLISTED)
    payload = {
        "segment": "confirmed",
        "subject": "Visa letters",
        "body": "Dear {first_name}, see {link}",
    }
    base = f"/api/v1/events/{event.pk}/broadcasts/"
    preview = organiser_client.post(base + "preview/", payload).json()
    assert (
        preview["recipient_count"] == 3
        and preview["sample_recipient"] == confirmed[0].profile.full_name
    )
    assert preview["text"].startswith("Dear P0, see http://")
    assert not Message.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(base, payload)
    assert response.status_code == 201 and response.json()["recipient_count"] == 3
    assert sorted(m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox) == sorted(
        u.email for u in confirmed
    )
    assert {m.subject for m in mail.outbox} == {"Visa letters"}
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    assert Broadcast.objects.get().messages.filter(status=MessageStatus.SENT).count() == 3


def test_broadcast_to_applicants_from_one_country(
    event, organiser_client, django_capture_on_commit_callbacks
):
    vn = ApplicationFactory(event=event, country="VN", status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(event=event, country="VN", status=ApplicationStatus.DRAFT)
    ApplicationFactory(event=event, country="VN", status=ApplicationStatus.WITHDRAWN)
    ApplicationFactory(event=event, country="VN", status=ApplicationStatus.CONSENT_LAPSED)
    ApplicationFactory(event=event, country="KR", status=ApplicationStatus.SUBMITTED)
    payload = {
        "segment": "country",
        "country": "vn",
        "subject": "Hello Viet Nam",
        "body": "Xin chào {first_name}",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(f"/api/v1/events/{event.pk}/broadcasts/", payload)
    assert response.status_code == 201 and response.json()["country"] == "VN"
    assert [m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox] == [vn.applicant.email]
    missing = organiser_client.post(
        f"/api/v1/events/{event.pk}/broadcasts/", {**payload, "country": ""}
    )
    assert missing.status_code == 400 and "country" in missing.json()
    assert Broadcast.objects.count() == 1


def test_broadcasts_go_through_the_rate_limited_task(
    event, organiser_client, make_participant, django_capture_on_commit_callbacks, caplog
):
    from notifications import tasks

    make_participant()
    caplog.set_level("INFO", logger="celery.app.trace")
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            f"/api/v1/events/{event.pk}/broadcasts/",
            {"segment": "confirmed", "subject": "S", "body": "B"},
        )
    ran = {r.args["name"] for r in caplog.records if isinstance(r.args, dict) and "name" in r.args}
    assert ran == {"notifications.deliver_broadcast_batch"}
    assert tasks.deliver_broadcast_batch.rate_limit == "12/m"
    assert tasks.deliver_batch.rate_limit is None  # transactional mail is never throttled
