# Real-component fixtures for every test under tests/integration/ (see fixtures.py).
from tests.integration.fixtures import celery_worker_factory, own_redis, smtp_sink  # noqa: F401
