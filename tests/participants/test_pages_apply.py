"""The apply steps through Django's test client: drafts, conditions, uploads, submit errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from participants import services
from participants.enums import ApplicationStatus, DocumentKind, QuestionKind
from participants.models import Answer, Application, Document, GuardianConsent, Profile
from programmes.enums import EventStatus
from tests.factories.participants import QuestionFactory
from tests.factories.programmes import UserFactory
from tests.participants._pages import MOTIVATION, errors_of, open_call, pdf_bytes, verified_client
from tests.participants.apply_helpers import ELF, motivation_id, stored_files, use_private_root

S = ApplicationStatus


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    cache.clear()
    return use_private_root(settings, tmp_path)


@pytest.fixture
def call(event):
    return open_call(event)


def url(event, step=""):
    return f"/events/{event.slug}/apply/{step + '/' if step else ''}"


def test_apply_needs_a_signed_in_user(client, call):
    response = client.get(url(call))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_apply_needs_a_verified_email_and_sends_the_link(
    call, eager_celery, django_capture_on_commit_callbacks
):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    from django.test import Client

    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):  # the link goes through the outbox
        response = client.get(url(call))
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert not Application.objects.exists()


def test_apply_to_an_unpublished_event_is_404(event):
    event.status = EventStatus.DRAFT
    event.save()
    client = verified_client()
    assert client.get(url(event)).status_code == 404
    assert client.get(url(event, "questions")).status_code == 404


def test_unknown_step_is_404(call):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    assert client.get(url(call, "payment")).status_code == 404
    # An adult has no guardian step.
    assert client.get(url(call, "guardian")).status_code == 404


def _profile_post(**overrides):
    data = {
        "full_name": "Nguyen Thi Minh",
        "preferred_name": "Minh",
        "date_of_birth": "2001-03-14",
        "gender": "female",
        "nationalities": ["VN"],
        "country_of_residence": "VN",
        "affiliation": "Vietnam National University",
        "phone": "+84 90 123 4567",
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    data.update(overrides)
    return data


def test_profile_step_saves_the_profile_and_creates_the_draft(call):
    client = verified_client(profile=False)
    assert client.get(url(call)).headers["Location"] == url(call, "profile")
    response = client.post(url(call, "profile"), _profile_post())
    assert response.status_code == 302
    assert response["Location"] == url(call, "questions")
    profile = Profile.objects.get(user=client.user)
    assert profile.full_name == "Nguyen Thi Minh"
    assert [str(c.code) for c in profile.nationalities] == ["VN"]
    application = Application.objects.get(applicant=client.user, event=call)
    assert application.status == S.DRAFT
    assert client.session["bridges_timezone"] == "Asia/Ho_Chi_Minh"
    # Resuming later goes straight to the questions.
    assert client.get(url(call)).headers["Location"] == url(call, "questions")


def test_profile_step_shows_the_service_error_beside_the_field_and_saves_nothing(call):
    client = verified_client(profile=False)
    response = client.post(url(call, "profile"), _profile_post(date_of_birth="2099-01-01"))
    assert response.status_code == 200
    html = response.content.decode()
    assert errors_of(html, "id_date_of_birth") == ["Enter your real date of birth."]
    assert re.search(r'aria-describedby="[^"]*id_date_of_birth_error"', html)
    assert not Application.objects.exists()
    assert Profile.objects.get(user=client.user).full_name == ""


def test_questions_step_renders_every_kind_of_question(call):
    kinds = {
        QuestionKind.SHORT_TEXT: r'<input type="text" name="q_{}"',
        QuestionKind.LONG_TEXT: r'<textarea name="q_{}"',
        QuestionKind.SINGLE_CHOICE: r'<input type="radio" name="q_{}" value="Seoul"',
        QuestionKind.MULTIPLE_CHOICE: r'<input type="checkbox" name="q_{}" value="Hanoi"',
        QuestionKind.YES_NO: r'<input type="radio" name="q_{}" value="yes"',
        QuestionKind.NUMBER: r'<input type="number" name="q_{}"',
        QuestionKind.DATE: r'<input type="date" name="q_{}"',
        QuestionKind.COUNTRY: r'<select name="q_{}"[^>]*>\s*<option value="" selected>[^<]*</option>.*?<option value="VN">Vietnam',
        QuestionKind.FILE: r'<input type="file" name="q_{}"',
    }
    questions = {}
    for order, kind in enumerate(kinds, start=1):
        choices = (
            ["Seoul", "Hanoi"]
            if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
            else []
        )
        questions[kind] = QuestionFactory(
            event=call, kind=kind, order=order, choices=choices, label=f"Label {kind}"
        )
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    html = client.get(url(call, "questions")).content.decode()
    for kind, pattern in kinds.items():
        assert re.search(pattern.format(questions[kind].pk), html, re.S), kind
        assert f'for="id_q_{questions[kind].pk}' in html or f"<legend>Label {kind}" in html
    # The default motivation question is there too, its help giving the word limits once.
    assert f'name="q_{motivation_id(call)}"' in html
    assert "(50 to 300 words)" in html
    assert "Between 50 and 300 words." not in html


def test_questions_are_saved_as_a_draft_and_shown_again(call):
    number = QuestionFactory(
        event=call, kind=QuestionKind.NUMBER, order=2, label="How many exchanges?"
    )
    many = QuestionFactory(
        event=call,
        kind=QuestionKind.MULTIPLE_CHOICE,
        order=3,
        choices=["Seoul", "Hanoi", "Bangkok"],
    )
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    mid = motivation_id(call)
    response = client.post(
        url(call, "questions"),
        {
            f"q_{mid}": "Only a few words so far",
            f"q_{number.pk}": "3",
            f"q_{many.pk}": ["Hanoi", "Seoul"],
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url(call, "questions")
    answers = {
        a.question_id: a.value for a in Answer.objects.filter(application__applicant=client.user)
    }
    assert answers == {mid: "Only a few words so far", number.pk: 3, many.pk: ["Seoul", "Hanoi"]}
    html = client.get(url(call, "questions")).content.decode()
    assert "Only a few words so far</textarea>" in html
    assert re.search(rf'name="q_{many.pk}" value="Hanoi"[^>]*checked', html)


def test_conditional_question_appears_after_the_server_side_step_without_javascript(call):
    parent = QuestionFactory(
        event=call, kind=QuestionKind.YES_NO, order=2, label="Do you need a visa?"
    )
    child = QuestionFactory(
        event=call,
        kind=QuestionKind.SHORT_TEXT,
        order=3,
        label="Which passport do you hold?",
        depends_on=parent,
        condition_value=True,
        required=True,
    )
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    html = client.get(url(call, "questions")).content.decode()
    assert re.search(rf'<div class="question" id="question-{child.pk}" hidden', html)
    assert re.search(rf'<div class="question" id="question-{parent.pk}">', html)

    # "Yes" reveals the follow-up: the page comes back instead of moving on.
    response = client.post(url(call, "questions"), {f"q_{parent.pk}": "yes", "next": "1"})
    assert response["Location"] == url(call, "questions") + "#questions"
    html = client.get(url(call, "questions")).content.decode()
    assert re.search(
        rf'<div class="question" id="question-{child.pk}" data-depends-on="q_{parent.pk}"', html
    )
    assert "Please answer the new questions below." in html

    response = client.post(
        url(call, "questions"),
        {f"q_{parent.pk}": "yes", f"q_{child.pk}": "Vietnamese", "next": "1"},
    )
    assert response["Location"] == url(call, "documents")
    assert Answer.objects.get(question=child).value == "Vietnamese"

    # "No" hides it again and its answer is dropped.
    client.post(
        url(call, "questions"), {f"q_{parent.pk}": "no", f"q_{child.pk}": "Vietnamese", "next": "1"}
    )
    assert not Answer.objects.filter(question=child).exists()
    assert Answer.objects.get(question=parent).value is False


def test_a_bad_answer_is_shown_beside_its_question(call):
    choice = QuestionFactory(event=call, kind=QuestionKind.NUMBER, order=2)
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    response = client.post(url(call, "questions"), {f"q_{choice.pk}": "lots", "next": "1"})
    assert response.status_code == 200
    assert errors_of(response.content.decode(), f"id_q_{choice.pk}") == ["Enter a number."]
    assert not Answer.objects.filter(question=choice).exists()


def test_file_question_takes_a_real_pdf(call, private_root):
    cv = QuestionFactory(event=call, kind=QuestionKind.FILE, order=2, label="Your CV")
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    upload = SimpleUploadedFile("my cv.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(url(call, "questions"), {f"q_{cv.pk}": upload, "next": "1"})
    assert response.status_code == 302
    answer = Answer.objects.get(question=cv)
    assert answer.file.original_name == "my cv.pdf"
    assert answer.file.application == Application.objects.get(applicant=client.user)
    assert len(stored_files(private_root)) == 1
    html = client.get(url(call, "questions")).content.decode()
    assert f'href="/api/v1/documents/{answer.file.pk}/download/"' in html


def test_documents_step_uploads_and_refuses_a_renamed_executable(call, private_root):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    ok = client.post(
        url(call, "documents"),
        {
            "kind": DocumentKind.CV,
            "file": SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    assert ok.status_code == 302
    document = Document.objects.get(owner=client.user)
    assert (document.kind, document.content_type) == (DocumentKind.CV, "application/pdf")

    bad = client.post(
        url(call, "documents"),
        {
            "kind": DocumentKind.PASSPORT,
            "file": SimpleUploadedFile("passport.pdf", ELF, content_type="application/pdf"),
        },
    )
    assert bad.status_code == 200
    assert errors_of(bad.content.decode(), "id_file") == [
        "Only PDF, JPEG and PNG files are accepted; this file is not one of them."
    ]
    assert Document.objects.filter(owner=client.user).count() == 1
    assert len(stored_files(private_root)) == 1

    page = client.get(url(call, "documents")).content.decode()
    assert f'href="/api/v1/documents/{document.pk}/download/"' in page
    download = client.get(f"/api/v1/documents/{document.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Another applicant cannot fetch it.
    assert verified_client().get(f"/api/v1/documents/{document.pk}/download/").status_code == 404

    client.post(url(call, "documents"), {"delete": document.pk})
    assert not Document.objects.filter(pk=document.pk).exists()


def test_required_documents_missing_are_listed_on_submit(call):
    services.call_settings_update(event=call, data={"required_documents": [DocumentKind.CV]})
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    client.post(url(call, "questions"), {f"q_{motivation_id(call)}": MOTIVATION})
    response = client.post(url(call, "review"))
    assert response.status_code == 400
    assert "Upload your cv." in response.content.decode()
    assert "Upload your cv." in client.get(url(call, "documents")).content.decode()


def test_submit_errors_link_to_their_step_and_show_beside_the_field(call):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    mid = motivation_id(call)
    client.post(url(call, "questions"), {f"q_{mid}": "Too short", "next": "1"})
    response = client.post(url(call, "review"))
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        f'<a href="{url(call, "questions")}#id_q_{mid}">Why do you want to take part?</a>' in html
    )
    assert Application.objects.get(applicant=client.user).status == S.DRAFT
    # The questions step now shows the error beside the motivation field.
    questions = client.get(url(call, "questions")).content.decode()
    assert errors_of(questions, f"id_q_{mid}") == ["Write at least 50 words (you wrote 2)."]
    # Fixing it clears it.
    client.post(url(call, "questions"), {f"q_{mid}": MOTIVATION, "next": "1"})
    assert errors_of(client.get(url(call, "questions")).content.decode(), f"id_q_{mid}") == []


def test_submit_a_complete_application(call):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    client.post(url(call, "questions"), {f"q_{motivation_id(call)}": MOTIVATION, "next": "1"})
    review = client.get(url(call, "review")).content.decode()
    assert "I want to learn how young people" in review
    response = client.post(url(call, "review"))
    assert response["Location"] == "/me/applications/"
    application = Application.objects.get(applicant=client.user)
    assert application.status == S.SUBMITTED
    page = client.get("/me/applications/").content.decode()
    assert 'data-status="submitted">Submitted<' in page
    assert "Your application is submitted." in page


def test_late_submission_gives_the_closing_time_in_both_zones(event):
    # Closes at 23:59 on 31 May 2027 in Seoul; the applicant lives in Sofia.
    event.applications_open_at = dt.datetime(2027, 4, 1, tzinfo=dt.UTC)
    event.applications_close_at = dt.datetime(2027, 5, 31, 14, 59, tzinfo=dt.UTC)
    event.save()
    with time_machine.travel(dt.datetime(2027, 5, 20, tzinfo=dt.UTC), tick=False):
        client = verified_client()
        client.post(url(event, "profile"), _profile_post(time_zone="Europe/Sofia"))
        client.post(url(event, "questions"), {f"q_{motivation_id(event)}": MOTIVATION, "next": "1"})
    with time_machine.travel(dt.datetime(2027, 5, 31, 15, 0, tzinfo=dt.UTC), tick=False):
        response = client.post(url(event, "review"))
        # The first step says why the draft can no longer go anywhere.
        assert response["Location"] == url(event, "profile")
        html = client.get(response["Location"]).content.decode()
    assert (
        "Applications closed on 2027-05-31 23:59 (Asia/Seoul), which is 2027-05-31 17:59 in your time zone "
        "(Europe/Sofia)." in html
    )
    assert Application.objects.get(applicant=client.user).status == S.DRAFT


def test_a_minor_names_a_guardian_who_is_asked_for_consent(call):
    client = verified_client()
    # 17 on the first day (5 July 2027).
    client.post(url(call, "profile"), _profile_post(date_of_birth="2010-01-10"))
    response = client.post(
        url(call, "questions"), {f"q_{motivation_id(call)}": MOTIVATION, "next": "1"}
    )
    assert response["Location"] == url(call, "guardian")
    bad = client.post(
        url(call, "guardian"),
        {
            "guardian_name": "Tran Thi Mai",
            "guardian_email": "not-an-address",
            "guardian_relation": "mother",
        },
    )
    assert bad.status_code == 200
    assert errors_of(bad.content.decode(), "id_guardian_email") == ["Enter a valid email address."]
    good = client.post(
        url(call, "guardian"),
        {
            "guardian_name": "Tran Thi Mai",
            "guardian_email": "mai@example.org",
            "guardian_relation": "mother",
        },
    )
    assert good["Location"] == url(call, "documents")
    client.post(url(call, "review"))
    application = Application.objects.get(applicant=client.user)
    assert application.status == S.AWAITING_GUARDIAN_CONSENT
    consent = GuardianConsent.objects.get(application=application)
    assert consent.guardian_email == "mai@example.org"
    page = client.get("/me/applications/").content.decode()
    assert "Wait for your parent or guardian, Tran Thi Mai (mai@example.org)" in page


def test_a_minor_without_a_guardian_cannot_submit(call):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post(date_of_birth="2010-01-10"))
    client.post(url(call, "questions"), {f"q_{motivation_id(call)}": MOTIVATION})
    response = client.post(url(call, "review"))
    assert response.status_code == 400
    assert f'href="{url(call, "guardian")}#id_guardian_name"' in response.content.decode()
    assert errors_of(client.get(url(call, "guardian")).content.decode(), "id_guardian_name") == [
        "Applicants under 18 must name a parent or guardian."
    ]


def test_someone_elses_draft_is_never_shown(call):
    owner = verified_client()
    owner.post(url(call, "profile"), _profile_post())
    owner.post(url(call, "questions"), {f"q_{motivation_id(call)}": "My private answer"})
    other = verified_client()
    other.post(url(call, "profile"), _profile_post(full_name="Someone Else"))
    assert "My private answer" not in other.get(url(call, "questions")).content.decode()
    assert "My private answer" not in other.get(url(call, "review")).content.decode()
    assert Application.objects.filter(event=call).count() == 2


def test_after_submitting_the_steps_edit_the_sent_application_while_allowed(call):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    mid = motivation_id(call)
    client.post(url(call, "questions"), {f"q_{mid}": MOTIVATION})
    client.post(url(call, "review"))
    edited = MOTIVATION + " Also, I speak Korean."
    response = client.post(url(call, "questions"), {f"q_{mid}": edited, "next": "1"})
    assert response.status_code == 302
    assert Answer.objects.get(question_id=mid).value == edited
    assert Application.objects.get(applicant=client.user).status == S.SUBMITTED

    services.call_settings_update(event=call, data={"allow_edits_after_submit": False})
    response = client.get(url(call, "questions"))
    assert response["Location"] == "/me/applications/"


def test_upload_without_a_file_says_so_beside_the_field(call):
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    response = client.post(url(call, "documents"), {"kind": DocumentKind.CV, "upload": "1"})
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "id_file") == ["This field is required."]
    assert not Document.objects.exists()


def test_answering_a_revealed_question_at_once_moves_on(call):
    """With the script, the follow-up is answered in the same post: no bounce back."""
    parent = QuestionFactory(event=call, kind=QuestionKind.YES_NO, order=2)
    child = QuestionFactory(
        event=call,
        kind=QuestionKind.SHORT_TEXT,
        order=3,
        depends_on=parent,
        condition_value=True,
        required=True,
    )
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    html = client.get(url(call, "questions")).content.decode()
    assert re.search(rf'<input type="text" name="q_{child.pk}"[^>]*aria-required="true"', html)
    response = client.post(
        url(call, "questions"), {f"q_{parent.pk}": "yes", f"q_{child.pk}": "Korean", "next": "1"}
    )
    assert response["Location"] == url(call, "documents")
    assert Answer.objects.get(question=child).value == "Korean"


def test_a_bad_file_for_a_file_question_is_refused_beside_it(call, private_root):
    cv = QuestionFactory(event=call, kind=QuestionKind.FILE, order=2, label="Your CV")
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    mid = motivation_id(call)
    response = client.post(
        url(call, "questions"),
        {
            f"q_{mid}": "Kept?",
            f"q_{cv.pk}": SimpleUploadedFile("cv.pdf", ELF),
            "next": "1",
        },
    )
    assert response.status_code == 200
    assert errors_of(response.content.decode(), f"id_q_{cv.pk}") == [
        "Only PDF, JPEG and PNG files are accepted; this file is not one of them."
    ]
    # Nothing half-saved: neither the file nor the other answer of that post.
    assert not Document.objects.exists()
    assert stored_files(private_root) == []
    assert not Answer.objects.filter(question_id=mid).exists()


def test_removing_someone_elses_or_a_nonsense_document_is_404(call):
    owner = verified_client()
    owner.post(url(call, "profile"), _profile_post())
    owner.post(
        url(call, "documents"),
        {"kind": DocumentKind.CV, "file": SimpleUploadedFile("cv.pdf", pdf_bytes()), "upload": "1"},
    )
    document = Document.objects.get()
    other = verified_client()
    other.post(url(call, "profile"), _profile_post())
    assert other.post(url(call, "documents"), {"delete": document.pk}).status_code == 404
    assert other.post(url(call, "documents"), {"delete": "../1"}).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_garbage_in_the_forms_is_a_page_with_errors_never_a_500(call):
    client = verified_client(profile=False)
    response = client.post(
        url(call, "profile"),
        _profile_post(
            nationalities=["XX"],
            date_of_birth="31/02/2020",
            gender="robot",
            time_zone="Mars/Olympus_Mons",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("nationalities", "date_of_birth", "gender", "time_zone"):
        assert errors_of(html, f"id_{field}"), field
    assert not Application.objects.exists()

    client.post(url(call, "profile"), _profile_post())
    number = QuestionFactory(event=call, kind=QuestionKind.NUMBER, order=2)
    day = QuestionFactory(event=call, kind=QuestionKind.DATE, order=3)
    pick = QuestionFactory(event=call, kind=QuestionKind.SINGLE_CHOICE, order=4, choices=["A", "B"])
    response = client.post(
        url(call, "questions"),
        {f"q_{number.pk}": "NaN", f"q_{day.pk}": "2027-13-45", f"q_{pick.pk}": "C", "next": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    for question in (number, day, pick):
        assert errors_of(html, f"id_q_{question.pk}"), question.kind
    assert not Answer.objects.exists()


def test_word_limits_are_given_as_help_when_the_help_text_does_not(call):
    essay = QuestionFactory(
        event=call, kind=QuestionKind.LONG_TEXT, order=2, min_words=20, max_words=80
    )
    client = verified_client()
    client.post(url(call, "profile"), _profile_post())
    html = client.get(url(call, "questions")).content.decode()
    assert f'<div class="help" id="id_q_{essay.pk}_helptext">Between 20 and 80 words.</div>' in html
    assert re.search(
        rf'<textarea name="q_{essay.pk}"[^>]*data-min-words="20" data-max-words="80"', html
    )
