import factory.random
import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from backend.celery import app as celery_app
from programmes.enums import MemberRole
from tests.factories.clock import FROZEN_NOW
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def frozen_now():
    """Every test starts at FROZEN_NOW, so nothing depends on the day the suite runs.

    The clock ticks (lock timeouts, polling and threads need it to move). A test travels
    further with time_machine; tests/browser and tests/integration replace this fixture,
    as their browser or worker processes read the real clock.
    """
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield FROZEN_NOW


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 costs ~0.3 s per password on these cores; tests check logic, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process (enqueueing still waits for the commit).

    Celery copied its configuration from the Django settings when it first read it, so
    overriding CELERY_TASK_ALWAYS_EAGER in `settings` has no effect after that: set the
    app's own conf.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _rate_limits_out_of_the_way(settings):
    # The whole suite comes from one address and its counters outlive a run in Redis;
    # tests/test_throttling.py sets the limits it exercises.
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _files_in_memory(settings):
    # Uploads, photos and certificates go through the storage API: keep them in memory,
    # never in var/. Tests that look at files on disk use apply_helpers.use_private_root.
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": memory, "private": memory}


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    # Faker's names can hold any substring a search or sort reads; seeding per test makes
    # a run on CI draw exactly the data a local run of the same test drew.
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached answers are keyed by versions the services bump; factories write without
    # them, so each test starts from an empty cache rather than another test's pages.
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread; reverse() in the next test
    # would then build that language's addresses (/ko/...) instead of the default ones.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def event(organisation):
    return EventFactory(organisation=organisation)


def _client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def anonymous_client():
    return APIClient()


@pytest.fixture
def organiser_client(organisation):
    return _client_for(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


@pytest.fixture
def other_organiser_client(db):
    return _client_for(MembershipFactory(role=MemberRole.ORGANISER).user)


@pytest.fixture
def reviewer_client(organisation):
    return _client_for(MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user)


@pytest.fixture
def staff_client(organisation):
    return _client_for(MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user)


@pytest.fixture
def applicant_client(db):
    return _client_for(UserFactory())
