"""An event's back office: the wizard's steps (create, basics, dates and legs, venues, the
call, quotas, review settings, publish), its overview, and copying an earlier event.

Thin: the named rule (``programmes.change_event`` on the event, ``change_organisation``
to create one in an organisation; anyone else a 404), a form, a service, a redirect or the
page again with the service's refusal beside its field. The same pages edit an event later.
With htmx the lists (legs, venues, quotas) answer with their own section only."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.content_forms import untranslated_badge
from backend.content_language import column, content_languages
from backend.content_overview import untranslated_summary
from backend.errors import BridgesError
from participants.forms import add_service_error
from participants.services import call_settings_for
from programmes import services as programmes_services
from programmes.models import CountryQuota, Event, Leg, Organisation, Venue
from programmes.translation import LEG_TEXTS, VENUE_TEXTS
from review.forms import ReviewSettingsForm
from review.services import review_settings_for, review_settings_update

from . import copying, readiness, wizard_services
from .forms import (
    CallForm,
    CopyEventForm,
    EventBasicsForm,
    EventCreateForm,
    EventDatesForm,
    GenderQuotasForm,
    LegForm,
    QuotaForm,
    VenueForm,
)

# The wizard's steps in order: (url name suffix, title).
STEPS = (
    ("basics", gettext_lazy("Basics")),
    ("dates", gettext_lazy("Dates and legs")),
    ("venues", gettext_lazy("Venues")),
    ("call", gettext_lazy("The call")),
    ("quotas", gettext_lazy("Quotas")),
    ("review", gettext_lazy("Review settings")),
    ("publish", gettext_lazy("Publish")),
)


def _event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("programmes.change_event", event):
        raise Http404
    return event


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("programmes.change_organisation", organisation):
        raise Http404
    return organisation


def _refused(form, exc: Exception) -> int:
    """Put a service's refusal beside the field it names; the status to answer with."""
    if isinstance(exc, BridgesError):
        add_service_error(form, exc)
        return exc.status
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, texts in errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)
    return 400


def _next_step(step: str) -> str | None:
    names = [name for name, _title in STEPS]
    index = names.index(step)
    return names[index + 1] if index + 1 < len(names) else None


def _step_page(request, event, step, template, context, status=200) -> HttpResponse:
    context = {"event": event, "steps": STEPS, "step": step, **context}
    return render(request, f"backoffice/event/{template}", context, status=status)


def _saved(request, event, step) -> HttpResponse:
    messages.success(request, _("Saved."))
    following = _next_step(step) if "continue" in request.POST else step
    return redirect(f"backoffice:event-{following}", slug=event.slug)


def _local(value: dt.datetime | None, event: Event) -> dt.datetime | None:
    """An instant as the wall-clock time in the event's zone (what the organiser typed)."""
    return value.astimezone(event.zone).replace(tzinfo=None) if value else None


# --- create, copy, overview -------------------------------------------------------------


@login_required
def event_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    form = EventCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                event = programmes_services.event_create(
                    organisation=organisation, **form.cleaned_data
                )
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
            else:
                messages.success(request, _("Draft created. Next: where it takes place."))
                return redirect("backoffice:event-dates", slug=event.slug)
    context = {"organisation": organisation, "form": form}
    return render(request, "backoffice/event/new.html", context, status=status)


@login_required
def event_copy(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the earlier event and the new dates, see the preview, then copy."""
    organisation = _organisation(request, slug)
    form = CopyEventForm(request.POST or None, organisation=organisation)
    plan, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "confirm" in request.POST:
                    event = copying.event_copy(
                        source=data["source"],
                        title=data["title"],
                        start_date=data["start_date"],
                        by=request.user,
                        submit_token=data["submit_token"],
                    )
                    messages.success(request, _("Copied. Check each step before publishing."))
                    return redirect("backoffice:event-overview", slug=event.slug)
                plan = copying.event_copy_plan(
                    source=data["source"], title=data["title"], start_date=data["start_date"]
                )
                status = 200
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
    context = {"organisation": organisation, "form": form, "plan": plan}
    return render(request, "backoffice/event/copy.html", context, status=status)


@login_required
def event_overview(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    context = {"missing": readiness.event_missing(event), "phase": event.phase()}
    context["untranslated"] = untranslated_summary(event)  # issue 17: per working language
    return _step_page(request, event, None, "overview.html", context)


# --- the steps ----------------------------------------------------------------------------


@login_required
def event_basics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    initial = {name: getattr(event, name) for name in EventBasicsForm.base_fields}
    initial |= {
        column(name, code): getattr(event, column(name, code), "") or ""
        for name in EventBasicsForm.content_fields
        for code in content_languages()
    }
    form = EventBasicsForm(request.POST or None, initial=initial, languages=event.working_languages)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {field.name: form.cleaned_data[field.name] for field in form.other_fields}
            try:
                programmes_services.event_update(event=event, data=data | form.content_data())
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
            else:
                return _saved(request, event, "basics")
    return _step_page(request, event, "basics", "basics.html", {"form": form}, status)


def _legs_context(event: Event, leg_form: LegForm | None = None) -> dict:
    leg_form = leg_form or LegForm(prefix="leg", languages=event.working_languages)
    legs = list(event.legs.all())
    for leg in legs:  # the list's untranslated marks, without a query per leg
        leg.event = event
        leg.untranslated = untranslated_badge(leg, LEG_TEXTS, event.working_languages)
    return {"legs": legs, "leg_form": leg_form}


def _texts_and_fields(form) -> tuple[dict, dict]:
    """A side-by-side form's texts as columns (``city_en``, ``city_fr``) and its other
    fields; each text's plain name carries the first language's, as the services ask
    (they keep it out of a language the event does not use: backend.content_writing)."""
    texts = form.content_data()
    fields = {bound.name: form.cleaned_data[bound.name] for bound in form.other_fields}
    first = form.content_languages[0]
    for name in form.content_fields:
        fields[name] = texts[column(name, first)]
    return texts, fields


@login_required
def event_dates(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    initial = {name: getattr(event, name) for name in EventDatesForm.base_fields}
    form = EventDatesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                programmes_services.event_update(event=event, data=form.cleaned_data)
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
            else:
                return _saved(request, event, "dates")
    context = {"form": form, **_legs_context(event)}
    return _step_page(request, event, "dates", "dates.html", context, status)


def _legs_answer(request, event, leg_form=None, status=200) -> HttpResponse:
    if request.htmx:
        context = {"event": event, **_legs_context(event, leg_form)}
        return render(request, "backoffice/event/_legs.html", context, status=status)
    if status != 200:
        context = {
            "form": EventDatesForm(
                initial={n: getattr(event, n) for n in EventDatesForm.base_fields}
            )
        }
        context.update(_legs_context(event, leg_form))
        return _step_page(request, event, "dates", "dates.html", context, status)
    return redirect("backoffice:event-dates", slug=event.slug)


@login_required
@require_POST
def leg_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    form = LegForm(request.POST, prefix="leg", languages=event.working_languages)
    if not form.is_valid():
        return _legs_answer(request, event, form, 400)
    texts, fields = _texts_and_fields(form)
    try:
        programmes_services.leg_create(event=event, **texts, **fields)
    except (BridgesError, ValidationError) as exc:
        return _legs_answer(request, event, form, _refused(form, exc))
    return _legs_answer(request, event)


@login_required
@require_POST
def leg_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    programmes_services.leg_delete(leg=get_object_or_404(Leg, event=event, pk=pk))
    return _legs_answer(request, event)


def _venues(event: Event) -> list[Venue]:
    """The organisation's venues, each with how many of this event's sessions it holds."""
    venues = list(
        Venue.objects.filter(organisation_id=event.organisation_id).annotate(
            event_sessions=Count("sessions", filter=Q(sessions__event=event))
        )
    )
    for venue in venues:  # untranslated in this event's working languages
        venue.untranslated = untranslated_badge(venue, VENUE_TEXTS, event.working_languages)
    return venues


@login_required
def event_venues(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    form = VenueForm(request.POST or None, languages=event.working_languages)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            texts, fields = _texts_and_fields(form)
            try:
                programmes_services.venue_create(
                    organisation=event.organisation,
                    languages=event.working_languages,
                    **texts,
                    **fields,
                )
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
            else:
                messages.success(request, _("Venue added."))
                return redirect("backoffice:event-venues", slug=event.slug)
    context = {"form": form, "venues": _venues(event)}
    return _step_page(request, event, "venues", "venues.html", context, status)


@login_required
def event_call(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    call = call_settings_for(event)
    initial = {
        "applications_open_at": _local(event.applications_open_at, event),
        "applications_close_at": _local(event.applications_close_at, event),
        "capacity": event.capacity,
        "min_age": event.min_age,
        "max_age": event.max_age,
        "eligible_countries": [str(code) for code in event.eligible_countries],
        "eligible_residence_countries": [str(c) for c in event.eligible_residence_countries],
        "confirmation_days": call.confirmation_days,
        "allow_edits_after_submit": call.allow_edits_after_submit,
    }
    form = CallForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            for name in ("applications_open_at", "applications_close_at"):
                # Typed in the event's zone: the service reads naive times there.
                if data[name] is not None:
                    data[name] = data[name].replace(tzinfo=None)
            try:
                wizard_services.event_call_update(event=event, data=data)
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
            else:
                return _saved(request, event, "call")
    return _step_page(request, event, "call", "call.html", {"form": form}, status)


def _quotas_context(event: Event, quota_form: QuotaForm | None = None) -> dict:
    quotas = list(event.quotas.all())
    return {
        "quotas": quotas,
        "quota_form": quota_form or QuotaForm(),
        "quota_minimums": sum(q.minimum for q in quotas),
    }


def _gender_form(event: Event, data=None) -> GenderQuotasForm:
    settings = review_settings_for(event)
    initial = {"gender_max_share": settings.gender_max_share}
    for gender, minimum, maximum in event.gender_quotas.values_list("gender", "minimum", "maximum"):
        initial.update({gender: maximum, f"{gender}_minimum": minimum or None})
    share_field = ReviewSettingsForm().fields["gender_max_share"]
    return GenderQuotasForm(data, initial=initial, share_field=share_field)


def _quotas_answer(request, event, quota_form=None, status=200, gender_form=None) -> HttpResponse:
    if request.htmx and gender_form is None:
        context = {"event": event, **_quotas_context(event, quota_form)}
        return render(request, "backoffice/event/_quotas.html", context, status=status)
    if status != 200 or request.method == "GET":
        context = {"gender_form": gender_form or _gender_form(event)}
        context.update(_quotas_context(event, quota_form))
        return _step_page(request, event, "quotas", "quotas.html", context, status)
    return redirect("backoffice:event-quotas", slug=event.slug)


@login_required
def event_quotas(request: HttpRequest, slug: str) -> HttpResponse:
    """Country quotas (a list with its own add and delete), seats per gender and the
    gender balance target."""
    event = _event(request, slug)
    if request.method != "POST":
        return _quotas_answer(request, event)
    form = _gender_form(event, request.POST)
    if form.is_valid():
        try:
            wizard_services.event_gender_quotas_update(
                event=event,
                gender_max_share=form.cleaned_data["gender_max_share"],
                maximums=form.maximums(),
                minimums=form.minimums(),
            )
        except BridgesError as exc:
            return _quotas_answer(request, event, status=_refused(form, exc), gender_form=form)
        return _saved(request, event, "quotas")
    return _quotas_answer(request, event, status=400, gender_form=form)


@login_required
@require_POST
def quota_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    form = QuotaForm(request.POST)
    if not form.is_valid():
        return _quotas_answer(request, event, form, 400)
    try:
        programmes_services.quota_create(event=event, **form.cleaned_data)
    except (BridgesError, ValidationError) as exc:
        return _quotas_answer(request, event, form, _refused(form, exc))
    return _quotas_answer(request, event)


@login_required
@require_POST
def quota_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    programmes_services.quota_delete(quota=get_object_or_404(CountryQuota, event=event, pk=pk))
    return _quotas_answer(request, event)


@login_required
def event_review(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    settings = review_settings_for(event)
    initial = {name: getattr(settings, name) for name in ReviewSettingsForm.base_fields}
    form = ReviewSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                review_settings_update(event=event, data=form.cleaned_data)
            except BridgesError as exc:
                status = _refused(form, exc)
            else:
                return _saved(request, event, "review")
    return _step_page(request, event, "review", "review.html", {"form": form}, status)


@login_required
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """What is missing, and the button. Publishing's own rules are the service's."""
    event = _event(request, slug)
    error, status = "", 200
    if request.method == "POST":
        try:
            programmes_services.event_publish(event=event)
        except (BridgesError, ValidationError) as exc:
            error = exc.message if isinstance(exc, BridgesError) else " ".join(exc.messages)
            status = getattr(exc, "status", 400)
        else:
            messages.success(request, _("Published: the event is public now."))
            return redirect("backoffice:event-overview", slug=event.slug)
    context = {"missing": readiness.event_missing(event), "error": error}
    return _step_page(request, event, "publish", "publish.html", context, status)
