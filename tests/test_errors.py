"""The one place that turns domain and database errors into 4xx answers."""

import threading

import pytest
from django.db import OperationalError, transaction

from backend.errors import BridgesError, ConflictError, api_exception_handler
from programmes.models import Organisation
from tests.concurrency import run_concurrently
from tests.factories.programmes import OrganisationFactory


def test_domain_errors_name_their_field_and_code():
    response = api_exception_handler(
        BridgesError("Too young.", code="age", field="date_of_birth"), {}
    )
    assert (response.status_code, response.data) == (
        400,
        {"date_of_birth": ["Too young."], "code": "age"},
    )
    response = api_exception_handler(ConflictError("Full.", code="capacity_reached"), {})
    assert (response.status_code, response.data["code"]) == (409, "capacity_reached")


def _deadlock() -> OperationalError:
    """Two transactions lock two rows in opposite orders; PostgreSQL aborts one of them."""
    first, second = OrganisationFactory(), OrganisationFactory()
    barrier = threading.Barrier(2)
    orders = ((first, second), (second, first))

    def lock(index):
        with transaction.atomic():
            Organisation.objects.select_for_update().get(pk=orders[index][0].pk)
            barrier.wait(timeout=10)  # both hold their first row before asking for the second
            Organisation.objects.select_for_update().get(pk=orders[index][1].pk)

    caught = [r for r in run_concurrently(2, lock, timeout=30) if isinstance(r, OperationalError)]
    assert len(caught) == 1, caught
    return caught[0]


@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_a_409_retry_not_a_500():
    response = api_exception_handler(_deadlock(), {})
    assert response.status_code == 409
    assert response.data["code"] == "retry"


def test_other_database_errors_are_not_hidden():
    # Only collisions are the client's to retry; anything else stays a server error.
    assert api_exception_handler(OperationalError("disk full"), {}) is None
