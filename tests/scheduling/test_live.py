"""The live scan: each session's start and end is recorded and announced once, however
often the beat task runs."""

import datetime as dt

import pytest

from programmes import services as programme_services
from scheduling.enums import LivePhase
from scheduling.models import SessionPhaseMark
from scheduling.signals import session_phase_changed
from scheduling.tasks import advance_live_task
from tests.factories.programmes import SessionFactory


@pytest.fixture
def announced():
    seen = []

    def receiver(sender, session, phase, at, **kwargs):
        seen.append((session.pk, phase, at))

    session_phase_changed.connect(receiver, dispatch_uid="test-live")
    yield seen
    session_phase_changed.disconnect(dispatch_uid="test-live")


def test_start_and_end_are_announced_once(
    event, time_machine, announced, django_capture_on_commit_callbacks
):
    session = SessionFactory(event=event)  # 09:00-10:30 Seoul on 5 July 2027
    cancelled = SessionFactory(event=event, title="Called off")
    programme_services.session_cancel(session=cancelled)

    time_machine.move_to(session.starts_at - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert advance_live_task.apply().get() == 0

    time_machine.move_to(session.starts_at + dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert advance_live_task.apply().get() == 1
        assert advance_live_task.apply().get() == 0  # the next beat finds nothing new
    assert announced == [(session.pk, LivePhase.IN_PROGRESS, session.starts_at)]

    time_machine.move_to(session.ends_at + dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert advance_live_task.apply().get() == 1
    assert announced[-1] == (session.pk, LivePhase.FINISHED, session.ends_at)
    assert SessionPhaseMark.objects.filter(session=cancelled).count() == 0


def test_old_sessions_are_not_news(
    event, time_machine, announced, django_capture_on_commit_callbacks
):
    session = SessionFactory(event=event)
    time_machine.move_to(session.ends_at + dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert advance_live_task.apply().get() == 0
    assert announced == []
