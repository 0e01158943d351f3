"""The OpenAPI schema tells the truth: schemathesis calls every operation of
/api/schema/ as an organiser with data in the database, and every answer must be
documented (status code, content type, body), and never a 5xx.

Bounded and deterministic: a few derandomized examples per operation, each operation
once on the objects that exist (path parameters filled in) and once on generated ones.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from attendance.models import Certificate
from participants.enums import ApplicationStatus
from programmes.enums import MemberRole
from tests.factories.attendance import CheckInFactory, PassFactory
from tests.factories.participants import ApplicationFactory, ProfileFactory, QuestionFactory
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    MembershipFactory,
    PersonFactory,
    seoul_hanoi_exchange,
)
from tests.factories.review import CriterionFactory, ReviewAssignmentFactory, ReviewSettingsFactory
from tests.factories.scheduling import SessionRequestFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 4


def _world(organisation) -> tuple[object, dict]:
    """An organiser (who has also applied elsewhere and reviews) and an event with
    sessions, applications in several states, reviews, passes, check-ins and a
    certificate. Returns the organiser and the path parameters that name real objects."""
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    ProfileFactory(user=organiser)
    event = seoul_hanoi_exchange(organisation=organisation)
    leg = LegFactory(event=event)
    quota = CountryQuotaFactory(event=event)
    person = PersonFactory(organisation=organisation)
    question = QuestionFactory(event=event)
    ReviewSettingsFactory(event=event)
    criterion = CriterionFactory(event=event)
    submitted = ApplicationFactory(event=event)
    ApplicationFactory(event=event, status=ApplicationStatus.UNDER_REVIEW)
    ApplicationFactory(
        event=event,
        status=ApplicationStatus.ACCEPTED,
        decided_at=dt.datetime(2027, 1, 3, 9, tzinfo=dt.UTC),
        offer_expires_at=dt.datetime(2027, 1, 20, 9, tzinfo=dt.UTC),
    )
    assignment = ReviewAssignmentFactory(application=submitted, reviewer=organiser)
    session = event.sessions.order_by("starts_at").first()
    check_in = CheckInFactory(session=session)
    pass_ = PassFactory(application=check_in.application, event=event)
    certificate = Certificate.objects.create(
        application=check_in.application,
        event=event,
        code="CERT-SCHEMA-1",
        participant_name="Nguyen Van A",
        attendance_percent=100,
        sessions_attended=2,
        sessions_total=2,
    )
    request = SessionRequestFactory(event=event)
    elsewhere = EventFactory()
    own = ApplicationFactory(event=elsewhere, applicant=organiser)
    ids = {
        "/api/v1/applications/": submitted.pk,
        "/api/v1/sessions/": session.pk,
        "/api/v1/legs/": leg.pk,
        "/api/v1/quotas/": quota.pk,
        "/api/v1/people/": person.pk,
        "/api/v1/venues/": session.venue_id,
        "/api/v1/programmes/": event.programme_id,
        "/api/v1/passes/": pass_.pk,
        "/api/v1/review/applications/": submitted.pk,
        "/api/v1/review/me/assignments/": assignment.pk,
        "/api/v1/review/assignments/": assignment.pk,
        "/api/v1/review/criteria/": criterion.pk,
        "/questions/": question.pk,
        "/scheduling/requests/": request.pk,
    }
    return organiser, {
        "slug": event.slug,
        "event_id": event.pk,
        "session_id": session.pk,
        "code": certificate.code,
        "ids": ids,
        "own_application": own.pk,
        "organisation_slug": organisation.slug,
        "membership_id": organisation.memberships.get(user=organiser).pk,
    }


def _known_parameters(path: str, world: dict) -> dict:
    """Path parameters naming objects of the world, for the operation at ``path``."""
    known = {}
    if "{slug}" in path:
        known["slug"] = (
            world["organisation_slug"]
            if path.startswith("/api/v1/organisations/")
            else world["slug"]
        )
    for name in ("event_id", "session_id", "code", "membership_id"):
        if f"{{{name}}}" in path:
            known[name] = world[name]
    if "{id}" in path:
        ids = world["ids"]
        match = next((prefix for prefix in ids if prefix in path), None)
        if match is not None:
            known["id"] = ids[match]
    return known


@pytest.fixture
def wsgi_app():
    """The project's WSGI application on this test's database connection.

    A WSGI request closes "old" database connections when it starts and ends, which
    would end the test's transaction; Django's test client unhooks the same handler.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.timeout(400)
def test_every_operation_answers_as_the_schema_says(wsgi_app, organisation):
    organiser, world = _world(organisation)
    headers = {"Authorization": f"Token {Token.objects.create(user=organiser).key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Deletions last, so the other operations still find the world's objects.
    operations.sort(key=lambda op: op.method.lower() == "delete")
    assert len(operations) > 140
    failures: dict[str, str] = {}

    for operation in operations:
        known = _known_parameters(operation.path, world)
        strategy = operation.as_strategy()
        if known:
            strategy = st.one_of(operation.as_strategy(path_parameters=known), strategy)

        @hypothesis_settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case):
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (AssertionError, FailureGroup) as exc:  # every operation's, not the first
                failures.setdefault(case.operation.label, f"{exc}"[:3000])

        call()

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
