"""The apply steps, one handler each: about you (profile), questions, parent or guardian,
documents, and review and submit."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from backend.pages import errors_as_messages
from programmes.models import Event

from .. import selectors, services
from ..accounts import remember_time_zone
from ..enums import (
    ApplicationStatus,
    DocumentKind,
    QuestionKind,
)
from ..forms import (
    DocumentForm,
    GuardianForm,
    ProfileForm,
    add_service_error,
    show_errors,
)
from ..models import Application, Document, Question
from ..question_forms import QuestionsForm, answer_display, question_field_name
from .apply_flow import (
    STEP_DOCUMENTS,
    STEP_GUARDIAN,
    STEP_PROFILE,
    STEP_QUESTIONS,
    STEP_REVIEW,
    _context,
    _next_step,
    _problems,
    _save_draft,
    _set_stored_errors,
    _step_url,
    _stored_errors,
)

S = ApplicationStatus

# Seconds a blank form's fields are kept whole: also how long a new label, help text or
# country name can take to reach a blank form.
BLANK_FIELDS_SECONDS = 600


def _blank_fields_key(form) -> str | None:
    """The cache key for the fields of a form that shows nothing of the person's: unbound,
    nothing filled in, no errors. Every new applicant gets that same markup in a language
    (the profile step's ten fields with ~1,000 country and zone options were most of its
    time; the documents step's upload form), so it is rendered once per language and field
    set (the template's ``cache``). None when the form shows anything of the person's."""
    if form.is_bound or form.errors or any(form[name].value() for name in form.fields):
        return None
    fields = [
        (name, str(f.label), str(f.help_text), f.required, type(f.widget).__name__, f.widget.attrs)
        for name, f in form.fields.items()
    ]
    digest = hashlib.sha256(repr(fields).encode()).hexdigest()[:16]
    return f"{type(form).__name__}:{get_language()}:{digest}"


def _step_profile(request, event: Event, application: Application | None):
    current = services.profile_for(request.user)
    stored = _stored_errors(request, application)
    problems = _problems(event, request.user, application)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, profile=current, only=ProfileForm.APPLY_FIELDS)
        if form.is_valid():
            try:
                # The profile is the person's own and is kept; the draft is only started
                # when the person can apply (the service refuses otherwise, with reasons).
                saved = services.profile_update(user=request.user, data=form.service_data())
                problems = {}
                with transaction.atomic():
                    # Creates the draft, and records whether the applicant is a minor.
                    application = _save_draft(event, request.user, application)
            except BridgesError as exc:
                if exc.code == "not_eligible":
                    # Listed above the form, and beside the profile field at fault.
                    problems = exc.errors
                    status = 400
                    add_service_error(
                        form, exc, {f"profile.{n}": n for n in form.fields}, only_fields=True
                    )
                else:
                    add_service_error(form, exc)
            else:
                remember_time_zone(request, request.user, saved)
                _set_stored_errors(
                    request,
                    application,
                    {k: v for k, v in stored.items() if not k.startswith("profile.")},
                )
                return redirect(
                    _step_url(event, _next_step(request, event, application, STEP_PROFILE))
                )
    else:
        form = ProfileForm(profile=current, only=ProfileForm.APPLY_FIELDS)
        show_errors(form, {k[8:]: v for k, v in stored.items() if k.startswith("profile.")})
        show_errors(form, {k[8:]: v for k, v in problems.items() if k.startswith("profile.")})
    return render(
        request,
        "participants/apply_profile.html",
        _context(
            request,
            event,
            application,
            STEP_PROFILE,
            form=form,
            problems=[m for messages_ in problems.values() for m in messages_],
            blank_fields_key=_blank_fields_key(form),
            blank_fields_seconds=BLANK_FIELDS_SECONDS,
        ),
        status=status,
    )


def _questions_state(event: Event, application: Application):
    questions = selectors.event_questions(event)
    by_id = {q.pk: q for q in questions}
    answers = {a.question_id: a for a in application.answers.all()}
    values = {qid: a.value for qid, a in answers.items()}
    documents = {qid: a.file for qid, a in answers.items() if a.file_id}
    return questions, by_id, values, documents


def _shown(questions: list[Question], by_id: dict[int, Question], values: dict) -> set[int]:
    # The service's own condition rule, so the page and the submit check never disagree.
    return services.visible_question_ids(questions, values)


def _step_questions(request, event: Event, application: Application):
    questions, by_id, values, documents = _questions_state(event, application)
    shown_before = _shown(questions, by_id, values)
    field_map = {f"answers.{q.pk}": question_field_name(q) for q in questions}
    if request.method == "POST":
        form = QuestionsForm(
            request.POST,
            request.FILES,
            questions=questions,
            values=values,
            shown=shown_before,
            documents=documents,
        )
        posted = {**values, **form.raw_values()}
        shown_now = _shown(questions, by_id, posted)
        form.shown = shown_now
        if form.is_valid():
            answers = form.answers()
            try:
                with transaction.atomic():
                    for question in questions:
                        upload = request.FILES.get(question_field_name(question))
                        if (
                            question.kind == QuestionKind.FILE
                            and upload
                            and question.pk in shown_now
                        ):
                            try:
                                document = services.document_upload(
                                    owner=request.user, uploaded=upload, application=application
                                )
                            except BridgesError as exc:
                                exc.field = f"answers.{question.pk}"
                                raise
                            answers[question.pk] = document.pk
                    application = _save_draft(event, request.user, application, answers=answers)
            except BridgesError as exc:
                add_service_error(form, exc, field_map)
            else:
                stored = _stored_errors(request, application)
                _set_stored_errors(
                    request, application, {k: v for k, v in stored.items() if k not in field_map}
                )
                if any(
                    answers.get(qid) is None and not request.FILES.get(f"q_{qid}")
                    for qid in shown_now - shown_before
                    if by_id[qid].kind != QuestionKind.SECTION
                ):
                    # An answer revealed further questions: show them before moving on.
                    messages.info(
                        request, _("Your answers are saved. Please answer the new questions below.")
                    )
                    return redirect(_step_url(event, STEP_QUESTIONS) + "#questions")
                if "save" in request.POST:
                    messages.success(request, _("Your answers are saved. You can finish later."))
                    return redirect(_step_url(event, STEP_QUESTIONS))
                return redirect(
                    _step_url(event, _next_step(request, event, application, STEP_QUESTIONS))
                )
    else:
        form = QuestionsForm(
            questions=questions, values=values, shown=shown_before, documents=documents
        )
        show_errors(form, _stored_errors(request, application), field_map)
    return render(
        request,
        "participants/apply_questions.html",
        _context(request, event, application, STEP_QUESTIONS, form=form),
    )


def _step_guardian(request, event: Event, application: Application):
    status = 200
    if request.method == "POST":
        form = GuardianForm(request.POST)
        if form.is_valid():
            try:
                application = _save_draft(
                    event, request.user, application, guardian=form.cleaned_data
                )
            except BridgesError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                return redirect(
                    _step_url(event, _next_step(request, event, application, STEP_GUARDIAN))
                )
    else:
        form = GuardianForm(
            initial={
                "guardian_name": application.guardian_name,
                "guardian_email": application.guardian_email,
                "guardian_relation": application.guardian_relation,
            }
        )
        show_errors(form, _stored_errors(request, application))
    return render(
        request,
        "participants/apply_guardian.html",
        _context(request, event, application, STEP_GUARDIAN, form=form),
        status=status,
    )


def _step_documents(request, event: Event, application: Application):
    max_mb = max(1, settings.UPLOAD_MAX_BYTES // (1024 * 1024))
    form = DocumentForm(max_mb=max_mb)
    if request.method == "POST" and "delete" in request.POST:
        try:
            document_id = int(request.POST["delete"])
        except ValueError:
            raise Http404 from None
        document = get_object_or_404(
            Document, pk=document_id, owner=request.user, application=application
        )
        with errors_as_messages(request):
            services.document_delete(document=document, by=request.user)
            messages.success(request, _("The document is removed."))
        return redirect(_step_url(event, STEP_DOCUMENTS))
    if request.method == "POST" and ("upload" in request.POST or request.FILES):
        form = DocumentForm(request.POST, request.FILES, max_mb=max_mb)
        if form.is_valid():
            try:
                services.document_upload(
                    owner=request.user,
                    uploaded=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    application=application,
                )
            except BridgesError as exc:
                add_service_error(form, exc)
            else:
                stored = _stored_errors(request, application)
                _set_stored_errors(
                    request,
                    application,
                    {
                        k: v
                        for k, v in stored.items()
                        if k != f"documents.{form.cleaned_data['kind']}"
                    },
                )
                messages.success(request, _("The document is uploaded."))
                return redirect(_step_url(event, STEP_DOCUMENTS))
    elif request.method == "POST":
        return redirect(_step_url(event, _next_step(request, event, application, STEP_DOCUMENTS)))
    required = services.call_settings_for(event).required_documents or []
    documents = list(application.documents.all())
    have = {d.kind for d in documents}
    doc_errors = {
        k[10:]: v
        for k, v in _stored_errors(request, application).items()
        if k.startswith("documents.")
    }
    required_rows = [
        {
            "kind": kind,
            "label": DocumentKind(kind).label,
            "done": kind in have,
            "errors": doc_errors.get(kind, []),
        }
        for kind in required
    ]
    return render(
        request,
        "participants/apply_documents.html",
        _context(
            request,
            event,
            application,
            STEP_DOCUMENTS,
            form=form,
            documents=documents,
            required_rows=required_rows,
            next_url=_step_url(event, _next_step(request, event, application, STEP_DOCUMENTS)),
            blank_fields_key=_blank_fields_key(form),
            blank_fields_seconds=BLANK_FIELDS_SECONDS,
        ),
    )


def _error_links(
    event: Event, questions: list[Question], errors: dict[str, list[str]]
) -> list[dict]:
    """Each submit error with the step (and field) where the applicant can fix it."""
    links = []
    questions = {f"answers.{q.pk}": q for q in questions}
    for key, messages_ in errors.items():
        if key.startswith("profile."):
            url, label = (
                _step_url(event, STEP_PROFILE) + f"#id_{key[8:]}",
                ProfileForm.base_fields.get(key[8:]).label
                if key[8:] in ProfileForm.base_fields
                else key[8:],
            )
        elif key in questions:
            url, label = (
                _step_url(event, STEP_QUESTIONS) + f"#id_q_{questions[key].pk}",
                questions[key].label,
            )
        elif key.startswith("guardian_"):
            url, label = (
                _step_url(event, STEP_GUARDIAN) + f"#id_{key}",
                GuardianForm.base_fields[key].label,
            )
        elif key.startswith("documents."):
            kind = key[10:]
            url = _step_url(event, STEP_DOCUMENTS)
            label = DocumentKind(kind).label if kind in DocumentKind.values else kind
        else:
            url, label = None, ""
        for message in messages_:
            links.append({"url": url, "label": label, "message": message})
    return links


def _step_review(request, event: Event, application: Application):
    errors: dict[str, list[str]] = _stored_errors(request, application)
    general_error = None
    if request.method == "POST" and application.status == S.DRAFT:
        try:
            application = services.application_submit(application=application, by=request.user)
        except BridgesError as exc:
            errors = getattr(exc, "errors", None) or {}
            if errors:
                _set_stored_errors(request, application, errors)
            else:
                general_error = exc.message
        else:
            _set_stored_errors(request, application, None)
            if application.status == S.AWAITING_GUARDIAN_CONSENT:
                messages.success(
                    request,
                    _("Your application is sent. We have asked %(name)s for their consent.")
                    % {"name": application.guardian_name},
                )
            else:
                messages.success(request, _("Your application is submitted."))
            return redirect("my-applications")
    elif request.method == "POST":
        return redirect("my-applications")
    questions, by_id, values, documents = _questions_state(event, application)
    shown = _shown(questions, by_id, values)
    answers = [
        {
            "question": q,
            "display": answer_display(values.get(q.pk), q),
            "document": documents.get(q.pk),
        }
        for q in questions
        if q.pk in shown and q.kind != QuestionKind.SECTION
    ]
    status = 400 if (errors or general_error) and request.method == "POST" else 200
    return render(
        request,
        "participants/apply_review.html",
        _context(
            request,
            event,
            application,
            STEP_REVIEW,
            profile=services.profile_for(request.user),
            answers=answers,
            documents=list(application.documents.all()),
            error_links=_error_links(event, questions, errors),
            general_error=general_error,
        ),
        status=status,
    )
