"""Applicant pages: profile, the apply steps, My applications, guardian consent, my data.

Views parse the request, call a service, and render. A service's BridgesError is shown
beside the field it names; nothing here decides a business rule.
"""

from __future__ import annotations

import json

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.pages import errors_as_messages
from backend.throttling import CODES, throttle_page
from programmes.enums import EventStatus
from programmes.models import Event

from . import selectors, services
from .accounts import account_close, display_name, remember_time_zone
from .documents import open_stored as storage_open
from .documents import photo_max_mb
from .enums import (
    EDITABLE_AFTER_SUBMIT_STATUSES,
    WITHDRAWABLE_STATUSES,
    ApplicationStatus,
    DocumentKind,
    QuestionKind,
)
from .forms import (
    ConsentForm,
    DeleteAccountForm,
    DocumentForm,
    GuardianForm,
    ProfileForm,
    QuestionsForm,
    add_service_error,
    answer_display,
    field_to_answer,
    question_field_name,
    show_errors,
)
from .models import Application, Document, Question
from .permissions import can_view_photo

S = ApplicationStatus

# --- profile ------------------------------------------------------------------------


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return None


def _profile_page(request, form, current, *, photo_error: str | None = None, status: int = 200):
    return render(
        request,
        "participants/profile.html",
        {
            "form": form,
            "missing": services.profile_missing_fields(current),
            "next": _safe_next(request),
            "photo_url": current.photo_url,
            "photo_error": photo_error,
            "photo_max_mb": photo_max_mb(),
        },
        status=status,
    )


@login_required
@require_POST
def profile_photo_edit(request):
    """Upload (field "photo") or remove ("remove") the profile photo; errors beside the field."""
    try:
        if request.POST.get("remove"):
            services.profile_photo_delete(user=request.user)
            messages.success(request, _("Your photo is removed."))
        else:
            services.profile_photo_set(user=request.user, uploaded=request.FILES.get("photo"))
            messages.success(request, _("Your photo is saved."))
    except BridgesError as exc:
        current = services.profile_for(request.user)
        return _profile_page(
            request, ProfileForm(profile=current), current, photo_error=exc.message, status=400
        )
    return redirect(reverse("my-profile"))


def profile_photo(request, user_id: int):
    """The photo, to its owner and to members of organisations whose events the owner
    applied to; everyone else gets the same 404 as for a photo that does not exist."""
    if not can_view_photo(request.user, user_id):
        raise Http404
    profile = selectors.profile_of(user_id)
    if profile is None or not profile.photo_storage_name:
        raise Http404
    try:
        handle = storage_open(profile.photo_storage_name)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=profile.photo_content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def profile(request):
    current = services.profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, profile=current)
        if form.is_valid():
            try:
                saved = services.profile_update(user=request.user, data=form.service_data())
            except BridgesError as exc:
                add_service_error(form, exc)
            else:
                remember_time_zone(request, request.user, saved)
                messages.success(request, _("Your profile is saved."))
                return redirect(_safe_next(request) or reverse("my-profile"))
    else:
        form = ProfileForm(profile=current)
    return _profile_page(request, form, current)


# --- the apply steps -----------------------------------------------------------------

STEP_PROFILE, STEP_QUESTIONS, STEP_GUARDIAN, STEP_DOCUMENTS, STEP_REVIEW = (
    "profile",
    "questions",
    "guardian",
    "documents",
    "review",
)
STEP_TITLES = {
    STEP_PROFILE: _("About you"),
    STEP_QUESTIONS: _("Questions"),
    STEP_GUARDIAN: _("Parent or guardian"),
    STEP_DOCUMENTS: _("Documents"),
    STEP_REVIEW: _("Review and submit"),
}
ERRORS_SESSION_KEY = "apply_errors:{pk}"


GUARDIAN_PLAN_SESSION_KEY = "apply_guardian_step:{event}"


def _steps(request, event: Event, application: Application | None = None) -> list[str]:
    """The steps, decided once at the start so that "Step 2 of 4" never becomes "of 5":
    a guardian step when the profile says the person is under 18 on the first day, or,
    before the date of birth is known, whenever the call admits minors (an adult then
    skips it). Only a later change of the date of birth to a minor's adds the step."""
    key = GUARDIAN_PLAN_SESSION_KEY.format(event=event.pk)
    minor = services.minor_on_first_day(event=event, profile=services.profile_for(request.user))
    planned = request.session.get(key)
    if planned is None or (minor and not planned):
        planned = minor if minor is not None else services.call_admits_minors(event)
        request.session[key] = planned
    steps = [STEP_PROFILE, STEP_QUESTIONS]
    if planned:
        steps.append(STEP_GUARDIAN)
    return [*steps, STEP_DOCUMENTS, STEP_REVIEW]


def _step_applies(step: str, application: Application | None) -> bool:
    # The guardian step only for a minor; an adult in a call that admits minors skips it.
    return step != STEP_GUARDIAN or bool(application and application.is_minor)


def _open_event(slug: str) -> Event:
    # The call settings in the same read: every step asks them (form, edits, documents).
    return get_object_or_404(
        Event.objects.select_related("call_settings").prefetch_related("legs"),
        slug=slug,
        status=EventStatus.PUBLISHED,
    )


def _editable(application: Application | None) -> bool:
    if application is None or application.status == S.DRAFT:
        return True
    return (
        application.status in EDITABLE_AFTER_SUBMIT_STATUSES
        and services.call_settings_for(application.event).allow_edits_after_submit
    )


def _step_url(event: Event, step: str) -> str:
    return reverse("apply-step", kwargs={"slug": event.slug, "step": step})


def _next_step(request, event: Event, application: Application | None, step: str) -> str:
    steps = [s for s in _steps(request, event, application) if _step_applies(s, application)]
    index = steps.index(step) if step in steps else 0
    return steps[min(index + 1, len(steps) - 1)]


def _previous_step(request, event: Event, application: Application | None, step: str):
    steps = [s for s in _steps(request, event, application) if _step_applies(s, application)]
    index = steps.index(step) if step in steps else 0
    return steps[index - 1] if index > 0 else None


def _stored_errors(request, application: Application | None) -> dict[str, list[str]]:
    if application is None:
        return {}
    return request.session.get(ERRORS_SESSION_KEY.format(pk=application.pk), {})


def _set_stored_errors(
    request, application: Application, errors: dict[str, list[str]] | None
) -> None:
    key = ERRORS_SESSION_KEY.format(pk=application.pk)
    if errors:
        request.session[key] = errors
    else:
        request.session.pop(key, None)


def _save_draft(event: Event, user, application: Application | None, **kwargs) -> Application:
    """Save through the draft service, or the after-submit edit service for a sent
    application (``application``: the one this request read; both services lock and
    check its status again)."""
    if application is not None and application.status != S.DRAFT:
        return services.application_update_after_submit(application=application, by=user, **kwargs)
    return services.application_save_draft(event=event, applicant=user, **kwargs)


def _context(request, event: Event, application: Application | None, step: str, **extra) -> dict:
    steps = _steps(request, event, application)
    previous = _previous_step(request, event, application, step)
    return {
        "event": event,
        "application": application,
        "step": step,
        "step_title": STEP_TITLES[step],
        "steps": [
            {
                "key": s,
                "title": STEP_TITLES[s],
                "url": _step_url(event, s) if _step_applies(s, application) else None,
            }
            for s in steps
        ],
        "step_number": steps.index(step) + 1 if step in steps else 1,
        "step_count": len(steps),
        "previous_url": _step_url(event, previous) if previous else None,
        "window_open": event.applications_open(),
        "editable": _editable(application),
        **extra,
    }


@verified_email_required
def apply(request, slug: str):
    """Resume where the applicant is: a new applicant starts with the profile step."""
    event = _open_event(slug)
    application = selectors.active_application(event=event, applicant=request.user, prefetch=False)
    if application is not None and not _editable(application):
        messages.info(request, _("You have already applied to this event."))
        return redirect("my-applications")
    profile = services.profile_for(request.user)
    if (
        application is None
        or services.profile_missing_fields(profile)
        or _problems(event, request.user, application)
    ):
        return redirect(_step_url(event, STEP_PROFILE))
    return redirect(
        _step_url(event, STEP_QUESTIONS if application.status == S.DRAFT else STEP_REVIEW)
    )


@verified_email_required
def apply_step(request, slug: str, step: str):
    event = _open_event(slug)
    # Answers and documents are read by the step that shows them (each once), not here:
    # a POST that only redirects, or a submit that locks and reads them itself, skips them.
    application = selectors.active_application(event=event, applicant=request.user, prefetch=False)
    if step not in STEP_TITLES or (
        step == STEP_GUARDIAN and not (application and application.is_minor)
    ):
        raise Http404
    if application is not None and not _editable(application):
        messages.info(request, _("This application can no longer be changed."))
        return redirect("my-applications")
    if step != STEP_PROFILE and (
        application is None or _problems(event, request.user, application)
    ):
        # The first step says why this person cannot apply; no later step is shown.
        return redirect(_step_url(event, STEP_PROFILE))
    handler = {
        STEP_PROFILE: _step_profile,
        STEP_QUESTIONS: _step_questions,
        STEP_GUARDIAN: _step_guardian,
        STEP_DOCUMENTS: _step_documents,
        STEP_REVIEW: _step_review,
    }[step]
    return handler(request, event, application)


def _problems(event: Event, user, application: Application | None) -> dict[str, list[str]]:
    """Why this person's application to ``event`` could not be submitted, known now.

    A sent application being edited is past these checks (the edit service has its own)."""
    if application is not None and application.status != S.DRAFT:
        return {}
    return services.application_draft_problems(event=event, profile=services.profile_for(user))


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
            answers = {}
            for question in questions:
                name = question_field_name(question)
                if question.pk not in shown_now:
                    if question.pk in values:
                        answers[question.pk] = None
                    continue
                if question.kind == QuestionKind.FILE:
                    continue
                answers[question.pk] = field_to_answer(question, form.cleaned_data.get(name))
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
    form.conditions = {
        q.pk: {
            "parent": question_field_name(by_id[q.depends_on_id]),
            "value": json.dumps(q.condition_value),
        }
        for q in questions
        if q.depends_on_id and q.depends_on_id in by_id
    }
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
            "display": answer_display(values.get(q.pk)),
            "document": documents.get(q.pk),
        }
        for q in questions
        if q.pk in shown
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


# --- My applications ---------------------------------------------------------------


@login_required
def my_applications(request):
    now = timezone.now()
    applications = list(selectors.my_applications(request.user, now))
    profile = services.profile_for(request.user)
    for application in applications:
        application.can_resend_consent = services.consent_resend_allowed(
            application, pending_until=application.consent_link_expires_at, now=now
        )
        # A draft that could not be submitted says why, and is not offered to continue.
        application.problems = (
            [
                message
                for messages_ in services.application_draft_problems(
                    event=application.event, profile=profile, now=now
                ).values()
                for message in messages_
            ]
            if application.status == S.DRAFT
            else []
        )
    return render(
        request,
        "participants/my_applications.html",
        {
            "applications": applications,
            "withdrawable": WITHDRAWABLE_STATUSES,
            "S": S,
            "now": now,
        },
    )


def _own_application(request, pk: int) -> Application:
    # Someone else's application is "not found", never "forbidden": ids are not disclosed.
    return get_object_or_404(
        Application.objects.select_related("event"), pk=pk, applicant=request.user
    )


@login_required
def application_withdraw(request, pk: int):
    application = _own_application(request, pk)
    if request.method == "POST":
        with errors_as_messages(request):
            services.application_withdraw(application=application, by=request.user)
            messages.success(
                request,
                _("Your application to %(event)s is withdrawn.")
                % {"event": application.event.title},
            )
        return redirect("my-applications")
    if application.status not in WITHDRAWABLE_STATUSES:
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("my-applications")
    return render(request, "participants/withdraw_confirm.html", {"application": application})


@login_required
@require_POST
def application_confirm(request, pk: int):
    application = _own_application(request, pk)
    with errors_as_messages(request):
        services.application_confirm(application=application, by=request.user)
        messages.success(
            request,
            _("You have confirmed your place at %(event)s.") % {"event": application.event.title},
        )
    return redirect("my-applications")


@login_required
@require_POST
def application_decline(request, pk: int):
    application = _own_application(request, pk)
    with errors_as_messages(request):
        services.application_decline(application=application, by=request.user)
        messages.success(
            request,
            _("You have declined the offer from %(event)s.") % {"event": application.event.title},
        )
    return redirect("my-applications")


@login_required
@require_POST
def application_resend_consent(request, pk: int):
    application = _own_application(request, pk)
    with errors_as_messages(request):
        consent = services.guardian_consent_resend(application=application, by=request.user)
        messages.success(
            request,
            _("We have sent a new consent link to %(email)s.") % {"email": consent.guardian_email},
        )
    return redirect("my-applications")


# --- guardian consent ------------------------------------------------------------------


@throttle_page(CODES)
def guardian_consent(request, token: str):
    """Public (the guardian has no account): the signed, expiring token is the permission."""
    try:
        consent = services.guardian_consent_from_token(token=token)
    except BridgesError as exc:
        return render(
            request, "participants/consent_invalid.html", {"error": exc}, status=exc.status
        )
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.guardian_consent_give(
                token=token,
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except BridgesError as exc:
            return render(
                request, "participants/consent_invalid.html", {"error": exc}, status=exc.status
            )
        return render(request, "participants/consent_given.html", {"consent": consent})
    application = consent.application
    profile = selectors.profile_of(application.applicant)
    return render(
        request,
        "participants/consent.html",
        {
            "consent": consent,
            "application": application,
            "event": application.event,
            "legs": list(application.event.legs.all()),
            "form": form,
            "applicant_name": display_name(application.applicant, profile=profile),
        },
    )


# --- my data -----------------------------------------------------------------------------


@login_required
def my_data(request):
    return render(request, "participants/my_data.html", {})


@login_required
def my_data_export(request):
    data = services.my_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="bridges-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            try:
                account_close(user=request.user, password=form.cleaned_data["password"])
            except BridgesError as exc:
                add_service_error(form, exc)
            else:
                logout(request)
                messages.success(request, _("Your account and personal data are deleted."))
                return redirect("/")
    else:
        form = DeleteAccountForm()
    return render(request, "participants/account_delete.html", {"form": form})
