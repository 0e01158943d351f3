"""The follow-up form: the participant fills it in, the organisers follow who has."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from backend.pages import errors_as_messages
from participants.enums import ApplicationStatus
from participants.forms import add_service_error
from participants.models import Application
from participants.question_forms import QuestionsForm, question_field_name
from participants.services import engine
from programmes.models import Event
from programmes.services.common import make_aware_in

from .. import services
from ..forms import (
    FollowUpSettingsForm,
)
from ..models import (
    FollowUp,
    FollowUpResponse,
)
from .common import _event_for


@login_required
def follow_up(request, slug: str):
    """The participant's follow-up form (the one form engine), phone-friendly."""
    event = get_object_or_404(Event, slug=slug)
    application = (
        Application.objects.filter(
            event=event, applicant=request.user, status=ApplicationStatus.CONFIRMED
        )
        .select_related("event")
        .first()
    )
    # The form's title falls back by the event's languages: its questionnaire's event loaded.
    follow_up_row = (
        FollowUp.objects.filter(event=event).select_related("questionnaire__event").first()
    )
    if application is None or follow_up_row is None:
        raise Http404
    questions = services.follow_up_questions(follow_up_row)
    values = {a.question_id: a.value for a in application.answers.filter(question__in=questions)}
    shown = engine.visible_question_ids(questions, values)
    field_map = {f"answers.{q.pk}": question_field_name(q) for q in questions}
    form = QuestionsForm(request.POST or None, questions=questions, values=values, shown=shown)
    if request.method == "POST":
        form.shown = engine.visible_question_ids(questions, {**values, **form.raw_values()})
        if form.is_valid():
            try:
                services.follow_up_answer(
                    application=application,
                    follow_up=follow_up_row,
                    answers=form.answers(),
                    by=request.user,
                )
            except BridgesError as exc:
                add_service_error(form, exc, field_map)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("logistics:follow-up", slug)
    return render(
        request,
        "logistics/follow_up.html",
        {
            "event": event,
            "form": form,
            "follow_up": follow_up_row,
            "answered": FollowUpResponse.objects.filter(application=application).first(),
        },
    )


@login_required
def follow_up_admin(request, slug: str):
    """The organisers' side: deadline, lock, who has and has not answered."""
    event = _event_for(request, slug)
    follow_up_row = FollowUp.objects.filter(event=event).first()
    form = FollowUpSettingsForm(
        request.POST if request.POST.get("action") == "deadline" else None,
        initial={
            "deadline": timezone.localtime(follow_up_row.deadline, event.zone).replace(tzinfo=None)
        }
        if follow_up_row
        else None,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "deadline" and form.is_valid():
        deadline = form.cleaned_data["deadline"].replace(tzinfo=None)
        with errors_as_messages(request) as outcome:
            services.follow_up_setup(
                event=event,
                deadline=make_aware_in(deadline, event.time_zone, field="deadline"),
                by=request.user,
            )
            messages.success(request, _("Follow-up form saved."))
        if not outcome.error:
            return redirect("logistics:follow-up-admin", slug)
    elif action in ("lock", "unlock") and follow_up_row:
        services.follow_up_lock(follow_up=follow_up_row, locked=action == "lock", by=request.user)
        return redirect("logistics:follow-up-admin", slug)
    # Who still owes something: the form, or passport details a visa needs (one rule
    # with the reminders: services.follow_up_outstanding).
    people = services.follow_up_outstanding(event=event)
    return render(
        request,
        "logistics/follow_up_admin.html",
        {
            "event": event,
            "follow_up": follow_up_row,
            "form": form,
            "answered": [a for a, owed in people if not owed],
            "missing": [(a, set(owed)) for a, owed in people if owed],
        },
    )
