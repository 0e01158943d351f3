"""Two organisers press "Schedule sessions" at the same moment: one run starts, the other
is told a run is under way. Real threads on real PostgreSQL."""

import threading

import pytest

from backend.errors import ConflictError
from scheduling import services
from scheduling.enums import RunStatus
from scheduling.models import ScheduleRun
from tests.concurrency import run_concurrently
from tests.factories.programmes import EventFactory, UserFactory
from tests.factories.scheduling import SessionRequestFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_starts_make_one_run(monkeypatch):
    from scheduling import tasks

    monkeypatch.setattr(tasks.solve_task, "delay", lambda **kwargs: None)  # no worker here
    event = EventFactory()
    SessionRequestFactory(event=event)
    user = UserFactory()
    barrier = threading.Barrier(2)

    # Both threads pass the "is a run active?" check before either inserts, which is the
    # race the partial unique index must catch.
    queryset_class = type(ScheduleRun.objects.none())
    original_exists = queryset_class.exists

    def exists_then_wait(qs):
        result = original_exists(qs)
        if qs.model is ScheduleRun:
            barrier.wait(timeout=10)
        return result

    monkeypatch.setattr(queryset_class, "exists", exists_then_wait)

    def start(_index):
        try:
            services.schedule_run_start(event=event, by=user)
        except ConflictError as exc:
            return exc.code
        return "started"

    assert sorted(run_concurrently(2, start)) == ["run_active", "started"]
    assert ScheduleRun.objects.filter(event=event, status=RunStatus.QUEUED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_beats_announce_a_start_once(time_machine):
    import datetime as dt

    from scheduling.models import SessionPhaseMark
    from scheduling.signals import session_phase_changed
    from tests.factories.programmes import SessionFactory

    session = SessionFactory()
    time_machine.move_to(session.starts_at + dt.timedelta(minutes=1), tick=False)
    seen = []
    session_phase_changed.connect(
        lambda sender, **kw: seen.append(kw["session"].pk), dispatch_uid="race-live", weak=False
    )
    try:
        counts = run_concurrently(2, lambda _index: services.live_phases_advance())
    finally:
        session_phase_changed.disconnect(dispatch_uid="race-live")
    assert sorted(counts) == [0, 1]
    assert seen == [session.pk]
    assert SessionPhaseMark.objects.filter(session=session).count() == 1
