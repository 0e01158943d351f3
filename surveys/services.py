"""Everything that changes survey state: creating a survey and its waves, inviting a
segment and reminding those who have not answered (through the outbox), and saving a
respondent's draft or final answers.

Invitations and reminders are scans (``waves_send_due``) run by beat: each wave is
taken under its row lock and marked sent in the same transaction, and every message has
an idempotency key, so two beat processes or a retried task never send twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import changes, log_action, snapshot
from backend.content_language import (
    column,
    content_columns,
    first_language,
    set_translations,
    translations,
)
from backend.errors import BridgesError, ConflictError
from notifications.enums import MessageKind
from notifications.references import ref, with_refs
from notifications.services import MessageSpec, messages_queue_many
from participants.enums import QuestionnairePurpose
from participants.models import Application
from programmes.caching import event_list_bump_version
from programmes.models import Event, Session

from . import caching
from .enums import MIN_GROUP_SIZE_FLOOR, SurveyKind, WaveNumber
from .models import Invitation, Response, Survey, Wave
from .pairing import link_token, pair_key, read_link_token
from .selectors import segment_invitations, survey_segment
from .translation import SURVEY_TEXTS


class LinkRefused(BridgesError):
    """A personal link that cannot be used: tampered with, withdrawn, or its survey closed."""


def _check_windows(
    *,
    pair: bool,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    second_opens_at: dt.datetime | None,
    second_closes_at: dt.datetime | None,
) -> None:
    if closes_at <= opens_at:
        raise BridgesError(
            _("The survey must close after it opens."), code="invalid_window", field="closes_at"
        )
    if not pair:
        return
    if second_opens_at is None or second_closes_at is None:
        raise BridgesError(
            _("A before/after survey needs the window of its second wave."),
            code="required",
            field="second_opens_at",
        )
    if second_opens_at < closes_at or second_closes_at <= second_opens_at:
        raise BridgesError(
            _("The second wave must open after the first closes, and close after it opens."),
            code="invalid_window",
            field="second_opens_at",
        )


def _check_segment(*, event: Event, team, delegation, min_group_size: int | None) -> None:
    if team is not None and team.event_id != event.pk:
        raise BridgesError(_("Choose a team of this event."), code="invalid_team", field="team")
    if delegation is not None and delegation.event_id != event.pk:
        raise BridgesError(
            _("Choose a delegation of this event."), code="invalid_delegation", field="delegation"
        )
    if min_group_size is not None and min_group_size < MIN_GROUP_SIZE_FLOOR:
        raise BridgesError(
            _("The smallest group shown cannot be under %(floor)d.")
            % {"floor": MIN_GROUP_SIZE_FLOOR},
            code="too_small",
            field="min_group_size",
        )


def survey_create(
    *,
    event: Event,
    kind: str,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    second_opens_at: dt.datetime | None = None,
    second_closes_at: dt.datetime | None = None,
    remind_after: dt.timedelta | None = None,
    anonymous: bool = True,
    intro: str = "",
    session: Session | None = None,
    min_sessions: int = 0,
    team=None,
    delegation=None,
    min_group_size: int | None = None,
    questionnaire=None,
    by=None,
) -> Survey:
    """A survey with its wave(s). A before/after pair needs the second wave's window,
    after the first; session feedback needs a session of the event."""
    if kind not in SurveyKind.values:
        raise BridgesError(_("Unknown kind of survey."), code="invalid_kind", field="kind")
    if not title.strip():
        raise BridgesError(_("Give the survey a title."), code="required", field="title")
    pair = kind == SurveyKind.BEFORE_AFTER
    _check_windows(
        pair=pair,
        opens_at=opens_at,
        closes_at=closes_at,
        second_opens_at=second_opens_at,
        second_closes_at=second_closes_at,
    )
    if (
        questionnaire is None
        or questionnaire.event_id != event.pk
        or questionnaire.purpose != QuestionnairePurpose.SURVEY
    ):
        raise BridgesError(
            _("Choose the survey's questions (a survey form of this event)."),
            code="questionnaire_required",
            field="questionnaire",
        )
    if kind == SurveyKind.SESSION_FEEDBACK and (session is None or session.event_id != event.pk):
        raise BridgesError(
            _("Choose a session of this event."), code="session_required", field="session"
        )
    _check_segment(event=event, team=team, delegation=delegation, min_group_size=min_group_size)
    with transaction.atomic():
        survey = Survey.objects.create(
            event=event,
            kind=kind,
            title=title.strip(),
            intro=intro,
            anonymous=anonymous,
            session=session if kind == SurveyKind.SESSION_FEEDBACK else None,
            min_sessions=min_sessions,
            team=team,
            delegation=delegation,
            questionnaire=questionnaire,
            created_by=by,
            **({"min_group_size": min_group_size} if min_group_size is not None else {}),
        )
        windows = [(WaveNumber.FIRST, opens_at, closes_at)]
        if pair:
            windows.append((WaveNumber.SECOND, second_opens_at, second_closes_at))
        Wave.objects.bulk_create(
            Wave(
                survey=survey,
                number=number,
                opens_at=start,
                closes_at=end,
                remind_at=(start + remind_after) if remind_after else None,
            )
            for number, start, end in windows
        )
        log_action(survey, "surveys.survey.created", user=by, event=event)
    return survey


# What survey_update may change: the texts in every language, the segment, the threshold,
# the anonymity (while nobody has answered) and the waves' windows.
SURVEY_TEXT_COLUMNS = content_columns(*SURVEY_TEXTS)
SURVEY_FIELDS = (
    frozenset({"anonymous", "min_sessions", "team", "delegation", "min_group_size"})
    | SURVEY_TEXT_COLUMNS
)
WINDOW_FIELDS = frozenset({"opens_at", "closes_at", "second_opens_at", "second_closes_at"})


def survey_update(*, survey: Survey, data: Mapping[str, Any], by) -> Survey:
    """Change a survey after its creation (only the keys of ``data`` given).

    Anonymity can change only while the survey has no response at all (not even a
    draft): answers given under one promise are never kept under the other (409). The
    waves' rows are locked first, as ``response_save`` does, so a first response and a
    change of anonymity cannot cross.
    """
    unknown = set(data) - SURVEY_FIELDS - WINDOW_FIELDS
    if unknown:
        raise BridgesError(
            _("These cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="invalid_field",
            field=sorted(unknown)[0],
        )
    event = survey.event
    title_column = column("title", first_language(event))
    if title_column in data and not str(data[title_column] or "").strip():
        raise BridgesError(_("Give the survey a title."), code="required", field=title_column)
    _check_segment(
        event=event,
        team=data.get("team"),
        delegation=data.get("delegation"),
        min_group_size=data.get("min_group_size"),
    )
    with transaction.atomic():
        waves = list(
            Wave.objects.select_for_update(no_key=True).filter(survey=survey).order_by("number")
        )
        survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
        fields = sorted((set(data) & SURVEY_FIELDS) - {"team", "delegation"})
        fields += [name for name in ("team", "delegation") if name in data]
        before = snapshot(survey, fields)
        windows_before = _windows(waves)
        if "anonymous" in data and bool(data["anonymous"]) != survey.anonymous:
            if Response.objects.filter(wave__survey=survey).exists():
                raise ConflictError(
                    _(
                        "People have already answered this survey, so whether it is "
                        "anonymous can no longer change."
                    ),
                    code="has_responses",
                    field="anonymous",
                )
        for name in fields:
            value = data[name]
            if name in SURVEY_TEXT_COLUMNS:
                value = (value or "").strip()
            setattr(survey, name, value)
        _set_windows(survey, waves, data)
        # The untranslated columns follow the first language, as the other services do.
        for name in SURVEY_TEXTS:
            set_translations(survey, name, translations(survey, name))
        survey.save()
        for wave in waves:
            wave.save(update_fields=["opens_at", "closes_at", "remind_at"])
        data = {"changes": changes(before, survey)}
        if _windows(waves) != windows_before:
            data["windows"] = {"before": windows_before, "after": _windows(waves)}
        if data["changes"] or "windows" in data:
            log_action(survey, "surveys.survey.updated", user=by, data=data, event=event)
    caching.bump(survey.pk)
    return survey


def _windows(waves: list[Wave]) -> list[list[str]]:
    return [[w.opens_at.isoformat(), w.closes_at.isoformat()] for w in waves]


def _set_windows(survey: Survey, waves: list[Wave], data: Mapping[str, Any]) -> None:
    if not set(data) & WINDOW_FIELDS:
        return
    first = waves[0]
    second = waves[1] if len(waves) > 1 else None
    opens_at = data.get("opens_at") or first.opens_at
    closes_at = data.get("closes_at") or first.closes_at
    second_opens_at = data.get("second_opens_at") or (second.opens_at if second else None)
    second_closes_at = data.get("second_closes_at") or (second.closes_at if second else None)
    _check_windows(
        pair=second is not None,
        opens_at=opens_at,
        closes_at=closes_at,
        second_opens_at=second_opens_at,
        second_closes_at=second_closes_at,
    )
    windows = [(first, opens_at, closes_at)]
    if second is not None:
        windows.append((second, second_opens_at, second_closes_at))
    for wave, start, end in windows:
        if wave.remind_at is not None:  # the reminder keeps its distance from the opening
            wave.remind_at = start + (wave.remind_at - wave.opens_at)
        wave.opens_at, wave.closes_at = start, end


def invitations_ensure(survey: Survey) -> list[Invitation]:
    """An invitation (and so a personal link) for everyone in the segment; existing
    ones are kept, so a link once sent stays valid."""
    applications = list(survey_segment(survey))
    Invitation.objects.bulk_create(
        [
            Invitation(survey=survey, application=a, nonce=secrets.token_hex(16))
            for a in applications
        ],
        ignore_conflicts=True,
    )
    return list(
        Invitation.objects.filter(survey=survey, application__in=applications).select_related(
            "application__applicant"
        )
    )


def invitation_link(invitation: Invitation) -> str:
    token = link_token(invitation_id=invitation.pk, nonce=invitation.nonce)
    return settings.SITE_URL + reverse("surveys:respond", args=[token])


def submitted_pair_keys(wave: Wave) -> set[str]:
    return set(wave.responses.filter(submitted_at__isnull=False).values_list("pair_key", flat=True))


def _messages(
    wave: Wave, invitations: list[Invitation], *, kind: str, occasion: str
) -> list[MessageSpec]:
    survey = wave.survey
    return [
        MessageSpec(
            kind=kind,
            template=kind,
            idempotency_key=f"survey:{wave.pk}:{occasion}:{invitation.application_id}",
            recipient=invitation.application.applicant,
            event_id=survey.event_id,
            # The survey's title is read again in each recipient's language at sending.
            context=with_refs(
                {
                    "event_title": survey.event.title,
                    "survey_title": survey.title,
                    "link": invitation_link(invitation),
                    "times": {
                        "closes": {
                            "at": wave.closes_at.astimezone(dt.UTC).isoformat(),
                            "zone": str(survey.event.time_zone),
                        }
                    },
                },
                {"survey_title": ref(survey, "title")},
            ),
        )
        for invitation in invitations
    ]


def wave_invite(*, wave: Wave, now: dt.datetime | None = None) -> int:
    """Send the wave's invitations now (once: under the wave's lock). Returns how many
    messages were queued."""
    now = now or timezone.now()
    with transaction.atomic():
        wave = Wave.objects.select_for_update().select_related("survey__event").get(pk=wave.pk)
        if wave.invited_at is not None:
            return 0
        if now >= wave.closes_at:
            raise ConflictError(_("This wave has closed."), code="closed")
        invitations = invitations_ensure(wave.survey)
        queued = messages_queue_many(
            _messages(wave, invitations, kind=MessageKind.SURVEY_INVITATION, occasion="invite")
        )
        wave.invited_at = now
        wave.save(update_fields=["invited_at"])
        log_action(
            wave.survey,
            "surveys.wave.invited",
            user=None,
            data={"wave": wave.number, "sent": queued},
        )
    caching.bump(wave.survey_id)
    return queued


def wave_remind(*, wave: Wave, now: dt.datetime | None = None) -> int:
    """Remind those invited who have not submitted this wave (once per wave)."""
    now = now or timezone.now()
    with transaction.atomic():
        wave = Wave.objects.select_for_update().select_related("survey__event").get(pk=wave.pk)
        if wave.reminded_at is not None or wave.invited_at is None or now >= wave.closes_at:
            return 0
        answered = submitted_pair_keys(wave)
        pending = [
            invitation
            for invitation in segment_invitations(wave.survey)
            if pair_key(survey_id=wave.survey_id, application_id=invitation.application_id)
            not in answered
        ]
        queued = messages_queue_many(
            _messages(wave, pending, kind=MessageKind.SURVEY_REMINDER, occasion="remind")
        )
        wave.reminded_at = now
        wave.save(update_fields=["reminded_at"])
    return queued


def waves_send_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The beat scan: invite every wave that has opened, remind every wave whose reminder
    is due. Safe to run twice at once."""
    now = now or timezone.now()
    invited = reminded = 0
    open_now = Q(opens_at__lte=now, closes_at__gt=now)
    for wave in Wave.objects.filter(open_now, invited_at__isnull=True):
        invited += wave_invite(wave=wave, now=now)
    for wave in Wave.objects.filter(
        open_now, remind_at__lte=now, reminded_at__isnull=True, invited_at__isnull=False
    ):
        reminded += wave_remind(wave=wave, now=now)
    return {"invited": invited, "reminded": reminded}


# ---------------------------------------------------------------- answering


def invitation_from_link(token: str) -> Invitation:
    """The invitation a personal link names, or LinkRefused (404) when it was tampered
    with or no longer exists."""
    parsed = read_link_token(token)
    invitation = None
    if parsed is not None:
        invitation = (
            Invitation.objects.select_related("survey__event", "application")
            .filter(pk=parsed[0], nonce=parsed[1])
            .first()
        )
    if invitation is None:
        raise LinkRefused(
            _("This survey link is not valid. Use the link from your latest message."),
            code="invalid_link",
            status=404,
        )
    return invitation


def current_wave(survey: Survey, *, now: dt.datetime | None = None) -> Wave:
    """The wave open now, or LinkRefused (410) saying when it opens or that it closed."""
    now = now or timezone.now()
    waves = list(survey.waves.all())
    for wave in waves:
        if wave.opens_at <= now < wave.closes_at:
            return wave
    upcoming = [w for w in waves if w.opens_at > now]
    if upcoming:
        raise LinkRefused(_("This survey is not open yet."), code="not_open", status=410)
    raise LinkRefused(_("This survey has closed. Thank you."), code="closed", status=410)


def response_of(invitation: Invitation, wave: Wave) -> Response | None:
    """The invited person's own response to the wave: found through their pair key,
    never by an id a link could name."""
    key = pair_key(survey_id=invitation.survey_id, application_id=invitation.application_id)
    return Response.objects.filter(wave=wave, pair_key=key).first()


def _submission_time(anonymous: bool, now: dt.datetime) -> dt.datetime:
    # An anonymous response keeps the day only: an exact time could be matched with
    # other records of the same moment (a reminder sent, a log line).
    if anonymous:
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now


def response_save(
    *,
    invitation: Invitation,
    wave: Wave,
    answers: Mapping[str, Any],
    submit: bool,
    now: dt.datetime | None = None,
) -> Response:
    """Save the person's draft (``submit=False``) or final answers for the wave.

    One response per person and wave: the invitation's row lock orders parallel saves
    of one link, and the unique (wave, pair key) constraint backs it. A submitted
    response is final (409).
    """
    now = now or timezone.now()
    survey = invitation.survey
    if not (wave.opens_at <= now < wave.closes_at) or wave.survey_id != survey.pk:
        raise LinkRefused(_("This survey has closed. Thank you."), code="closed", status=410)
    cleaned = clean_answers(survey=survey, answers=answers, strict=submit)
    key = pair_key(survey_id=survey.pk, application_id=invitation.application_id)
    try:
        with transaction.atomic():
            # The wave's row first (survey_update takes it before changing anonymity), then
            # anonymity read by a statement of its own: it sees any change committed
            # while this waited, and cannot change until this response is stored.
            Wave.objects.select_for_update(no_key=True).filter(pk=wave.pk).values_list("pk").get()
            anonymous = Survey.objects.values_list("anonymous", flat=True).get(pk=survey.pk)
            Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
            response = Response.objects.select_for_update().filter(wave=wave, pair_key=key).first()
            if response is not None and response.submitted_at is not None:
                raise ConflictError(
                    _("You have already sent your answers to this survey."), code="submitted"
                )
            if response is None:
                response = Response(wave=wave, pair_key=key)
                if not anonymous:
                    response.application_id = invitation.application_id
            response.answers = cleaned
            if submit:
                response.submitted_at = _submission_time(anonymous, now)
            response.save()
    except IntegrityError as exc:
        # Only without the lock (a second link of the same person): the other one won.
        raise ConflictError(
            _("You have already sent your answers to this survey."), code="submitted"
        ) from exc
    if submit:
        caching.bump(survey.pk)
    return response


def clean_answers(*, survey: Survey, answers: Mapping[str, Any], strict: bool) -> dict[str, Any]:
    """The answers checked by participants' form engine: unknown questions dropped,
    values of the right kind, required ones present when ``strict``."""
    from .questions import validate_answers

    return validate_answers(survey=survey, answers=answers, strict=strict)


# ---------------------------------------------------------------- organiser's settings


def survey_publish_summary(*, survey: Survey, published: bool, by) -> Survey:
    with transaction.atomic():
        before = {"summary_published": survey.summary_published}
        survey.summary_published = published
        survey.save(update_fields=["summary_published"])
        log_action(survey, "surveys.survey.published", user=by, before=before)
        # The public event page, kept whole for visitors, links the summary when published.
        event_list_bump_version()
    caching.bump(survey.pk)
    return survey


def response_rate(wave: Wave) -> tuple[int, int]:
    """(submitted, invited) for the wave: the live response rate."""
    invited = wave.survey.invitations.count()
    submitted = wave.responses.filter(submitted_at__isnull=False).count()
    return submitted, invited


def invitation_for(*, survey: Survey, application: Application) -> Invitation | None:
    """The person's invitation (created when they belong to the survey's segment), for
    links reached from their own pages (session feedback on the agenda)."""
    if not survey_segment(survey).filter(pk=application.pk).exists():
        return None
    invitation, _created = Invitation.objects.get_or_create(
        survey=survey, application=application, defaults={"nonce": secrets.token_hex(16)}
    )
    return invitation
