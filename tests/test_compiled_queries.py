"""backend.queries.CompiledQuery: each use gives what its plain queryset gives, compiles
its SQL once, and refuses what it cannot do. Also the token authentication built on it."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from backend.queries import CompiledQuery, set_prefetched
from participants import selectors, services
from participants.models import Answer, Application, Question
from programmes.models import Event
from tests.factories.participants import ProfileFactory, QuestionFactory
from tests.participants.apply_helpers import DURING, PDF, complete_draft, open_call

pytestmark = pytest.mark.django_db


def _field_values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def draft(event, settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    with time_machine.travel(DURING, tick=False):
        open_call(event)
        event.eligible_countries = ["KR", "VN"]
        event.save()
        services.call_settings_for(event)
        user = ProfileFactory(nationalities=["KR"], country_of_residence="VN").user
        later = QuestionFactory(event=event, order=20)
        earlier = QuestionFactory(event=event, order=5)
        application = complete_draft(event, user, **{str(later.pk): "b", str(earlier.pk): "a"})
        for name in ("cv.pdf", "letter.pdf"):
            services.document_upload(
                owner=user,
                uploaded=SimpleUploadedFile(name, PDF),
                kind="cv",
                application=application,
            )
    return application


@transaction.atomic
def test_submit_read_matches_the_orm_and_needs_no_further_query(draft):
    expected = (
        Application.objects.select_related("event", "event__call_settings", "applicant__profile")
        .prefetch_related("answers", "documents")
        .get(pk=draft.pk)
    )
    with CaptureQueriesContext(connection) as reads:
        locked = selectors.application_locked_for_submit(draft.pk)
    assert len(reads) == 3
    assert "FOR UPDATE OF" in reads.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as more:
        assert _field_values(locked) == _field_values(expected)
        assert _field_values(locked.event) == _field_values(expected.event)
        assert _field_values(locked.event.call_settings) == _field_values(
            expected.event.call_settings
        )
        assert _field_values(locked.applicant) == _field_values(expected.applicant)
        assert _field_values(locked.applicant.profile) == _field_values(expected.applicant.profile)
        # Converted like the ORM converts: JSON, countries, aware UTC datetimes.
        assert locked.event.eligible_countries == ["KR", "VN"]
        assert locked.applicant.profile.nationalities == ["KR"]
        assert locked.created_at.utcoffset() == dt.timedelta(0)
        answers = list(locked.answers.all())
        assert [a.pk for a in answers] == [a.pk for a in expected.answers.all()]
        assert [a.value for a in answers if a.value in ("a", "b")] == ["a", "b"]
        assert all(a.application is locked for a in answers)
        assert [d.pk for d in locked.documents.all()] == [d.pk for d in expected.documents.all()]
        assert len(locked.documents.all()) == 2
    assert len(more) == 0


@transaction.atomic
def test_answers_come_in_form_order(draft):
    locked = selectors.application_locked_for_submit(draft.pk)
    orders = [a.question.order for a in locked.answers.all()]
    assert orders == sorted(orders) and len(orders) == 3


def test_event_form_matches_the_orm(draft):
    expected = list(Question.objects.filter(event_id=draft.event_id))
    got = selectors.event_form(draft.event_id)
    assert [_field_values(q) for q in got] == [_field_values(q) for q in expected]


@transaction.atomic
def test_an_unknown_id_reads_nothing(draft):
    assert selectors.application_locked_for_submit(10**12) is None


@transaction.atomic
def test_sql_is_compiled_once(draft, monkeypatch):
    read = CompiledQuery(lambda pk: Event.objects.select_related("organisation").filter(pk=pk))
    first = read.first(draft.event_id)

    def refuse(self, *args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(SQLCompiler, "as_sql", refuse)
    again = read.first(draft.event_id)
    assert again is not first and again.pk == first.pk == draft.event_id
    assert again.organisation.pk == draft.event.organisation_id


@pytest.mark.django_db(transaction=True)  # a test transaction would hide autocommit
def test_a_locking_read_outside_a_transaction_is_refused(draft):
    read = CompiledQuery(lambda pk: Application.objects.select_for_update().filter(pk=pk))
    with pytest.raises(TransactionManagementError):
        read.first(draft.pk)
    with transaction.atomic():
        assert read.first(draft.pk).pk == draft.pk
    with pytest.raises(TransactionManagementError):
        read.first(draft.pk)  # compiled now, and still refused


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Application.objects.filter(pk=1),  # the value is not used
        lambda pk: Application.objects.filter(pk=pk) | Application.objects.filter(event_id=pk),
        lambda pk: Application.objects.filter(pk=pk).prefetch_related("answers"),
    ],
    ids=["missing", "twice", "prefetch"],
)
def test_shapes_it_cannot_run_are_refused(build):
    with pytest.raises(ImproperlyConfigured):
        CompiledQuery(build).fetch(1)


def test_set_prefetched_answers_from_memory(draft):
    application = Application.objects.get(pk=draft.pk)
    answers = list(Answer.objects.filter(application=draft))
    set_prefetched(application, "answers", answers)
    with CaptureQueriesContext(connection) as queries:
        assert list(application.answers.all()) == answers
        assert all(a.application is application for a in answers)
    assert len(queries) == 0


# --- token authentication ------------------------------------------------------


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_token_authenticates_its_user_in_one_query(draft):
    client = _token_client(draft.applicant)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me/applications/")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [draft.pk]
    token_reads = [q for q in queries.captured_queries if "authtoken_token" in q["sql"]]
    assert len(token_reads) == 1


def test_an_unknown_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get("/api/v1/me/applications/")
    # 403, not 401: session authentication comes first and sends no WWW-Authenticate.
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token."


def test_an_inactive_users_token_is_refused(draft):
    client = _token_client(draft.applicant)
    draft.applicant.is_active = False
    draft.applicant.save()
    response = client.get("/api/v1/me/applications/")
    # 403, not 401: session authentication comes first and sends no WWW-Authenticate.
    assert response.status_code == 403
    assert response.json()["detail"] == "User inactive or deleted."
