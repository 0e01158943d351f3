import datetime as dt

import pytest
import time_machine

from backend.errors import BridgesError, ConflictError
from participants import services
from participants.enums import ApplicationStatus as S
from participants.models import Application, StatusChange
from participants.signals import application_status_changed
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import CountryQuotaFactory

OPEN = dt.datetime(2027, 4, 1, tzinfo=dt.UTC)
CLOSE = dt.datetime(2027, 5, 31, 14, 59, tzinfo=dt.UTC)  # 23:59 in Seoul


@pytest.fixture
def open_event(event):
    event.applications_open_at = OPEN
    event.applications_close_at = CLOSE
    event.save()
    return event


def _draft_with_motivation(event, user):
    application = services.application_save_draft(event=event, applicant=user)
    motivation = services.event_default_questions(event)[0]
    services.application_save_draft(
        event=event, applicant=user, answers={motivation.pk: "word " * 60}
    )
    return application


@time_machine.travel(dt.datetime(2027, 5, 1, tzinfo=dt.UTC), tick=False)
def test_submit_moves_draft_to_submitted_with_history_and_signal(open_event):
    user = ProfileFactory().user
    application = _draft_with_motivation(open_event, user)
    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["from_status"], kwargs["to_status"], kwargs["by"]))
        changes.append(kwargs["change"].pk)

    changes = []
    application_status_changed.connect(receiver)
    try:
        services.application_submit(application=application, by=user)
    finally:
        application_status_changed.disconnect(receiver)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.submitted_at == dt.datetime(2027, 5, 1, tzinfo=dt.UTC)
    assert application.country == "VN"
    assert seen == [("draft", "submitted", user)]
    assert list(StatusChange.objects.values_list("from_status", "to_status", "by")) == [
        ("draft", "submitted", user.pk)
    ]
    # The signal carries the history row it announces.
    assert changes == [StatusChange.objects.get().pk]


def test_transition_outside_the_map_is_refused_and_nothing_changes(event):
    application = ApplicationFactory(event=event, status=S.REJECTED)
    with pytest.raises(ConflictError) as exc:
        services.application_transition(application=application, to_status=S.ACCEPTED, by=None)
    assert exc.value.code == "invalid_transition"
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert not StatusChange.objects.exists()


def test_accept_refused_when_capacity_reached(event):
    event.capacity = 2
    event.save()
    for _ in range(2):
        ApplicationFactory(event=event, status=S.ACCEPTED)
    application = ApplicationFactory(event=event, status=S.UNDER_REVIEW)
    with pytest.raises(ConflictError) as exc:
        services.application_transition(application=application, to_status=S.ACCEPTED, by=None)
    assert exc.value.code == "capacity_reached"
    assert Application.objects.get(pk=application.pk).status == S.UNDER_REVIEW


def test_accept_refused_when_country_maximum_reached(event):
    CountryQuotaFactory(event=event, country="VN", minimum=0, maximum=1)
    ApplicationFactory(event=event, status=S.CONFIRMED, country="VN")
    vietnamese = ApplicationFactory(event=event, status=S.SHORTLISTED, country="VN")
    thai = ApplicationFactory(event=event, status=S.SHORTLISTED, country="TH")
    with pytest.raises(ConflictError) as exc:
        services.application_transition(application=vietnamese, to_status=S.ACCEPTED, by=None)
    assert exc.value.code == "country_quota_reached"
    services.application_transition(application=thai, to_status=S.ACCEPTED, by=None)
    thai.refresh_from_db()
    assert thai.status == S.ACCEPTED
    assert thai.offer_expires_at is not None


def test_minor_cannot_be_accepted_without_consent(event):
    application = ApplicationFactory(event=event, status=S.UNDER_REVIEW, is_minor=True)
    with pytest.raises(ConflictError) as exc:
        services.application_transition(application=application, to_status=S.ACCEPTED, by=None)
    assert exc.value.code == "guardian_consent_missing"


def test_unknown_status_is_a_400(event):
    application = ApplicationFactory(event=event)
    with pytest.raises(BridgesError) as exc:
        services.application_transition(application=application, to_status="teleported", by=None)
    assert exc.value.status == 400 and exc.value.field == "status"
