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
from participants.filters import ApplicationFilter
from participants.forms import add_service_error
from participants.models import Application
from programmes.models import Event

from . import selectors, services
from .forms import (
    ConflictForm,
    CriterionPickForm,
    DecisionsForm,
    ManualAssignmentForm,
    ReviewForm,
    ReviewSettingsForm,
    criterion_form,
)
from .models import Criterion, ReviewAssignment
from .selection import country_name


def _managed_event(request: HttpRequest, slug: str) -> Event:
    # A 404 for members without the rule too, as for outsiders.
    event = Event.objects.filter(slug=slug).first()
    if event is None or not request.user.has_perm("review.manage_review", event):
        raise Http404
    return event


def _selection_page(
    request: HttpRequest,
    event: Event,
    *,
    assign_form: ManualAssignmentForm | None = None,
    decisions_form: DecisionsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The selection page; a refused form comes back bound, its errors beside the fields."""
    view = selectors.event_proposal(event=event)
    proposed = view.proposal.by_application()
    # The filters narrow the ranking's rows; an invalid one shows its error and narrows nothing.
    filters = ApplicationFilter(
        request.GET or None, queryset=Application.objects.filter(event=event)
    )
    shown = None
    if filters.is_bound and filters.is_valid():
        shown = set(filters.qs.values_list("pk", flat=True))
    elif filters.is_bound:
        status = max(status, 400)
    if decisions_form is None:
        decisions_form = DecisionsForm(
            application_ids=proposed,
            initial={f"decision-{a}": d.outcome for a, d in proposed.items()},
        )
    rows = []
    for row in view.ranking.rows:
        if shown is not None and row.application_id not in shown:
            continue
        decision = proposed.get(row.application_id)
        name = f"decision-{row.application_id}"
        rows.append(
            {
                "row": row,
                "name": selectors.display_name(row.application),
                "country_name": country_name(str(row.application.country or "")),
                "proposed": decision,
                "explanation": decision.message if decision else "",
                "decision": decisions_form[name]
                if decision and name in decisions_form.fields
                else None,
            }
        )
    quota_rows = [(q, country_name(q.country)) for q in selectors.quota_panel(event=event)]
    return render(
        request,
        "review/selection.html",
        {
            "event": event,
            "rows": rows,
            "filters": filters,
            "quota_rows": quota_rows,
            "gender_rows": selectors.gender_panel(event=event),
            "issues": view.proposal.issues,
            "settings": view.ranking.settings,
            "reviewers": selectors.reviewer_loads(event=event),
            "assign_form": assign_form or ManualAssignmentForm(event=event),
            "decisions_form": decisions_form,
        },
        status=status,
    )


@login_required
def selection_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Ranking (filtered), quota panel, the proposal with explanations and the decision form."""
    return _selection_page(request, _managed_event(request, slug))


@login_required
@require_http_methods(["GET", "POST"])
def rubric_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Review settings and the rubric: change the settings; add, change or remove criteria.

    Each form posts an ``action``. A refusal shows the page again with the message beside
    the field it names (or atop its form) and the posted values kept; nothing is saved.
    """
    event = _managed_event(request, slug)
    criteria = list(Criterion.objects.filter(event=event))
    settings_row = services.review_settings_for(event)
    settings_form = ReviewSettingsForm(
        initial={name: getattr(settings_row, name) for name in ReviewSettingsForm.base_fields},
        auto_id="settings-%s",
    )
    # A new criterion goes last unless the organiser says otherwise.
    new_criterion = Criterion(event=event, order=max((c.order for c in criteria), default=0) + 1)
    forms = {c.pk: criterion_form(c) for c in criteria}
    new_form = criterion_form(new_criterion)
    refused_removal: dict[int, CriterionPickForm] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        criterion = None
        if action in ("change", "delete"):
            pick = CriterionPickForm(request.POST, criteria=criteria)
            if not pick.is_valid():
                raise Http404
            criterion = pick.cleaned_data["criterion"]
        if action == "settings":
            form = settings_form = ReviewSettingsForm(request.POST, auto_id="settings-%s")
        elif action == "add":
            form = new_form = criterion_form(new_criterion, data=request.POST)
        elif action == "change":
            form = forms[criterion.pk] = criterion_form(criterion, data=request.POST)
        elif action == "delete":
            form = refused_removal[criterion.pk] = pick
        else:
            return HttpResponse(_("Unknown action."), status=400)
        if form.is_valid():
            try:
                done = _rubric_change(action, event, criterion, form.cleaned_data)
            except BridgesError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, done)
                return redirect("review-rubric", slug=event.slug)
        else:
            status = 400
    return render(
        request,
        "review/rubric.html",
        {
            "event": event,
            "settings_form": settings_form,
            "criterion_forms": [(c, forms[c.pk], refused_removal.get(c.pk)) for c in criteria],
            "new_form": new_form,
        },
        status=status,
    )


def _rubric_change(action: str, event: Event, criterion: Criterion | None, data: dict) -> str:
    """Call the service for one rubric form; the success message to show."""
    if action == "settings":
        services.review_settings_update(event=event, data=data)
        return _("Review settings saved.")
    if action == "add":
        services.criterion_create(event=event, data=data)
        return _("Criterion added.")
    if action == "change":
        services.criterion_update(criterion=criterion, data=data)
        return _("Criterion saved.")
    services.criterion_delete(criterion=criterion)
    return _("Criterion removed.")


@login_required
@require_POST
def assign_manual(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = ManualAssignmentForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.assignment_create(**form.cleaned_data, by=request.user)
        except BridgesError as exc:
            add_service_error(form, exc)
            return _selection_page(request, event, assign_form=form, status=exc.status)
        messages.success(request, _("Reviewer assigned."))
        return redirect("review-selection", slug=event.slug)
    return _selection_page(request, event, assign_form=form, status=400)


@login_required
@require_POST
def decisions_apply(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = DecisionsForm(
        request.POST,
        application_ids=Application.objects.filter(event=event).values_list("pk", flat=True),
    )
    if form.is_valid():
        decisions = form.decisions()
        try:
            applied = services.selection_apply(event=event, decisions=decisions, by=request.user)
        except BridgesError as exc:
            form.show_refusal(exc, decisions)
            return _selection_page(request, event, decisions_form=form, status=exc.status)
        messages.success(
            request,
            ngettext("%(count)s decision applied.", "%(count)s decisions applied.", len(applied))
            % {"count": len(applied)},
        )
        return redirect("review-selection", slug=event.slug)
    return _selection_page(request, event, decisions_form=form, status=400)


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


def _assignment_page(
    request: HttpRequest,
    assignment: ReviewAssignment,
    *,
    review_form: ReviewForm | None = None,
    conflict_form: ConflictForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The assignment page; a refused form comes back bound, its errors beside the fields."""
    detail = selectors.assignment_detail(assignment)
    if review_form is None:
        my_review = detail["my_review"] or {}
        initial = {f"score-{s['criterion']}": str(s["value"]) for s in my_review.get("scores", [])}
        review_form = ReviewForm(
            initial={**initial, "comment": my_review.get("comment", "")},
            criteria=Criterion.objects.filter(event_id=assignment.application.event_id),
        )
    return render(
        request,
        "review/assignment.html",
        {
            "assignment": assignment,
            "detail": detail,
            "form": review_form,
            "conflict_form": conflict_form or ConflictForm(auto_id="conflict-%s"),
        },
        status=status,
    )


def _my_assignment(request: HttpRequest, **lookup) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.select_related("application__event")
        .filter(reviewer=request.user, **lookup)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned application (blinded when set), the score form and the conflict form."""
    assignment = _my_assignment(request, pk=pk)
    if request.method == "GET":
        return _assignment_page(request, assignment)
    form = ReviewForm(
        request.POST,
        criteria=Criterion.objects.filter(event_id=assignment.application.event_id),
    )
    if form.is_valid():
        try:
            services.review_submit(
                assignment=assignment,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except BridgesError as exc:
            form.show_refusal(exc)
            return _assignment_page(request, assignment, review_form=form, status=exc.status)
        messages.success(request, _("Your review is saved."))
        return redirect("review-assignment", pk=assignment.pk)
    return _assignment_page(request, assignment, review_form=form, status=400)


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, application_id=pk)
    form = ConflictForm(request.POST, auto_id="conflict-%s")
    if form.is_valid():
        try:
            services.conflict_declare(
                application=assignment.application,
                reviewer=request.user,
                reason=form.cleaned_data["reason"],
            )
        except BridgesError as exc:
            add_service_error(form, exc)
            return _assignment_page(request, assignment, conflict_form=form, status=exc.status)
        messages.success(request, _("Conflict declared; the application was taken off your list."))
        return redirect("review-my-assignments-page")
    return _assignment_page(request, assignment, conflict_form=form, status=400)
