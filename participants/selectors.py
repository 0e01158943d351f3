"""Reads for applications, forms and profiles, with the joins each caller needs."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import (
    Avg,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from programmes.caching import EVENT_LIST_VERSIONS, cached
from programmes.enums import EventStatus
from programmes.models import Event

from . import documents as storage
from .enums import ACTIVE_STATUSES, SENT_STATUSES
from .models import (
    Answer,
    Application,
    ApplicationNote,
    Document,
    GuardianConsent,
    Profile,
    Question,
    SavedApplicationView,
    StatusChange,
)


def profile_of(user) -> Profile | None:
    return Profile.objects.filter(user=user).first()


# Seconds an apply page's copy of an event lives in the cache (it is found by version).
PUBLISHED_EVENT_SECONDS = 300


def published_event(slug: str) -> Event | None:
    """The published event ``slug`` with its call settings, as every apply page reads it:
    kept in the cache under the event lists' version, which the services bump with every
    change of an event, its legs and quotas (programmes.services) and its call settings
    (participants.services.calls, the admin). None when there is no such event."""

    def build() -> tuple[Event | None, float]:
        event = (
            Event.objects.select_related("call_settings")
            .filter(slug=slug, status=EventStatus.PUBLISHED)
            .first()
        )
        return event, PUBLISHED_EVENT_SECONDS if event is not None else 0

    # Read with the version in one round trip (nine apply requests of a flow ask).
    return cached(f"participants:published-event:{slug}", build, versions=EVENT_LIST_VERSIONS)


def application_questions_queryset(event_id: int, *, include_hidden: bool = False):
    """The application questions of an event, in form order: the one definition (the
    questions without a questionnaire; hidden ones only for the form's builder)."""
    queryset = Question.objects.filter(event_id=event_id, questionnaire__isnull=True)
    if not include_hidden:
        queryset = queryset.filter(hidden=False)
    return queryset.order_by("order", "pk")


def application_questions(event_id: int, *, include_hidden: bool = False) -> list[Question]:
    """The event's application form as applicants see it (without creating the default
    questions: ``event_questions`` does that)."""
    return list(application_questions_queryset(event_id, include_hidden=include_hidden))


def questionnaire_questions(questionnaire_id: int, *, include_hidden: bool = False):
    """A follow-up form's or survey's questions, in form order, each with its event
    loaded in the same query, so their texts fall back by the event's working languages
    (issue 17) as ``event_questions`` does for the application form."""
    queryset = Question.objects.filter(questionnaire_id=questionnaire_id).select_related("event")
    if not include_hidden:
        queryset = queryset.filter(hidden=False)
    return list(queryset.order_by("order", "pk"))


def event_questions(event: Event) -> list[Question]:
    """The event's application form in order; creates the default questions on first read."""
    from .services.calls import event_default_questions_ensure

    event_default_questions_ensure(event)
    questions = application_questions(event.pk)
    for question in questions:  # their texts fall back by the event's languages (issue 17)
        question.event = event
    return questions


def application_locked_for_submit(pk: int) -> Application | None:
    """The application, its row locked, with everything a submit checks and answers with:
    event, call settings, applicant and profile joined; answers (in form order) and
    documents prefetched. Call inside a transaction."""
    return (
        # Only the application row is locked (``of``): locking the joined event row too
        # would queue every applicant of the event behind one another.
        Application.objects.select_for_update(of=("self",))
        .select_related("event", "event__call_settings", "applicant__profile")
        .prefetch_related("answers", "documents")
        .filter(pk=pk)
        .first()
    )


def active_application(*, event: Event, applicant, prefetch: bool = True) -> Application | None:
    """The applicant's one active application for the event (any status but withdrawn),
    with its answers and documents unless ``prefetch`` is off."""
    if not applicant or not applicant.is_authenticated:
        return None
    queryset = Application.objects.filter(
        event=event, applicant=applicant, status__in=ACTIVE_STATUSES
    )
    if prefetch:
        queryset = queryset.prefetch_related("answers", "documents")
    application = queryset.first()
    if application is not None:
        # The caller's objects, so that nothing downstream reads them again.
        application.event = event
        application.applicant = applicant
    return application


def valid_consent_links(*, at: dt.datetime) -> QuerySet[GuardianConsent]:
    """Consent links still unanswered and not expired at ``at``, the latest deadline first."""
    return GuardianConsent.objects.filter(consented_at__isnull=True, expires_at__gt=at).order_by(
        "-expires_at"
    )


def my_applications(user, now: dt.datetime | None = None) -> QuerySet[Application]:
    """The applicant's applications, each with ``consent_link_expires_at``: when the
    guardian's unanswered link stops working (None when no link is valid)."""
    links = valid_consent_links(at=now or timezone.now()).filter(application=OuterRef("pk"))
    return (
        Application.objects.filter(applicant=user)
        .select_related("event")
        .annotate(consent_link_expires_at=Subquery(links.values("expires_at")[:1]))
        .order_by("-created_at", "-pk")
    )


def application_form_answers() -> QuerySet[Answer]:
    """The answers that make up an application: those to the event's application form
    (questions with no questionnaire). The follow-up form's answers (passport name and
    number, asked by logistics after confirmation) are kept on the same application but
    are not part of it, so reviewers, the applications desk, the exports and the
    application API never show them; only logistics' own pages do, behind its role
    checks. Every reader of an application's answers starts from here."""
    return Answer.objects.filter(question__questionnaire__isnull=True)


def applicant_application_queryset() -> QuerySet[Application]:
    """What the applicant's own view of an application needs."""
    return Application.objects.select_related("event").prefetch_related(
        Prefetch(
            "answers",
            queryset=application_form_answers().order_by("question__order", "question_id"),
        ),
        "documents",
    )


def application_detail_queryset(*, with_follow_up: bool = False) -> QuerySet[Application]:
    """An application with what its detail views show. ``with_follow_up`` adds the
    follow-up form's answers: only for the person's own data export."""
    answers = Answer.objects.all() if with_follow_up else application_form_answers()
    return Application.objects.select_related("event", "applicant__profile").prefetch_related(
        Prefetch("answers", queryset=answers.select_related("question", "file")),
        "documents",
        Prefetch(
            "history", queryset=StatusChange.objects.select_related("by").order_by("at", "pk")
        ),
        Prefetch(
            "guardian_consents", queryset=GuardianConsent.objects.order_by("-requested_at", "-pk")
        ),
    )


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year - years, day=28)


def event_applications(event: Event, *, include_drafts: bool = False) -> QuerySet[Application]:
    """An event's applications for organisers (participants.filters.ApplicationFilter
    narrows them). Drafts are the applicant's private work and are left out unless asked for.
    """
    qs = Application.objects.filter(event=event).select_related("applicant__profile")
    if not include_drafts:
        qs = qs.filter(status__in=SENT_STATUSES)
    return qs.order_by("submitted_at", "pk")


def export_rows_queryset(event: Event) -> QuerySet[Application]:
    return (
        event_applications(event)
        .prefetch_related(
            Prefetch("answers", queryset=application_form_answers().select_related("file"))
        )
        .annotate(
            guardian_consented=Exists(
                GuardianConsent.objects.filter(
                    application=OuterRef("pk"), consented_at__isnull=False
                )
            )
        )
    )


def document_for_download(pk: int) -> Document | None:
    return Document.objects.select_related("application__event").filter(pk=pk).first()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _photo_data(profile: Profile) -> dict[str, Any] | None:
    """The stored photo itself (base64), so the export is complete without the site."""
    if not profile.photo_storage_name:
        return None
    try:
        with storage.open_stored(profile.photo_storage_name) as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    return {
        "content_type": profile.photo_content_type,
        "updated_at": _iso(profile.photo_updated_at),
        "base64": base64.b64encode(content).decode("ascii"),
    }


def personal_data(user) -> dict[str, Any]:
    """Everything held about the user as an applicant, for the "download my data" feature."""
    profile = profile_of(user)
    profile_data = None
    if profile is not None:
        profile_data = {
            "full_name": profile.full_name,
            "preferred_name": profile.preferred_name,
            "date_of_birth": _iso(profile.date_of_birth),
            "gender": profile.gender,
            "gender_self_description": profile.gender_self_description,
            "nationalities": [str(c.code) for c in profile.nationalities],
            "country_of_residence": str(profile.country_of_residence or ""),
            "affiliation": profile.affiliation,
            "organisation": profile.organisation.name if profile.organisation_id else None,
            "languages": profile.languages,
            "phone": profile.phone,
            "dietary_needs": profile.dietary_needs,
            "accessibility_needs": profile.accessibility_needs,
            "emergency_contact": {
                "name": profile.emergency_contact_name,
                "phone": profile.emergency_contact_phone,
                "relation": profile.emergency_contact_relation,
            },
            "time_zone": profile.time_zone,
            "preferred_language": profile.preferred_language,
            "photo": _photo_data(profile),
        }
    applications = []
    # The person's own data: every answer they gave, the follow-up form's too.
    for app in (
        application_detail_queryset(with_follow_up=True)
        .filter(applicant=user)
        .order_by("created_at", "pk")
    ):
        applications.append(
            {
                "id": app.pk,
                "event": {"slug": app.event.slug, "title": app.event.title},
                "status": app.status,
                "country": str(app.country or ""),
                "submitted_at": _iso(app.submitted_at),
                "decided_at": _iso(app.decided_at),
                "offer_expires_at": _iso(app.offer_expires_at),
                "guardian": {
                    "name": app.guardian_name,
                    "email": app.guardian_email,
                    "relation": app.guardian_relation,
                },
                "answers": [
                    {"question": a.question.label, "value": a.value} for a in app.answers.all()
                ],
                "history": [
                    {"from": h.from_status, "to": h.to_status, "at": _iso(h.at), "note": h.note}
                    for h in app.history.all()
                ],
                "guardian_consents": [
                    {
                        "guardian_name": c.guardian_name,
                        "guardian_email": c.guardian_email,
                        "requested_at": _iso(c.requested_at),
                        "consented_at": _iso(c.consented_at),
                        "consent_text_version": c.consent_text_version,
                    }
                    for c in app.guardian_consents.all()
                ],
            }
        )
    documents = [
        {
            "id": d.pk,
            "kind": d.kind,
            "file_name": d.original_name,
            "content_type": d.content_type,
            "size": d.size,
            "sha256": d.sha256,
            "uploaded_at": _iso(d.uploaded_at),
            "application": d.application_id,
        }
        for d in Document.objects.filter(owner=user).order_by("pk")
    ]
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
        },
        "profile": profile_data,
        "applications": applications,
        "documents": documents,
    }


# --- the applications desk (organisers) --------------------------------------------------


def desk_applications(event: Event) -> QuerySet[Application]:
    """An event's sent applications for the desk, each with ``score`` (the mean weighted
    score of its submitted reviews), ``reviews_done`` and ``consent_given``: correlated
    subqueries, so a page of them is one query whatever its size. Reviews belong to the
    review app, downstream: read by name, not imported."""
    review = apps.get_model("review", "Review")
    submitted = review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
    score = (
        submitted.order_by()
        .values("application")
        .annotate(mean=Avg("weighted_score"))
        .values("mean")
    )
    done = submitted.order_by().values("application").annotate(n=Count("pk")).values("n")
    consented = GuardianConsent.objects.filter(
        application=OuterRef("pk"), consented_at__isnull=False
    )
    return event_applications(event).annotate(
        score=Subquery(score, output_field=FloatField()),
        reviews_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        consent_given=Exists(consented),
    )


def desk_application(event: Event, pk: int) -> Application | None:
    """One sent application of the event with what its desk page shows (answers with
    their questions, documents, status history, consents, internal notes)."""
    return (
        application_detail_queryset()
        .filter(event=event, pk=pk, status__in=SENT_STATUSES)
        .prefetch_related(
            Prefetch(
                "internal_notes",
                queryset=ApplicationNote.objects.select_related("author").order_by("-created_at"),
            )
        )
        .first()
    )


def desk_saved_views(user, event: Event) -> QuerySet[SavedApplicationView]:
    return SavedApplicationView.objects.filter(user=user, event=event).order_by("name", "pk")
