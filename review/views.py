"""Organiser and reviewer pages; thin: check permission, call a selector or service.

Someone without a role in the event's organisation gets a 404, as in the API.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from backend.errors import BridgesError
from backend.pages import errors_as_messages
from programmes.models import Event
from programmes.permissions import member_organisation_ids

from . import selectors, services
from .enums import DecisionOutcome
from .models import Criterion
from .permissions import can_manage_review
from .selection import country_name


def _managed_event(request: HttpRequest, slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None or event.organisation_id not in member_organisation_ids(request.user):
        raise Http404
    if not can_manage_review(request.user, event):
        raise Http404
    return event


def _posted_id(request: HttpRequest, key: str) -> int | None:
    value = request.POST.get(key, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@login_required
def selection_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Ranking, quota panel, the proposal with explanations and the bulk decision form."""
    event = _managed_event(request, slug)
    view = selectors.event_proposal(event=event)
    proposed = view.proposal.by_application()
    rows = []
    for row in view.ranking.rows:
        decision = proposed.get(row.application_id)
        rows.append(
            {
                "row": row,
                "name": selectors.display_name(row.application),
                "country_name": country_name(str(row.application.country or "")),
                "proposed": decision,
                "explanation": decision.message if decision else "",
            }
        )
    quota_rows = [(q, country_name(q.country)) for q in selectors.quota_panel(event=event)]
    return render(
        request,
        "review/selection.html",
        {
            "event": event,
            "rows": rows,
            "quota_rows": quota_rows,
            "issues": view.proposal.issues,
            "outcomes": DecisionOutcome.choices,
            "settings": view.ranking.settings,
            "reviewers": selectors.reviewer_loads(event=event),
        },
    )


SETTINGS_FIELDS = ("reviews_needed", "disagreement_threshold", "gender_max_share")
SETTINGS_FLAGS = ("blind", "avoid_same_nationality")
CRITERION_FIELDS = ("name", "guidance", "weight", "scale_min", "scale_max", "order")


def _settings_data(post) -> dict:
    # An unticked checkbox is absent from the form: absent means off.
    data = {key: post.get(key, "") for key in SETTINGS_FIELDS}
    data.update({key: key in post for key in SETTINGS_FLAGS})
    return data


def _criterion_data(post) -> dict:
    return {key: post[key] for key in CRITERION_FIELDS if key in post}


@login_required
@require_http_methods(["GET", "POST"])
def rubric_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Review settings and the rubric: change the settings; add, change or remove criteria.

    Each form posts an ``action``. A refusal shows the page again with the message beside
    the field it names (or atop its form) and the posted values kept; nothing is saved.
    """
    event = _managed_event(request, slug)
    refusal: BridgesError | None = None
    refused_form = ""  # "settings", "add" or the id of the criterion whose form was refused
    posted: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        criterion = None
        if action in ("change", "delete"):
            criterion = Criterion.objects.filter(
                event=event, pk=_posted_id(request, "criterion")
            ).first()
            if criterion is None:
                raise Http404
        try:
            if action == "settings":
                posted = _settings_data(request.POST)
                services.review_settings_update(event=event, data=posted)
                done = _("Review settings saved.")
            elif action == "add":
                posted = _criterion_data(request.POST)
                services.criterion_create(event=event, data=posted)
                done = _("Criterion added.")
            elif action == "change":
                posted = _criterion_data(request.POST)
                services.criterion_update(criterion=criterion, data=posted)
                done = _("Criterion saved.")
            elif action == "delete":
                services.criterion_delete(criterion=criterion)
                done = _("Criterion removed.")
            else:
                return HttpResponse(_("Unknown action."), status=400)
        except BridgesError as exc:
            refusal, refused_form = exc, str(criterion.pk) if criterion is not None else action
        else:
            messages.success(request, done)
            return redirect("review-rubric", slug=event.slug)

    def form_state(form: str, instance, fields) -> dict:
        """Values to show in one form and its refusal: beside a field, or atop the form."""
        state = {
            "prefix": f"criterion-{form}" if form.isdigit() else form,
            "values": {key: getattr(instance, key) for key in fields},
            "error": None,
            "form_error": "",
        }
        if refused_form == form:
            state["values"].update(posted)
            if refusal.field in fields:
                state["error"] = refusal
            else:
                state["form_error"] = refusal.message
        return state

    settings_fields = (*SETTINGS_FIELDS, *SETTINGS_FLAGS)
    criteria = list(Criterion.objects.filter(event=event))
    # A new criterion goes last unless the organiser says otherwise.
    next_order = max((c.order for c in criteria), default=0) + 1
    return render(
        request,
        "review/rubric.html",
        {
            "event": event,
            "settings_form": form_state(
                "settings", services.review_settings_for(event), settings_fields
            ),
            "criterion_forms": [
                {"criterion": c, **form_state(str(c.pk), c, CRITERION_FIELDS)} for c in criteria
            ],
            "new_form": form_state("add", Criterion(order=next_order), CRITERION_FIELDS),
        },
        status=refusal.status if refusal else 200,
    )


@login_required
@require_POST
def assign_manual(request: HttpRequest, slug: str) -> HttpResponse:
    from django.contrib.auth import get_user_model

    from participants.models import Application

    event = _managed_event(request, slug)
    application_id, reviewer_id = (
        _posted_id(request, "application"),
        _posted_id(request, "reviewer"),
    )
    application = (
        Application.objects.filter(event=event, pk=application_id).first()
        if application_id
        else None
    )
    reviewer = get_user_model().objects.filter(pk=reviewer_id).first() if reviewer_id else None
    if application is None or reviewer is None:
        messages.error(request, _("Choose an application and a reviewer."))
        return redirect("review-selection", slug=event.slug)
    with errors_as_messages(request):
        services.assignment_create(application=application, reviewer=reviewer, by=request.user)
        messages.success(request, _("Reviewer assigned."))
    return redirect("review-selection", slug=event.slug)


@login_required
@require_POST
def decisions_apply(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    decisions = []
    for key, value in request.POST.items():
        if key.startswith("decision-") and value in DecisionOutcome.values:
            decisions.append({"application": key.removeprefix("decision-"), "outcome": value})
    with errors_as_messages(request):
        applied = services.selection_apply(event=event, decisions=decisions, by=request.user)
        messages.success(
            request,
            ngettext("%(count)s decision applied.", "%(count)s decisions applied.", len(applied))
            % {"count": len(applied)},
        )
    return redirect("review-selection", slug=event.slug)


@login_required
@require_POST
def assign_auto(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    with errors_as_messages(request):
        plan = services.assignments_auto(event=event, by=request.user)
        messages.success(
            request, _("%(count)s reviewer assignments made.") % {"count": len(plan.new)}
        )
    return redirect("review-selection", slug=event.slug)


@login_required
@require_POST
def promote(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    promoted = services.waitlist_promote(event=event, by=request.user)
    messages.success(
        request,
        ngettext("%(count)s free seat offered.", "%(count)s free seats offered.", len(promoted))
        % {"count": len(promoted)},
    )
    return redirect("review-selection", slug=event.slug)


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "review/my_assignments.html",
        {"assignments": selectors.reviewer_assignments(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned application (blinded when set), the score form and the conflict form."""
    from .models import ReviewAssignment

    assignment = (
        ReviewAssignment.objects.select_related("application__event")
        .filter(pk=pk, reviewer=request.user)
        .first()
    )
    if assignment is None:
        raise Http404
    error_field, error_message = None, None
    criteria = list(Criterion.objects.filter(event_id=assignment.application.event_id))
    submitted_values: dict[str, str] = {}
    if request.method == "POST":
        submitted_values = {str(c.pk): request.POST.get(f"score-{c.pk}", "") for c in criteria}
        try:
            services.review_submit(
                assignment=assignment,
                by=request.user,
                scores={k: v for k, v in submitted_values.items() if v != ""},
                comment=request.POST.get("comment", ""),
            )
        except BridgesError as exc:
            error_field, error_message = exc.field, exc.message
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("review-assignment", pk=assignment.pk)
    detail = selectors.assignment_detail(assignment)
    my_scores = {
        str(s["criterion"]): str(s["value"]) for s in (detail["my_review"] or {}).get("scores", [])
    }
    values = submitted_values or my_scores
    criteria_rows = [
        {
            "criterion": c,
            "options": [str(v) for v in range(c.scale_min, c.scale_max + 1)],
            "value": values.get(str(c.pk), ""),
            "error": error_message if error_field == f"scores.{c.pk}" else None,
        }
        for c in criteria
    ]
    return render(
        request,
        "review/assignment.html",
        {
            "assignment": assignment,
            "detail": detail,
            "criteria_rows": criteria_rows,
            "comment": request.POST.get("comment")
            if request.method == "POST"
            else (detail["my_review"] or {}).get("comment", ""),
            "error_field": error_field,
            "error_message": error_message,
        },
        status=400 if error_message else 200,
    )


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for(user=request.user, application_id=pk)
    if assignment is None:
        raise Http404
    with errors_as_messages(request) as outcome:
        services.conflict_declare(
            application=assignment.application,
            reviewer=request.user,
            reason=request.POST.get("reason", ""),
        )
    if outcome.error:
        return redirect("review-assignment", pk=assignment.pk)
    messages.success(request, _("Conflict declared; the application was taken off your list."))
    return redirect("review-my-assignments-page")
