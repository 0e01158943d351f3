"""Reads: who a survey asks (its segment), and what other apps' pages show of surveys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from attendance.models import CheckIn
from delegations.enums import NomineeStatus
from participants.enums import ApplicationStatus
from participants.models import Application, Question

from .enums import SurveyKind
from .models import Invitation, Response, Survey


def survey_segment(survey: Survey) -> QuerySet[Application]:
    """The people a survey asks: the event's confirmed participants, narrowed by the
    survey's team, its delegation (the delegation's accredited delegates), the number of
    sessions attended and, for session feedback, those who attended the session.

    The one rule of the segment: sending, reminders and the page's count all read it.
    """
    applications = Application.objects.filter(
        event_id=survey.event_id, status=ApplicationStatus.CONFIRMED
    )
    if survey.team_id:
        applications = applications.filter(applicant__team_memberships__team_id=survey.team_id)
    if survey.delegation_id:
        applications = applications.filter(
            nominee__delegation_id=survey.delegation_id, nominee__status=NomineeStatus.ACCREDITED
        )
    if survey.kind == SurveyKind.SESSION_FEEDBACK:
        applications = applications.filter(
            pk__in=CheckIn.objects.filter(session_id=survey.session_id).values("application_id")
        )
    if survey.min_sessions:
        applications = applications.filter(
            pk__in=CheckIn.objects.filter(session__event_id=survey.event_id)
            .values("application_id")
            .annotate(attended=Count("session_id", distinct=True))
            .filter(attended__gte=survey.min_sessions)
            .values("application_id")
        )
    return applications.select_related("applicant").order_by("pk")


def segment_invitations(survey: Survey) -> QuerySet[Invitation]:
    """The invitations of people still in the segment (someone who withdrew, or left the
    team or the delegation, is not reminded)."""
    return Invitation.objects.filter(
        survey=survey, application__in=survey_segment(survey).values("pk")
    ).select_related("application__applicant")


def answered_question_ids(question_ids: Iterable[int]) -> set[int]:
    """The questions among ``question_ids`` a sent survey response answers (one query):
    participants' form builder then refuses to delete them (registered in apps.py)."""
    ids = sorted(set(question_ids))
    if not ids:
        return set()
    counts = Response.objects.filter(
        submitted_at__isnull=False,
        wave__survey__questionnaire_id__in=Question.objects.filter(pk__in=ids).values(
            "questionnaire_id"
        ),
    ).aggregate(**{f"q{pk}": Count("pk", filter=Q(answers__has_key=str(pk))) for pk in ids})
    return {pk for pk in ids if counts[f"q{pk}"]}


def open_feedback_session_ids(event_id: int, *, now: dt.datetime | None = None) -> set[int]:
    """Sessions of the event whose feedback survey is open now (one query): the agenda
    links them once they have ended."""
    now = now or timezone.now()
    return set(
        Survey.objects.filter(
            event_id=event_id,
            kind=SurveyKind.SESSION_FEEDBACK,
            waves__opens_at__lte=now,
            waves__closes_at__gt=now,
            session__ends_at__lte=now,
        ).values_list("session_id", flat=True)
    )


def session_feedback_survey(session_id: int, *, now: dt.datetime | None = None) -> Survey | None:
    now = now or timezone.now()
    return (
        Survey.objects.select_related("event")
        .filter(
            session_id=session_id,
            kind=SurveyKind.SESSION_FEEDBACK,
            waves__opens_at__lte=now,
            waves__closes_at__gt=now,
        )
        .order_by("-pk")
        .first()
    )
