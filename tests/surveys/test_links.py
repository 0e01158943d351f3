"""Personal links and responses: one response per person and wave (raced), nobody opens
another person's response, tampered and closed links get a clear page, and the stored
rows of an anonymous survey cannot be joined to who answered."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from surveys import services
from surveys.models import Invitation, Response
from surveys.pairing import link_token
from surveys.questions import survey_questions
from tests.concurrency import run_concurrently
from tests.surveys.helpers import pair_survey, participants, required_post

pytestmark = pytest.mark.django_db


def _link(invitation: Invitation) -> str:
    return reverse(
        "surveys:respond", args=[link_token(invitation_id=invitation.pk, nonce=invitation.nonce)]
    )


def _answers(survey) -> dict[str, int]:
    return {key.removeprefix("q_"): int(v) for key, v in required_post(survey).items()}


@pytest.fixture
def invited(event):
    people = participants(event, 3)
    survey = pair_survey(event)
    return survey, services.invitations_ensure(survey), people


def test_link_shows_the_form_and_saves_a_draft_then_the_answers(client, invited):
    survey, (invitation, *_rest), _people = invited
    link = _link(invitation)
    page = client.get(link)
    assert page.status_code == 200
    assert "Youth perceptions" in page.content.decode()
    assert client.post(link, {"save": "1"}).status_code == 302
    draft = Response.objects.get()
    assert draft.submitted_at is None
    refused = client.post(link, {"submit": "1"})
    assert refused.status_code == 400
    assert "This question is required" in refused.content.decode()
    assert Response.objects.get().submitted_at is None
    comment = next(q for q in survey_questions(survey) if q.label == "What changed for you?")
    said = {f"q_{comment.pk}": "Bridges built in Jeonju"}
    assert client.post(link, {"submit": "1", **required_post(survey), **said}).status_code == 302
    sent = Response.objects.get()
    assert sent.submitted_at is not None and sent.pk == draft.pk
    assert sorted(v for v in sent.answers.values() if isinstance(v, int)) == [4, 4]
    done = client.get(link)
    assert "your answers are sent" in done.content.decode()
    pdf = client.get(reverse("surveys:respond-pdf", args=[link.rstrip("/").split("/")[-1]]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Youth perceptions" in text
    for question in survey_questions(survey):
        if question.required:  # the two answered Likert items, each with its answer
            assert f"{question.label}\n 4\n" in text
    assert "Bridges built in Jeonju" in text


def test_tampered_and_unknown_links_get_a_clear_404_page(client, invited):
    _survey, (invitation, *_rest), _people = invited
    token = link_token(invitation_id=invitation.pk, nonce=invitation.nonce)
    for bad in (token[:-2] + "xx", "nonsense", link_token(invitation_id=invitation.pk, nonce="x")):
        page = client.get(reverse("surveys:respond", args=[bad]))
        assert page.status_code == 404
        assert "This survey link is not valid" in page.content.decode()
        assert (
            client.post(reverse("surveys:respond", args=[bad]), {"submit": "1"}).status_code == 404
        )
    assert not Response.objects.exists()


def test_closed_and_not_yet_open_waves_get_a_410_page(client, invited):
    survey, (invitation, *_rest), _people = invited
    first, second = survey.waves.order_by("number")
    with time_machine.travel(first.closes_at + dt.timedelta(hours=1)):
        page = client.get(_link(invitation))
        assert page.status_code == 410
        assert "not open yet" in page.content.decode()
    with time_machine.travel(second.closes_at + dt.timedelta(seconds=1)):
        page = client.post(_link(invitation), {"submit": "1"})
        assert page.status_code == 410
        assert "has closed" in page.content.decode()
    assert not Response.objects.exists()


def test_a_link_opens_only_its_own_persons_response(client, invited):
    survey, (mine, theirs, *_rest), _people = invited
    wave = survey.waves.get(number=1)
    services.response_save(invitation=theirs, wave=wave, answers=_answers(survey), submit=True)
    # Their submitted response does not show behind my link: I get my own empty form.
    page = client.get(_link(mine))
    assert page.status_code == 200
    assert "your answers are sent" not in page.content.decode()
    assert services.response_of(mine, wave) is None
    assert services.response_of(theirs, wave) is not None
    # My submission is a second row; theirs is untouched.
    client.post(_link(mine), {"submit": "1", **required_post(survey)})
    assert Response.objects.filter(wave=wave, submitted_at__isnull=False).count() == 2


def test_anonymous_rows_cannot_be_joined_to_the_person(invited):
    survey, invitations, people = invited
    wave = survey.waves.get(number=1)
    for invitation in invitations:
        services.response_save(
            invitation=invitation, wave=wave, answers=_answers(survey), submit=True
        )
    identities = set()
    for person in people:
        identities |= {
            str(person.pk),
            str(person.applicant_id),
            person.applicant.email,
            person.applicant.get_full_name(),
        }
    identities |= {str(i.pk) for i in invitations} | {i.nonce for i in invitations}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table}")
        columns = [c.name for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 3
    # No column points at a person, an application or an invitation.
    assert not {"application_id", "invitation_id", "user_id"} & {
        c for c, v in zip(columns, rows[0], strict=True) if v is not None
    }
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        stored = {str(v) for v in record.values()}
        assert not stored & identities
        # The submission keeps the day only: no time to match against other records.
        assert record["submitted_at"].time() == dt.time(0, 0)
        # The pair key is keyed: not a plain hash of anything the tables hold.
        assert len(record["pair_key"]) == 64
    import hashlib

    plain = {
        hashlib.sha256(f"survey:{survey.pk}:application:{p.pk}".encode()).hexdigest()
        for p in people
    }
    assert not plain & {dict(zip(columns, r, strict=True))["pair_key"] for r in rows}


def test_an_identified_survey_keeps_the_application(event):
    (person,) = participants(event, 1)
    survey = pair_survey(event, anonymous=False)
    (invitation,) = services.invitations_ensure(survey)
    response = services.response_save(
        invitation=invitation,
        wave=survey.waves.get(number=1),
        answers=_answers(survey),
        submit=True,
    )
    assert response.application_id == person.pk


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_submissions_of_one_link_store_one_response(event):
    participants(event, 1)
    survey = pair_survey(event)
    (invitation,) = services.invitations_ensure(survey)
    link = _link(invitation)
    data = {"submit": "1", **required_post(survey)}

    def submit(_i: int) -> int:
        return Client().post(link, data).status_code

    statuses = run_concurrently(10, submit)
    # One request sends; the others are refused (409) or, arriving after it, shown the
    # "answers sent" page: which of the two depends on thread timing, so only the single
    # send and the single stored response are asserted.
    assert statuses.count(302) == 1 and set(statuses) <= {302, 409, 200}, statuses
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1


def test_page_saves_the_draft_as_one_goes(client, invited):
    """What autosave.js posts (the form, "save", its header): 204, the draft kept, no
    "saved" notice queued for the next page; bad input 400 and nothing saved."""
    survey, (invitation, *_rest), _people = invited
    link = _link(invitation)
    page = client.get(link).content.decode()
    assert "surveys/autosave.js" in page and 'id="autosave-status"' in page
    first = next(q for q in survey_questions(survey) if q.required)
    saved = client.post(link, {f"q_{first.pk}": "5", "save": "1"}, HTTP_X_AUTOSAVE="1")
    assert saved.status_code == 204
    draft = Response.objects.get()
    assert draft.submitted_at is None and draft.answers == {str(first.pk): 5}
    again = client.get(link).content.decode()
    assert "Your answers are saved" not in again  # no notice from the autosave
    assert f'name="q_{first.pk}" value="5"' in again and "checked" in again
    bad = client.post(link, {f"q_{first.pk}": "9", "save": "1"}, HTTP_X_AUTOSAVE="1")
    assert bad.status_code == 400
    assert Response.objects.get().answers == {str(first.pk): 5}
