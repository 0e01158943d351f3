import pytest

from backend.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process; enqueueing still waits for the transaction to commit."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
