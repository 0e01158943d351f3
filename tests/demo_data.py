"""The demo from ``load_demo``, loaded once per test module at a pinned moment.

Use ``from tests.demo_data import NOW, demo  # noqa: F401`` and take ``demo`` (and ``db``)
in a test. The load runs inside a transaction that is rolled back after the module, so
each test still sees the demo exactly as loaded (its own changes roll back too). The
clock stays at NOW (ticking) while the module runs, since the demo's "today" is NOW's.
"""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

from programmes.management.commands.load_demo import load_demo
from tests.factories.clock import FROZEN_NOW

# The suite's pinned moment (09:00 in Seoul): today's dialogue has a session that ended,
# one running and one to come. Every test starts there again (tests/conftest.py).
NOW = FROZEN_NOW


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    traveller = time_machine.travel(NOW, tick=True)
    traveller.start()
    # The suite's fast hasher (tests/conftest.py) is per test; the demo's passwords are set
    # before any test runs and must verify under it.
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    try:
        with fast_hasher, django_db_blocker.unblock(), transaction.atomic():
            built = load_demo(now=NOW)
            yield built
            transaction.set_rollback(True)
    finally:
        traveller.stop()


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client
