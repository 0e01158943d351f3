from types import SimpleNamespace

from notifications import demo
from notifications.models import Broadcast, Message, TemplateOverride


def test_demo_load_is_idempotent(event, make_participant, django_capture_on_commit_callbacks):
    make_participant()
    make_participant()
    fake = SimpleNamespace(events={"workshop": event})
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(fake)
        demo.load(fake)
    assert TemplateOverride.objects.filter(event=event).count() == 1
    assert Broadcast.objects.get().recipient_count == 2
    assert Message.objects.filter(status="sent").count() == 2
