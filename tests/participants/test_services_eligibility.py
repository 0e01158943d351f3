import datetime as dt

import pytest
import time_machine

from backend.errors import BridgesError, ConflictError
from participants import services
from participants.enums import ApplicationStatus as S
from participants.enums import QuestionKind
from participants.models import GuardianConsent, StatusChange
from participants.signals import guardian_consent_requested
from tests.factories.participants import QuestionFactory
from tests.participants.apply_helpers import CLOSE, DURING, applicant, complete_draft, open_call


@pytest.fixture
def call(event):
    event.min_age = 18
    event.max_age = 30
    return open_call(event)


@time_machine.travel(DURING, tick=False)
def test_birthday_on_the_first_day_counts_for_the_minimum_age(call):
    # Turns 18 on 5 July 2027, the first day.
    user = applicant(date_of_birth=dt.date(2009, 7, 5))
    application = complete_draft(call, user)
    services.application_submit(application=application, by=user)
    assert application.status == S.SUBMITTED
    assert application.is_minor is False


def _draft_then_profile(event, user, **profile):
    """A draft started while eligible, then a profile change the submit must catch."""
    application = complete_draft(event, user)
    services.profile_update(user=user, data=profile)
    return application


@time_machine.travel(DURING, tick=False)
def test_one_day_short_of_the_minimum_age_is_refused_with_the_reason(call):
    user = applicant()
    application = _draft_then_profile(call, user, date_of_birth=dt.date(2009, 7, 6))
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=user)
    reason = ["You must be at least 18 on the first day (2027-07-05); you will be 17."]
    assert exc.value.as_dict()["profile.date_of_birth"] == reason
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert not StatusChange.objects.exists()
    # Someone 17 on the first day is told before any work: no draft is started.
    younger = applicant(date_of_birth=dt.date(2009, 7, 6))
    with pytest.raises(BridgesError) as exc:
        complete_draft(call, younger)
    assert exc.value.as_dict() == {"profile.date_of_birth": reason, "code": "not_eligible"}
    assert not younger.applications.exists()
    assert services.application_eligibility(event=call, profile=younger.profile, now=DURING) == {
        "profile.date_of_birth": reason
    }


@time_machine.travel(DURING, tick=False)
def test_turning_31_on_the_first_day_exceeds_the_maximum(call):
    user = applicant()
    application = _draft_then_profile(call, user, date_of_birth=dt.date(1996, 7, 5))
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=user)
    assert "at most 30" in exc.value.as_dict()["profile.date_of_birth"][0]


def test_deadline_2359_seoul_submitted_from_sofia(event):
    open_call(event)
    user = applicant(time_zone="Europe/Sofia")
    application = complete_draft(event, user)
    # 23:58:59 in Seoul is 17:58:59 in Sofia (UTC+3 in summer): still open.
    with time_machine.travel(CLOSE - dt.timedelta(minutes=1), tick=False):
        other = applicant(time_zone="Europe/Sofia")
        early = complete_draft(event, other)
        services.application_submit(application=early, by=other)
        assert early.status == S.SUBMITTED
    with time_machine.travel(CLOSE + dt.timedelta(seconds=1), tick=False):
        with pytest.raises(BridgesError) as exc:
            services.application_submit(application=application, by=user)
    assert exc.value.code == "applications_closed"
    assert exc.value.message == (
        "Applications closed on 2027-05-31 23:59 (Asia/Seoul), which is 2027-05-31 17:59 "
        "in your time zone (Europe/Sofia)."
    )
    application.refresh_from_db()
    assert application.status == S.DRAFT


@time_machine.travel(DURING, tick=False)
def test_nationality_and_residence_are_each_checked(event):
    event.eligible_countries = ["KR", "VN"]
    open_call(event)
    outsider = applicant()
    application = _draft_then_profile(
        event, outsider, nationalities=["FR"], country_of_residence="KR"
    )
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=outsider)
    nationality = [
        "Your nationality is not eligible. Eligible nationalities: South Korea, Vietnam."
    ]
    # Living in an eligible country does not make a French national eligible.
    reasons = exc.value.as_dict()
    assert reasons["profile.nationalities"] == nationality
    assert "profile.country_of_residence" not in reasons
    # Known at the start for someone else: no draft, the same reason.
    with pytest.raises(BridgesError) as exc:
        complete_draft(event, applicant(nationalities=["FR"], country_of_residence="DE"))
    assert exc.value.as_dict()["profile.nationalities"] == nationality
    # Dual national: the eligible nationality is the one used for quotas; no residence
    # list: they may live anywhere.
    dual = applicant(nationalities=["FR", "VN"], country_of_residence="FR")
    application = complete_draft(event, dual)
    services.application_submit(application=application, by=dual)
    assert application.country == "VN"

    # Residence too: a Vietnamese living in Germany is refused, by residence alone.
    event.eligible_residence_countries = ["KR", "VN", "TH"]
    event.save(update_fields=["eligible_residence_countries"])
    abroad = applicant(nationalities=["VN"], country_of_residence="DE")
    with pytest.raises(BridgesError) as exc:
        complete_draft(event, abroad)
    reasons = exc.value.as_dict()
    assert "profile.nationalities" not in reasons
    assert reasons == {
        "code": "not_eligible",
        "profile.country_of_residence": [
            "Your country of residence is not eligible. Eligible countries of residence: "
            "South Korea, Thailand, Vietnam."
        ]
    }
    # Both wrong: both named.
    both = services.application_eligibility(
        event=event, profile=applicant(nationalities=["FR"], country_of_residence="DE").profile
    )
    assert set(both) == {"profile.nationalities", "profile.country_of_residence"}
    # Residence only (any nationality): a French national living in Thailand may apply.
    event.eligible_countries = []
    event.save(update_fields=["eligible_countries"])
    resident = applicant(nationalities=["FR"], country_of_residence="TH")
    application = complete_draft(event, resident)
    services.application_submit(application=application, by=resident)
    assert application.country == "FR"


@time_machine.travel(DURING, tick=False)
def test_required_conditions_and_word_limits(event):
    open_call(event)
    travel = QuestionFactory(
        event=event, kind=QuestionKind.YES_NO, label="Do you need a visa?", required=True, order=1
    )
    embassy = QuestionFactory(
        event=event,
        kind=QuestionKind.SHORT_TEXT,
        label="Nearest embassy",
        required=True,
        order=2,
        depends_on=travel,
        condition_value=True,
    )
    user = applicant()
    application = services.application_save_draft(
        event=event,
        applicant=user,
        answers={services.event_default_questions(event)[0].pk: "too short"},
    )
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=user)
    errors = exc.value.as_dict()
    motivation = services.event_default_questions(event)[0]
    assert errors[f"answers.{motivation.pk}"] == ["Write at least 50 words (you wrote 2)."]
    assert errors[f"answers.{travel.pk}"] == ["This question is required."]
    assert f"answers.{embassy.pk}" not in errors  # hidden until "yes"

    complete_draft(event, user, **{str(travel.pk): True})
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=user)
    assert exc.value.as_dict() == {
        f"answers.{embassy.pk}": ["This question is required."],
        "code": "invalid",
    }

    # An answer to a question that ends up hidden is dropped on submit.
    complete_draft(event, user, **{str(travel.pk): False, str(embassy.pk): "Hanoi"})
    services.application_submit(application=application, by=user)
    assert application.status == S.SUBMITTED
    assert set(application.answers.values_list("question_id", flat=True)) == {
        motivation.pk,
        travel.pk,
    }


@time_machine.travel(DURING, tick=False)
def test_draft_answers_are_type_checked(event):
    open_call(event)
    choice = QuestionFactory(event=event, kind=QuestionKind.SINGLE_CHOICE, choices=["a", "b"])
    user = applicant()
    with pytest.raises(BridgesError) as exc:
        services.application_save_draft(
            event=event, applicant=user, answers={choice.pk: "c", 999999: "x"}
        )
    assert exc.value.as_dict() == {
        f"answers.{choice.pk}": ["Choose one of the options."],
        "answers.999999": ["Unknown question."],
        "code": "invalid",
    }


@time_machine.travel(DURING, tick=False)
def test_applicant_aged_17_waits_for_guardian_consent_then_submits(event):
    open_call(event)
    user = applicant(date_of_birth=dt.date(2010, 1, 1))  # 17 on 5 July 2027
    application = complete_draft(event, user)
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=user)
    assert exc.value.as_dict()["guardian_email"] == [
        "Applicants under 18 must name a parent or guardian."
    ]

    services.application_save_draft(
        event=event,
        applicant=user,
        guardian={
            "guardian_name": "Tran Thi Mai",
            "guardian_email": "mai@example.org",
            "guardian_relation": "mother",
        },
    )
    sent = []
    guardian_consent_requested.connect(receiver := lambda sender, **kw: sent.append(kw))
    try:
        services.application_submit(application=application, by=user)
    finally:
        guardian_consent_requested.disconnect(receiver)
    application.refresh_from_db()
    assert application.status == S.AWAITING_GUARDIAN_CONSENT
    assert application.is_minor
    consent = GuardianConsent.objects.get(application=application)
    assert (consent.guardian_email, consent.consented_at) == ("mai@example.org", None)
    assert len(sent) == 1 and sent[0]["consent"] == consent
    url = sent[0]["consent_url"]
    assert url.startswith("http://127.0.0.1:8000/consent/") and url.endswith("/")
    token = url.rsplit("/", 2)[1]

    # Without consent the application cannot be accepted.
    with pytest.raises(ConflictError):
        services.application_transition(application=application, to_status=S.ACCEPTED, by=None)

    shown = services.guardian_consent_from_token(token=token)
    assert shown.consent_text == services.DEFAULT_CONSENT_TEXT
    services.guardian_consent_give(token=token, ip="203.0.113.7", user_agent="Firefox")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    consent.refresh_from_db()
    assert consent.consented_ip == "203.0.113.7"
    assert consent.consented_at == DURING
    assert consent.consent_text_version == services.DEFAULT_CONSENT_VERSION
    assert list(application.history.values_list("to_status", flat=True)) == [
        "awaiting_guardian_consent",
        "submitted",
    ]
    # A second click on the link changes nothing and says so.
    with pytest.raises(BridgesError) as again:
        services.guardian_consent_give(token=token, ip="198.51.100.1", user_agent="Other")
    assert (again.value.code, again.value.status) == ("consent_already_given", 410)
    consent.refresh_from_db()
    assert consent.consented_ip == "203.0.113.7"
    assert application.history.count() == 2
    # Now the minor can be accepted.
    services.application_transition(application=application, to_status=S.ACCEPTED, by=None)
    assert application.status == S.ACCEPTED


@time_machine.travel(DURING, tick=False)
def test_consent_link_tampered_or_expired_is_refused(event):
    open_call(event)
    user = applicant(date_of_birth=dt.date(2010, 1, 1))
    complete_draft(event, user)
    application = services.application_save_draft(
        event=event,
        applicant=user,
        guardian={
            "guardian_name": "Mai",
            "guardian_email": "mai@example.org",
            "guardian_relation": "mother",
        },
    )
    services.application_submit(application=application, by=user)
    consent = GuardianConsent.objects.get()
    token = services.consent_token(consent)
    with pytest.raises(BridgesError) as exc:
        services.guardian_consent_give(token=token[:-2] + "xx", ip="203.0.113.7")
    assert exc.value.code == "consent_link_invalid"
    with time_machine.travel(DURING + dt.timedelta(days=15), tick=False):
        with pytest.raises(BridgesError) as exc:
            services.guardian_consent_give(token=token, ip="203.0.113.7")
    assert exc.value.code == "consent_link_expired"
    application.refresh_from_db()
    assert application.status == S.AWAITING_GUARDIAN_CONSENT


@time_machine.travel(DURING, tick=False)
def test_edit_after_submit_follows_the_event_setting(event):
    open_call(event)
    user = applicant()
    application = complete_draft(event, user)
    services.application_submit(application=application, by=user)
    motivation = services.event_default_questions(event)[0].pk
    new_text = " ".join(["bridges"] * 55)
    services.application_update_after_submit(
        application=application, by=user, answers={motivation: new_text}
    )
    assert application.answers.get().value == new_text
    with pytest.raises(BridgesError):
        services.application_update_after_submit(
            application=application, by=user, answers={motivation: "short"}
        )
    assert application.answers.get().value == new_text
    services.call_settings_update(event=event, data={"allow_edits_after_submit": False})
    event.refresh_from_db()
    application.refresh_from_db()
    with pytest.raises(ConflictError) as exc:
        services.application_update_after_submit(
            application=application, by=user, answers={motivation: new_text}
        )
    assert exc.value.code == "not_editable"


@time_machine.travel(DURING, tick=False)
def test_confirm_before_deadline_and_not_after(event):
    open_call(event)
    user = applicant()
    application = complete_draft(event, user)
    services.application_submit(application=application, by=user)
    services.application_transition(application=application, to_status=S.ACCEPTED, by=None)
    assert application.offer_expires_at == DURING + dt.timedelta(days=7)
    stranger = applicant()
    with pytest.raises(BridgesError) as exc:
        services.application_confirm(application=application, by=stranger)
    assert exc.value.status == 403
    with time_machine.travel(DURING + dt.timedelta(days=8), tick=False):
        with pytest.raises(ConflictError) as exc:
            services.application_confirm(application=application, by=user)
    assert exc.value.code == "offer_expired"
    services.application_confirm(application=application, by=user)
    assert application.status == S.CONFIRMED
    services.application_withdraw(application=application, by=user)
    assert application.status == S.WITHDRAWN
    # Withdrawn frees the "one active application" slot: the person may apply again.
    again = complete_draft(event, user)
    assert again.pk != application.pk and again.status == S.DRAFT


@time_machine.travel(DURING, tick=False)
def test_required_documents_are_checked_on_submit(event, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.participants.apply_helpers import PDF, use_private_root

    use_private_root(settings, tmp_path)
    open_call(event)
    services.call_settings_update(event=event, data={"required_documents": ["cv"]})
    user = applicant()
    application = complete_draft(event, user)
    with pytest.raises(BridgesError) as exc:
        services.application_submit(application=application, by=user)
    assert exc.value.as_dict() == {
        "documents.cv": ["Upload your cv."],
        "code": "invalid",
    }
    services.document_upload(
        owner=user, uploaded=SimpleUploadedFile("cv.pdf", PDF), kind="cv", application=application
    )
    services.application_submit(application=application, by=user)
    assert application.status == S.SUBMITTED
