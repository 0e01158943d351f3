# Real-component fixtures for every test under tests/integration/ (see fixtures.py).
from tests.integration.fixtures import (  # noqa: F401
    celery_beat_factory,
    celery_worker_factory,
    own_redis,
    smtp_sink,
)
