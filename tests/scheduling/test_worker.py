"""A real `celery worker` on real Redis runs "Schedule sessions": the run is queued after
commit and solved by the worker against the test database."""

import pytest
from django.db import transaction

from scheduling import services
from scheduling.enums import RunStatus
from scheduling.models import ProposedPlacement, ScheduleRun
from tests.factories.programmes import EventFactory, UserFactory
from tests.factories.scheduling import demo_workshop
from tests.integration.fixtures import (  # noqa: F401 (fixture)
    celery_worker_factory,
    purge_broker,
    shared_redis_url,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_real_worker_solves_a_queued_run(celery_worker_factory):  # noqa: F811 (fixture)
    purge_broker(shared_redis_url())
    event = EventFactory()
    demo_workshop(event)
    organiser = UserFactory()
    celery_worker_factory(email_url="consolemail://", concurrency=1)
    with transaction.atomic():
        run = services.schedule_run_start(event=event, by=organiser)

    def finished() -> bool:
        return ScheduleRun.objects.get(pk=run.pk).status not in (
            RunStatus.QUEUED,
            RunStatus.RUNNING,
        )

    wait_for(finished, timeout=120, what="the worker to finish the run")
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, (run.status, run.error, run.conflicts)
    assert run.progress == 100
    assert ProposedPlacement.objects.filter(run=run).count() == 40
