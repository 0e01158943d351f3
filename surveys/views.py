"""Surveys' pages. Organisers: an event's surveys, one survey's sending and results, its
exports and PDF report (``surveys.manage_survey`` / ``surveys.view_results``; anyone else
a 404). Respondents: the personal link's form (no sign-in), and a PDF of their own
answers. Everyone: a published impact summary. Thin: rules in the services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from participants.enums import ApplicationStatus
from participants.forms import add_service_error
from participants.models import Application
from participants.question_forms import QuestionsForm, question_field_name
from participants.services import engine
from programmes.models import Event

from . import charts, pdf, selectors, services
from .forms import SurveyEditForm, SurveyForm
from .models import Survey
from .questions import survey_questions
from .results import survey_results


def _event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("surveys.manage_survey", event):
        raise Http404
    return event


def _survey(request: HttpRequest, slug: str, pk: int) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related(
            "event__organisation", "session", "team", "delegation__partner"
        ),
        pk=pk,
        event__slug=slug,
    )
    if not request.user.has_perm("surveys.view_results", survey):
        raise Http404
    return survey


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    # The new survey's windows are typed, and the waves' shown, in the event's own zone.
    with timezone.override(event.zone):
        return _survey_list(request, event)


def _survey_list(request: HttpRequest, event) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST, event=event)
        if form.is_valid():
            data = form.cleaned_data
            days = data.get("remind_after_days")
            try:
                survey = services.survey_create(
                    event=event,
                    kind=data["kind"],
                    title=data["title"],
                    questionnaire=data.get("questionnaire"),
                    session=data.get("session"),
                    anonymous=data["anonymous"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    second_opens_at=data.get("second_opens_at"),
                    second_closes_at=data.get("second_closes_at"),
                    remind_after=dt.timedelta(days=days) if days else None,
                    min_sessions=data["min_sessions"],
                    team=data.get("team"),
                    delegation=data.get("delegation"),
                    min_group_size=data["min_group_size"],
                    by=request.user,
                )
            except BridgesError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                return redirect("surveys:detail", event.slug, survey.pk)
        else:
            status = 400
    else:
        form = SurveyForm(event=event)
    surveys = list(event.surveys.prefetch_related("waves").select_related("session"))
    return render(
        request,
        "surveys/survey_list.html",
        {"event": event, "surveys": surveys, "form": form, "zone": event.time_zone},
        status=status,
    )


@login_required
def survey_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey(request, slug, pk)
    results = survey_results(survey)
    waves = list(survey.waves.all())
    context = {
        "event": survey.event,
        "survey": survey,
        "waves": waves,
        "results": results,
        "segment_size": selectors.survey_segment(survey).count(),
        "builder_url": reverse("form-builder", args=[slug, survey.questionnaire_id])
        if survey.questionnaire_id
        else None,
        **_charts(results),
    }
    return render(request, "surveys/survey_detail.html", context)


@login_required
def survey_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The survey's texts (every working language), schedule, anonymity and segment; the
    questions are edited in the form builder, linked from here."""
    survey = _survey(request, slug, pk)
    if not request.user.has_perm("surveys.manage_survey", survey.event):
        raise Http404
    status = 200
    # The windows are typed and shown in the event's own time zone.
    with timezone.override(survey.event.zone):
        form = SurveyEditForm(request.POST or None, survey=survey)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    services.survey_update(survey=survey, data=form.service_data(), by=request.user)
                except BridgesError as exc:
                    add_service_error(form, exc)
                    status = exc.status
                else:
                    messages.success(request, _("The survey is saved."))
                    return redirect("surveys:detail", slug, pk)
        context = {
            "event": survey.event,
            "survey": survey,
            "form": form,
            "zone": survey.event.time_zone,
            "builder_url": reverse("form-builder", args=[slug, survey.questionnaire_id])
            if survey.questionnaire_id
            else None,
        }
        return render(request, "surveys/survey_edit.html", context, status=status)


def _charts(results) -> dict:
    likert = [r for r in results.items if r.item.points and r.waves[-1].n]
    return {
        "stacked": charts.stacked_bars(_("Answers per statement"), likert) if likert else None,
        "change": charts.before_after(_("Before and after"), results.items)
        if results.is_pair
        else None,
    }


@login_required
@require_POST
def wave_send(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    survey = _survey(request, slug, pk)
    wave = get_object_or_404(survey.waves, number=number)
    try:
        sent = services.wave_invite(wave=wave)
    except BridgesError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d invitation(s) queued.") % {"n": sent})
    return redirect("surveys:detail", slug, pk)


@login_required
@require_POST
def survey_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey(request, slug, pk)
    services.survey_publish_summary(
        survey=survey, published=request.POST.get("published") == "1", by=request.user
    )
    return redirect("surveys:detail", slug, pk)


@login_required
def survey_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The survey's responses: the export registry's ``survey-responses`` list of this
    survey (its rule, its audit entry with the row count, its streaming)."""
    survey = _survey(request, slug, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    url = reverse("reports:export-download-now", args=[slug, "survey-responses", fmt])
    return redirect(f"{url}?survey={survey.pk}")


@login_required
def survey_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey(request, slug, pk)
    body = pdf.impact_report_pdf(survey, survey_results(survey))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-report.pdf"'
    return response


def impact_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's published impact summaries: suppressed figures only, no free text."""
    event = get_object_or_404(Event, slug=slug)
    surveys = [
        s
        for s in event.surveys.filter(summary_published=True).prefetch_related("waves")
        if request.user.has_perm("surveys.view_summary", s)
    ]
    if not surveys:
        raise Http404
    blocks = []
    for survey in surveys:
        results = survey_results(survey)
        blocks.append({"survey": survey, "results": results, **_charts(results)})
    return render(request, "surveys/impact_summary.html", {"event": event, "blocks": blocks})


# ---------------------------------------------------------------- respondents


def _refused(request: HttpRequest, exc: BridgesError) -> HttpResponse:
    return render(request, "surveys/link_refused.html", {"message": exc.message}, status=exc.status)


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: the open wave's questions, saved as a draft or sent."""
    try:
        invitation = services.invitation_from_link(token)
        wave = services.current_wave(invitation.survey)
    except services.LinkRefused as exc:
        return _refused(request, exc)
    survey = invitation.survey
    response = services.response_of(invitation, wave)
    context = {"survey": survey, "event": survey.event, "wave": wave, "token": token}
    if response is not None and response.submitted_at is not None:
        return render(request, "surveys/respond_done.html", context)
    questions = survey_questions(survey)
    values = {int(k): v for k, v in (response.answers if response else {}).items()}
    field_map = {engine.answer_field(q.pk): question_field_name(q) for q in questions}
    status = 200
    # The page's script saving the draft as one goes (autosave.js): a status, no page.
    autosave = request.method == "POST" and request.headers.get("X-Autosave") == "1"
    if request.method == "POST":
        form = QuestionsForm(
            request.POST,
            questions=questions,
            values=values,
            shown=engine.visible_question_ids(questions, values),
        )
        form.shown = engine.visible_question_ids(questions, {**values, **form.raw_values()})
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.response_save(
                    invitation=invitation,
                    wave=wave,
                    answers={str(k): v for k, v in form.answers().items()},
                    submit=submit,
                )
            except services.LinkRefused as exc:
                return _refused(request, exc)
            except BridgesError as exc:
                add_service_error(form, exc, field_map)
                status = exc.status
            else:
                if autosave and not submit:
                    return HttpResponse(status=204)
                if not submit:
                    messages.success(request, _("Your answers are saved. You can finish later."))
                return redirect(reverse("surveys:respond", args=[token]))
        else:
            status = 400
        if autosave:
            return HttpResponse(status=status)
    else:
        form = QuestionsForm(
            questions=questions, values=values, shown=engine.visible_question_ids(questions, values)
        )
    context.update(form=form, closes=timezone.localtime(wave.closes_at, survey.event.zone))
    return render(request, "surveys/respond.html", context, status=status)


@login_required
def session_feedback(request: HttpRequest, session_pk: int) -> HttpResponse:
    """From the agenda: the signed-in participant's own link to a session's feedback."""
    survey = selectors.session_feedback_survey(session_pk)
    application = (
        Application.objects.filter(
            event_id=survey.event_id, applicant=request.user, status=ApplicationStatus.CONFIRMED
        ).first()
        if survey is not None
        else None
    )
    invitation = (
        services.invitation_for(survey=survey, application=application) if application else None
    )
    if invitation is None:
        raise Http404
    return redirect(services.invitation_link(invitation).removeprefix(settings.SITE_URL))


def respond_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's own answers (every wave they sent), as a PDF."""
    try:
        invitation = services.invitation_from_link(token)
    except services.LinkRefused as exc:
        return _refused(request, exc)
    body = pdf.own_answers_pdf(invitation)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-answers.pdf"'
    return response
