"""Two organisers press "Schedule sessions" at the same moment: one run starts, the other
is told a run is under way. Real threads on real PostgreSQL."""

import threading

import pytest
from django.db import connection

from backend.errors import ConflictError
from scheduling import services
from scheduling.enums import RunStatus
from scheduling.models import ScheduleRun
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
    outcomes = []

    # Both threads pass the "is a run active?" check before either inserts, which is the
    # race the partial unique index must catch.
    real_filter = ScheduleRun.objects.filter

    def start():
        try:
            original_exists = type(real_filter(pk=0)).exists

            def exists_then_wait(qs):
                result = original_exists(qs)
                if qs.model is ScheduleRun:
                    barrier.wait(timeout=10)
                return result

            monkeypatch.setattr(type(real_filter(pk=0)), "exists", exists_then_wait, raising=True)
            services.schedule_run_start(event=event, by=user)
            outcomes.append("started")
        except ConflictError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["run_active", "started"]
    assert ScheduleRun.objects.filter(event=event, status=RunStatus.QUEUED).count() == 1
