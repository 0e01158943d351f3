"""What the demo leaves in the outbox: the organiser's broadcasts, the decisions each
applicant was told, and the consent request that reaches the guardian's mailbox."""

from email import message_from_bytes

import pytest
from django.urls import reverse

from notifications.models import Broadcast, Message
from notifications.services import message_deliver_batch
from programmes.models import Event
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module


def test_organiser_finds_the_broadcasts_already_sent(demo):
    forum = Event.objects.get(slug="asean-korea-esg-youth-forum")
    page = client_for("organiser@bridges.demo").get(
        reverse("notifications:broadcasts", args=[forum.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    # The four confirmed participants of the forum had the welcome.
    assert "Welcome to {event_title}" in html and "4 recipients" in html
    broadcast = Broadcast.objects.get(event=forum)
    assert broadcast.created_by.email == "organiser@bridges.demo"
    assert sorted(broadcast.messages.values_list("to_email", flat=True)) == [
        "meiling@bridges.demo",
        "nam@bridges.demo",
        "rizky@bridges.demo",
        "thiri@bridges.demo",
    ]


def test_applicant_was_told_each_step_by_mail(demo):
    kinds = set(
        Message.objects.filter(to_email="applicant@bridges.demo").values_list("kind", flat=True)
    )
    assert {"application_received", "decision_accepted", "confirmation_received"} <= kinds


def test_consent_request_reaches_the_guardians_mailbox(demo, settings, tmp_path):
    # As under `make run`: mail is written as files (var/mail/ there, tmp_path here).
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    request = Message.objects.get(kind="guardian_consent_request")
    assert request.to_email == "guardian@bridges.demo"
    message_deliver_batch(ids=[request.pk])
    request.refresh_from_db()
    assert request.status == "sent"
    [path] = list(tmp_path.iterdir())
    mail = message_from_bytes(path.read_bytes())
    assert mail["To"].endswith("guardian@bridges.demo>") or mail["To"] == "guardian@bridges.demo"
    text = path.read_text(errors="replace")
    assert "/consent/" in text


def test_demo_load_is_idempotent_for_broadcasts(demo):
    from programmes.management.commands.load_demo import load_demo

    before = (Broadcast.objects.count(), Message.objects.count())
    load_demo()
    assert (Broadcast.objects.count(), Message.objects.count()) == before
