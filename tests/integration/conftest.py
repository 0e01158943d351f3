import pytest

# Real-component fixtures for every test under tests/integration/ (see fixtures.py).
from tests.integration.fixtures import (  # noqa: F401
    celery_beat_factory,
    celery_worker_factory,
    own_redis,
    smtp_sink,
)


@pytest.fixture(autouse=True)
def frozen_now():
    # Not pinned here: the Celery workers and beat run in other processes on the real
    # clock, so these tests count their dates from the real now.
    yield None
