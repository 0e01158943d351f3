"""The organisers' form builder: one page per form of an event (the application form,
the follow-up form, a survey), where questions of every kind are added, edited,
reordered (up/down buttons, or dragged), hidden and deleted, with a preview as the
person answering sees it at phone width.

Addresses: ``/organise/events/<slug>/forms/application/`` for the application form and
``/organise/events/<slug>/forms/<questionnaire id>/`` for any other (logistics and
surveys link there with ``reverse("form-builder", args=[slug, questionnaire.pk])``).

Thin: the named rule ``participants.change_form`` on the event (anyone else a 404), a
form, a service (participants.services.questions), the page again. With htmx the list
answers with its own section only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from backend.content_forms import untranslated_badge
from backend.errors import BridgesError
from programmes.models import Event

from .. import services
from ..builder_forms import QuestionBuilderForm
from ..enums import QuestionKind, QuestionnairePurpose
from ..forms import add_service_error
from ..models import Question, Questionnaire
from ..question_forms import QuestionsForm
from ..services.questions import KINDS_BY_PURPOSE
from ..translation import QUESTION_TEXTS

APPLICATION_FORM = "application"


class BuilderForm:
    """The form being built: its event, its questionnaire (None: the application form)."""

    def __init__(self, event: Event, questionnaire: Questionnaire | None):
        self.event = event
        self.questionnaire = questionnaire
        self.key = str(questionnaire.pk) if questionnaire else APPLICATION_FORM
        self.purpose = questionnaire.purpose if questionnaire else QuestionnairePurpose.APPLICATION
        self.title = questionnaire.title if questionnaire else _("Application form")

    def url(self, name: str = "form-builder", *args) -> str:
        return reverse(name, args=[self.event.slug, self.key, *args])

    def questions(self, *, include_hidden: bool = True) -> list[Question]:
        if self.questionnaire is None:
            services.event_default_questions_ensure(self.event)
        questions = services.form_questions(
            self.event.pk,
            self.questionnaire.pk if self.questionnaire else None,
            include_hidden=include_hidden,
        )
        for question in questions:  # texts fall back by the event's languages
            question.event = self.event
        return questions

    def kinds(self) -> list[tuple[str, str]]:
        allowed = KINDS_BY_PURPOSE[self.questionnaire.purpose if self.questionnaire else None]
        return [(value, label) for value, label in QuestionKind.choices if value in allowed]

    def editor_options(self) -> dict:
        """The question editor's kinds and languages (each text in every working one)."""
        return {"kinds": self.kinds(), "languages": self.event.working_languages}


def _builder_form(request: HttpRequest, slug: str, form_key: str) -> BuilderForm:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("participants.change_form", event):
        raise Http404
    if form_key == APPLICATION_FORM:
        return BuilderForm(event, None)
    if not form_key.isdigit():
        raise Http404
    questionnaire = get_object_or_404(Questionnaire, pk=int(form_key), event=event)
    return BuilderForm(event, questionnaire)


def _list_context(form: BuilderForm) -> dict:
    questions = form.questions()
    answered = services.answered_question_ids(q.pk for q in questions)
    by_id = {q.pk: q for q in questions}
    rows = [
        {
            "question": q,
            "answered": q.pk in answered,
            "parent": by_id.get(q.depends_on_id),
            "untranslated": untranslated_badge(q, QUESTION_TEXTS, form.event.working_languages),
            "first": i == 0,
            "last": i == len(questions) - 1,
        }
        for i, q in enumerate(questions)
    ]
    return {"form": form, "event": form.event, "rows": rows}


def _list_or_redirect(request: HttpRequest, form: BuilderForm, *, status: int = 200):
    """htmx: the list section alone; otherwise back to the builder page."""
    if request.htmx:
        return render(
            request,
            "participants/builder/_question_list.html",
            _list_context(form),
            status=status,
        )
    return redirect(form.url())


@login_required
def form_builder(request: HttpRequest, slug: str, form_key: str) -> HttpResponse:
    """The builder page; POST adds a question at the end of the form."""
    form = _builder_form(request, slug, form_key)
    questions = form.questions()
    status = 200
    if request.method == "POST":
        editor = QuestionBuilderForm(request.POST, earlier=questions, **form.editor_options())
        if editor.is_valid():
            try:
                services.question_create(
                    event=form.event, questionnaire=form.questionnaire, data=editor.service_data()
                )
            except BridgesError as exc:
                add_service_error(editor, exc, editor.field_map)
                status = exc.status
            else:
                messages.success(request, _("Question added."))
                return redirect(form.url() + "#questions-list")
        else:
            status = 400
    else:
        editor = QuestionBuilderForm(earlier=questions, **form.editor_options())
    context = _list_context(form)
    context.update(editor=editor, preview_url=form.url("form-preview"))
    return render(request, "participants/builder/form_builder.html", context, status=status)


@login_required
def question_edit(request: HttpRequest, slug: str, form_key: str, pk: int) -> HttpResponse:
    form = _builder_form(request, slug, form_key)
    questions = form.questions()
    question = next((q for q in questions if q.pk == pk), None)
    if question is None:
        raise Http404
    question.questionnaire = form.questionnaire
    earlier = [q for q in questions if (q.order, q.pk) < (question.order, question.pk)]
    status = 200
    if request.method == "POST":
        editor = QuestionBuilderForm(
            request.POST, earlier=earlier, question=question, **form.editor_options()
        )
        if editor.is_valid():
            try:
                services.question_update(question=question, data=editor.service_data())
            except BridgesError as exc:
                add_service_error(editor, exc, editor.field_map)
                status = exc.status
            else:
                messages.success(request, _("Question saved."))
                return redirect(form.url() + f"#question-row-{question.pk}")
        else:
            status = 400
    else:
        editor = QuestionBuilderForm(earlier=earlier, question=question, **form.editor_options())
    return render(
        request,
        "participants/builder/question_edit.html",
        {"form": form, "event": form.event, "question": question, "editor": editor},
        status=status,
    )


def _question_of(form: BuilderForm, pk: int) -> Question:
    question = get_object_or_404(
        Question.objects.filter(
            event=form.event,
            questionnaire=form.questionnaire,
        ),
        pk=pk,
    )
    question.event = form.event
    question.questionnaire = form.questionnaire
    return question


@login_required
@require_POST
def question_move(request: HttpRequest, slug: str, form_key: str, pk: int) -> HttpResponse:
    """One place up or down (the keyboard's way; dragging posts the whole order)."""
    form = _builder_form(request, slug, form_key)
    question = _question_of(form, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    status = 200
    try:
        services.question_move(question=question, offset=offset)
    except BridgesError as exc:
        messages.error(request, exc.message)
        status = exc.status
    return _list_or_redirect(request, form, status=status)


@login_required
@require_POST
def questions_order(request: HttpRequest, slug: str, form_key: str) -> HttpResponse:
    """The whole order at once, as the list was dragged into (``order``: ids)."""
    form = _builder_form(request, slug, form_key)
    try:
        order = [int(value) for value in request.POST.getlist("order")]
    except ValueError:
        order = []
    status = 200
    try:
        services.questions_reorder(event=form.event, questionnaire=form.questionnaire, order=order)
    except BridgesError as exc:
        messages.error(request, exc.message)
        status = exc.status
    return _list_or_redirect(request, form, status=status)


@login_required
@require_POST
def question_hide(request: HttpRequest, slug: str, form_key: str, pk: int) -> HttpResponse:
    """Hide a question from the form (its answers stay), or show it again."""
    form = _builder_form(request, slug, form_key)
    question = _question_of(form, pk)
    hidden = request.POST.get("hidden") == "1"
    with transaction.atomic():
        services.question_update(question=question, data={"hidden": hidden})
    messages.success(request, _("Question hidden.") if hidden else _("Question shown again."))
    return _list_or_redirect(request, form)


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, form_key: str, pk: int) -> HttpResponse:
    form = _builder_form(request, slug, form_key)
    question = _question_of(form, pk)
    status = 200
    try:
        services.question_delete(question=question)
    except BridgesError as exc:
        messages.error(request, exc.message)
        status = exc.status
    else:
        messages.success(request, _("Question deleted."))
    return _list_or_redirect(request, form, status=status)


@xframe_options_sameorigin  # shown in the builder's phone-wide frame
@login_required
def form_preview(request: HttpRequest, slug: str, form_key: str) -> HttpResponse:
    """The form as the person answering sees it (shown in a phone-wide frame by the
    builder). A GET with answers shows the conditional questions those answers reveal;
    nothing is saved."""
    form = _builder_form(request, slug, form_key)
    questions = form.questions(include_hidden=False)
    preview = QuestionsForm(request.GET or None, questions=questions, values={}, shown=set())
    values = preview.raw_values() if request.GET else {}
    preview.shown = services.visible_question_ids(questions, values)
    return render(
        request,
        "participants/builder/preview.html",
        {"form": form, "event": form.event, "preview": preview},
    )
