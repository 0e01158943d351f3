"""The submit request: a constant number of queries, and a response built from one read."""

import pytest
import time_machine

from participants import services
from participants.enums import ApplicationStatus as S
from participants.enums import QuestionKind
from participants.models import Answer, Application, StatusChange
from tests.factories.participants import AnswerFactory, ProfileFactory, QuestionFactory
from tests.participants.apply_helpers import DURING, complete_draft, open_call

# The service's savepoint, locked read (with event, call settings, applicant and profile;
# the view reads nothing first), answers, documents, questions, one UPDATE, the history
# row, the audit entry and the release; the notifications receiver's outbox row
# (savepoint, insert, release; the recipient's preferences come with the profile, the
# history row with the signal). Constant in the number of questions.
SUBMIT_QUERIES = 12


@pytest.mark.parametrize("extra_questions", [0, 4])
@time_machine.travel(DURING, tick=False)
def test_submit_runs_a_constant_number_of_queries(
    event, applicant_client, django_assert_num_queries, extra_questions
):
    open_call(event)
    services.call_settings_for(event)  # an event's settings exist once it has been set up
    ProfileFactory(user=applicant_client.user)
    extra = {
        QuestionFactory(event=event, order=10 + i).pk: f"Answer {i}" for i in range(extra_questions)
    }
    draft = complete_draft(event, applicant_client.user, **{str(k): v for k, v in extra.items()})
    with django_assert_num_queries(SUBMIT_QUERIES):
        response = applicant_client.post(f"/api/v1/applications/{draft.pk}/submit/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert len(body["answers"]) == 1 + extra_questions
    assert Application.objects.get(pk=draft.pk).status == S.SUBMITTED
    assert StatusChange.objects.filter(application=draft, to_status=S.SUBMITTED).count() == 1


@time_machine.travel(DURING, tick=False)
def test_submit_response_leaves_out_answers_to_hidden_questions(event, applicant_client):
    """A stale answer to a question hidden by an earlier answer is deleted on submit and
    must not appear in the response rendered from the submit's own read."""
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    visa = QuestionFactory(event=event, kind=QuestionKind.YES_NO, order=10)
    city = QuestionFactory(event=event, order=11, depends_on=visa, condition_value=True)
    draft = complete_draft(event, applicant_client.user, **{str(visa.pk): False})
    AnswerFactory(application=draft, question=city, value="Seoul")
    response = applicant_client.post(f"/api/v1/applications/{draft.pk}/submit/")
    assert response.status_code == 200, response.json()
    answered = [a["question"] for a in response.json()["answers"]]
    assert city.pk not in answered and visa.pk in answered
    assert not Answer.objects.filter(application=draft, question=city).exists()


@time_machine.travel(DURING, tick=False)
def test_submit_receipt_uses_the_language_and_zone_of_the_profile_it_read(event, applicant_client):
    from notifications.enums import MessageKind
    from notifications.models import Message

    open_call(event)
    ProfileFactory(
        user=applicant_client.user, preferred_language="vi", time_zone="Asia/Ho_Chi_Minh"
    )
    draft = complete_draft(event, applicant_client.user)
    assert applicant_client.post(f"/api/v1/applications/{draft.pk}/submit/").status_code == 200
    receipt = Message.objects.get(kind=MessageKind.APPLICATION_RECEIVED)
    assert (receipt.recipient_id, receipt.language) == (applicant_client.user.pk, "vi")
    assert receipt.context["recipient_zone"] == "Asia/Ho_Chi_Minh"


def test_someone_elses_draft_is_not_found_and_stays_a_draft(event, applicant_client):
    open_call(event)
    other = ProfileFactory().user
    with time_machine.travel(DURING, tick=False):
        theirs = complete_draft(event, other)
        response = applicant_client.post(f"/api/v1/applications/{theirs.pk}/submit/")
        missing = applicant_client.post("/api/v1/applications/999999999/submit/")
    assert (response.status_code, missing.status_code) == (404, 404)
    assert response.json() == missing.json()  # the same answer: existence is not revealed
    assert Application.objects.get(pk=theirs.pk).status == S.DRAFT
