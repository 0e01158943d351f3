import pytest

from backend.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process; enqueueing still waits for the transaction to commit."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories set a password for every user; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
