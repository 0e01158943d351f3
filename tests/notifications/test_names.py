"""Messages name people by their name, never by their username when a name exists."""

from notifications import services
from notifications.enums import MessageKind
from participants.accounts import display_name, greeting_name
from tests.factories.participants import ProfileFactory
from tests.factories.programmes import UserFactory


def test_display_name_prefers_profile_then_account_then_email_never_the_username(db):
    user = UserFactory(username="mai.tran17", email="mai@example.org", first_name="", last_name="")
    assert display_name(user, profile=None) == "mai"  # nothing else known: the email's local part
    user.first_name, user.last_name = "Mai", "Tran"
    assert display_name(user, profile=None) == "Mai Tran"
    profile = ProfileFactory(user=user, full_name="Trần Thị Mai", preferred_name="")
    assert display_name(user) == "Trần Thị Mai"
    # The greeting: the name asked for, else the account's given name, else the full name.
    assert greeting_name(user, profile=profile) == "Mai"
    profile.preferred_name = "Mai-Mai"
    assert greeting_name(user, profile=profile) == "Mai-Mai"
    user.first_name = ""
    profile.preferred_name = ""
    assert greeting_name(user, profile=profile) == "Trần Thị Mai"


def test_queued_messages_carry_the_persons_name(db, django_capture_on_commit_callbacks):
    profile = ProfileFactory(
        user=UserFactory(username="mai.tran17", first_name="", last_name=""),
        full_name="Trần Thị Mai",
        preferred_name="",
    )
    nameless = UserFactory(username="linh.x", email="linh@example.org", first_name="", last_name="")
    with django_capture_on_commit_callbacks(execute=True):
        one = services.message_queue(
            kind=MessageKind.DECISION_REJECTED,
            idempotency_key="n1",
            recipient=profile.user,
            context={"event_title": "Forum"},
        )
        services.messages_queue_many(
            [
                services.MessageSpec(
                    kind=MessageKind.DECISION_REJECTED,
                    idempotency_key="n2",
                    recipient=nameless,
                    context={"event_title": "Forum"},
                )
            ]
        )
    one.refresh_from_db()
    assert (one.to_name, one.context["first_name"]) == ("Trần Thị Mai", "Trần Thị Mai")
    assert "Hello Trần Thị Mai," in one.body_text and "mai.tran17" not in one.body_text
    many = nameless.notification_messages.get()
    assert (many.to_name, many.context["first_name"]) == ("linh", "linh")
    assert "linh.x" not in many.body_text
