"""Account mail (allauth) goes through the outbox like every other message."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client

from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message

PASSWORD = "a-long-Passphrase-2027"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth's per-address limits live in the cache, which may be Redis


def _link_in(body: str) -> str:
    match = re.search(r"https?://testserver(/accounts/\S+)", body)
    assert match, body
    return match.group(1)


def test_signup_queues_the_confirmation_in_the_outbox_and_the_task_delivers_it(
    db, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/accounts/signup/",
            {"email": "linh@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="linh@example.org")
    # Nothing left during the request: a row, queued, waiting for the commit.
    message = Message.objects.get()
    assert (message.kind, message.status, message.to_email, message.recipient) == (
        MessageKind.ACCOUNT,
        MessageStatus.QUEUED,
        "linh@example.org",
        user,
    )
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()  # after commit: the delivery task (eager here)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    [sent] = mail.outbox
    assert sent.to == ["linh@example.org"]
    assert sent.subject == "[Bridges] Confirm your email address"
    assert sent.extra_headers["X-Bridges-Kind"] == "account"
    assert sent.extra_headers["Message-ID"] == f"<bridges.{message.pk}@bridges.local>"
    # The delivered link confirms the address and signs the person in.
    link = _link_in(sent.body)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    # Sign-in links are for the mailbox, not the in-app inbox.
    inbox = client.get("/me/inbox/").content.decode()
    assert "Confirm your email address" not in inbox and "0 unread messages" in inbox


def test_password_reset_goes_through_the_outbox_and_its_link_works(
    db, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.create_user(
        username="minh", email="minh@example.org", password="old-Passphrase-2026"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post("/accounts/password/reset/", {"email": "minh@example.org"}).status_code
            == 302
        )
    message = Message.objects.get(kind=MessageKind.ACCOUNT)
    assert message.status == MessageStatus.SENT
    assert message.context["allauth_template"] == "account/email/password_reset_key"
    [sent] = mail.outbox
    form_url = client.get(_link_in(sent.body))["Location"]
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
