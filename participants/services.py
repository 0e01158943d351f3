"""Everything that changes profiles, applications, documents and consents.

Status changes go through ``application_transition`` only. Lock order, everywhere:
the Event row first (only for transitions into seat-holding statuses), then the
Application row. Signals are sent inside the transaction (see ``signals.py``).
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from backend.errors import BridgesError, ConflictError
from programmes.enums import EventStatus
from programmes.models import CountryQuota, Event, Organisation
from programmes.validators import validate_time_zone

from . import documents as storage
from . import selectors
from .enums import (
    ACTIVE_STATUSES,
    CHOICE_KINDS,
    EDITABLE_AFTER_SUBMIT_STATUSES,
    SEAT_HOLDING_STATUSES,
    TRANSITIONS,
    WITHDRAWABLE_STATUSES,
    ApplicationStatus,
    DocumentKind,
    Gender,
    PreferredLanguage,
    QuestionKind,
)
from .models import (
    Answer,
    Application,
    CallSettings,
    Document,
    GuardianConsent,
    Profile,
    Question,
    StatusChange,
    age_on,
)
from .signals import application_status_changed, guardian_consent_requested

S = ApplicationStatus

# Tests switch this off to show that the concurrency tests would catch an oversell:
# without the Event row lock, two transactions can both count 47 seats and both accept.
SEAT_LOCKING_ENABLED = True
# The same switch for the per-application document quota (see _check_document_quota).
DOCUMENT_QUOTA_LOCKING_ENABLED = True

ADULT_AGE = 18
CONSENT_SALT = "participants.guardian-consent"
# Hard upper bound on any consent link, whatever the event's setting says.
CONSENT_MAX_AGE = dt.timedelta(days=60)
# How long after its last link expired an application lapses (see guardian_consents_lapse).
LAPSE_GRACE = dt.timedelta(minutes=5)
DEFAULT_CONSENT_VERSION = "2026-11-v1"
DEFAULT_CONSENT_TEXT = (
    "I am the parent or legal guardian of the applicant named above. I agree that they "
    "apply to and, if selected, take part in this programme, including its travel, "
    "accommodation and activities. I agree that the organisers process the personal data "
    "in the application to select participants and run the programme."
)
MAX_TEXT_CHARS = 20_000
SHORT_TEXT_CHARS = 500


class ApplicationInvalid(BridgesError):
    """Several fields failed at once; rendered as {field: [messages], "code": ...}."""

    def __init__(self, errors: dict[str, list[str]], *, code: str = "invalid"):
        first_field, messages = next(iter(errors.items()))
        super().__init__(messages[0], code=code, field=first_field, status=400)
        self.errors = errors

    def as_dict(self) -> dict:
        return {**self.errors, "code": self.code}


# --- settings of a call -----------------------------------------------------------


def call_settings_for(event: Event) -> CallSettings:
    """The event's call settings, created with defaults on first use."""
    try:
        return event.call_settings
    except CallSettings.DoesNotExist:
        call, _created = CallSettings.objects.get_or_create(event=event)
        event.call_settings = call
        return call


def call_settings_update(*, event: Event, data: Mapping[str, Any]) -> CallSettings:
    call = call_settings_for(event)
    allowed = {
        "allow_edits_after_submit",
        "confirmation_deadline",
        "confirmation_days",
        "required_documents",
        "guardian_consent_days",
        "guardian_consent_text",
        "guardian_consent_version",
    }
    unknown = set(data) - allowed
    if unknown:
        raise BridgesError(_("Unknown setting."), code="unknown_field", field=sorted(unknown)[0])
    if "required_documents" in data:
        kinds = data["required_documents"]
        if not isinstance(kinds, list) or any(k not in DocumentKind.values for k in kinds):
            raise BridgesError(
                _("Choose document kinds from the list."), field="required_documents"
            )
    for key, value in data.items():
        setattr(call, key, value)
    call.full_clean(exclude=["event"])
    call.save()
    return call


def event_default_questions(event: Event) -> list[Question]:
    """Add the event's default questions once (``event_default_questions_ensure``) and
    return the default questions the event has."""
    event_default_questions_ensure(event)
    return list(Question.objects.filter(event=event, key="motivation"))


def event_default_questions_ensure(event: Event) -> None:
    """Add the event's default questions (today: "motivation") once, on first use.

    Called lazily by the selectors that read an event's form, rather than from an
    Event post_save receiver: programmes must not know about participants, and a
    receiver on another app's model is a hidden side effect. Only the request that
    flips ``default_questions_added`` adds them, so a default question the organiser
    deleted is not added again. No query once they were added and the call settings
    are loaded with the event.
    """
    call = call_settings_for(event)
    if not call.default_questions_added:
        with transaction.atomic():
            first = CallSettings.objects.filter(pk=call.pk, default_questions_added=False).update(
                default_questions_added=True
            )
            if first:
                Question.objects.get_or_create(
                    event=event,
                    key="motivation",
                    defaults={
                        "kind": QuestionKind.LONG_TEXT,
                        "label": _("Why do you want to take part?"),
                        "help_text": _(
                            "Tell us what you hope to learn and bring (50 to 300 words)."
                        ),
                        "required": True,
                        "order": 0,
                        "min_words": 50,
                        "max_words": 300,
                    },
                )
        call.default_questions_added = True


# --- questions ------------------------------------------------------------------

QUESTION_FIELDS = (
    "kind",
    "label",
    "help_text",
    "required",
    "order",
    "choices",
    "min_words",
    "max_words",
    "depends_on",
    "condition_value",
)


def _question_apply(question: Question, data: Mapping[str, Any]) -> None:
    for key in QUESTION_FIELDS:
        if key in data:
            setattr(question, key, data[key])
    if question.kind not in QuestionKind.values:
        raise BridgesError(_("Choose a question kind from the list."), field="kind")
    if question.kind in CHOICE_KINDS:
        choices = question.choices
        if (
            not isinstance(choices, list)
            or len(choices) < 2
            or any(not isinstance(c, str) or not c.strip() for c in choices)
            or len(set(choices)) != len(choices)
        ):
            raise BridgesError(_("Give at least two different choices."), field="choices")
    else:
        question.choices = []
    if question.kind != QuestionKind.LONG_TEXT:
        question.min_words = question.max_words = None
    elif question.min_words is not None and question.max_words is not None:
        if question.min_words > question.max_words:
            raise BridgesError(_("The minimum must not exceed the maximum."), field="min_words")
    parent = question.depends_on
    if parent is not None:
        if parent.event_id != question.event_id:
            raise BridgesError(
                _("The condition must refer to a question of this event."), field="depends_on"
            )
        if question.pk and parent.pk == question.pk:
            raise BridgesError(_("A question cannot depend on itself."), field="depends_on")
        if parent.order > question.order or (
            parent.order == question.order and question.pk and parent.pk > question.pk
        ):
            raise BridgesError(
                _("A condition must refer to an earlier question."), field="depends_on"
            )
        if question.condition_value in (None, "", []):
            raise BridgesError(_("Say which answer shows this question."), field="condition_value")
        _clean_value(
            parent, question.condition_value, strict=False, applicant=None, field="condition_value"
        )
    else:
        question.condition_value = None
    if not str(question.label or "").strip():
        raise BridgesError(_("A question needs a label."), field="label")


@transaction.atomic
def question_create(*, event: Event, data: Mapping[str, Any]) -> Question:
    question = Question(event=event)
    _question_apply(question, data)
    question.full_clean(exclude=["event", "depends_on"])
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, data: Mapping[str, Any]) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    _question_apply(question, data)
    question.full_clean(exclude=["event", "depends_on"])
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if question.answers.exclude(application__status=S.DRAFT).exists():
        raise ConflictError(
            _("Applicants have already answered this question; it can no longer be deleted."),
            code="question_has_answers",
        )
    question.delete()


# --- profile --------------------------------------------------------------------

PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "gender_self_description",
    "nationalities",
    "country_of_residence",
    "affiliation",
    "organisation",
    "languages",
    "phone",
    "dietary_needs",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
    "time_zone",
    "preferred_language",
)


def profile_for(user) -> Profile:
    """The user's profile, created empty on first use."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        return profile


@transaction.atomic
def profile_update(*, user, data: Mapping[str, Any]) -> Profile:
    """Update the fields present in ``data``; unknown keys are a 400 naming the field."""
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise BridgesError(
            _("This field cannot be changed here."), code="unknown_field", field=sorted(unknown)[0]
        )
    profile = profile_for(user)
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    for key, value in data.items():
        if key == "organisation" and value is not None and not isinstance(value, Organisation):
            value = Organisation.objects.filter(pk=value).first()
            if value is None:
                raise BridgesError(_("Unknown organisation."), field="organisation")
        setattr(profile, key, value)
    _profile_validate(profile)
    profile.save()
    user.profile = profile  # later reads through this user object (eligibility) see the change
    return profile


def _profile_validate(profile: Profile) -> None:
    today = timezone.now().date()
    dob = profile.date_of_birth
    if dob is not None and (dob >= today or dob.year < 1900):
        raise BridgesError(_("Enter your real date of birth."), field="date_of_birth")
    if profile.gender and profile.gender not in Gender.values:
        raise BridgesError(_("Choose an option from the list."), field="gender")
    if profile.gender == Gender.SELF_DESCRIBED and not profile.gender_self_description.strip():
        raise BridgesError(
            _("Describe your gender in your own words."), field="gender_self_description"
        )
    if profile.gender != Gender.SELF_DESCRIBED:
        profile.gender_self_description = ""
    codes = [str(c.code if hasattr(c, "code") else c) for c in (profile.nationalities or [])]
    if any(code not in countries for code in codes):
        raise BridgesError(_("Choose countries from the list."), field="nationalities")
    if len(set(codes)) != len(codes):
        raise BridgesError(_("A nationality is listed twice."), field="nationalities")
    residence = str(profile.country_of_residence or "")
    if residence and residence not in countries:
        raise BridgesError(_("Choose a country from the list."), field="country_of_residence")
    if not isinstance(profile.languages, list) or any(
        not isinstance(x, str) or not x.strip() or len(x) > 60 for x in profile.languages
    ):
        raise BridgesError(_("List languages as short names."), field="languages")
    if profile.time_zone:
        try:
            validate_time_zone(profile.time_zone)
        except DjangoValidationError as exc:
            raise BridgesError(exc.messages[0], field="time_zone") from exc
    if profile.preferred_language not in PreferredLanguage.values:
        raise BridgesError(_("Choose a language from the list."), field="preferred_language")
    try:
        profile.full_clean(exclude=["user", "organisation", "nationalities"])
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise BridgesError(messages[0], field=field) from exc


PROFILE_REQUIRED_FOR_SUBMIT = (
    ("full_name", lambda p: bool(p.full_name.strip())),
    ("date_of_birth", lambda p: p.date_of_birth is not None),
    ("gender", lambda p: bool(p.gender)),
    ("nationalities", lambda p: bool(p.nationalities)),
    ("country_of_residence", lambda p: bool(p.country_of_residence)),
)


def profile_missing_fields(profile: Profile) -> list[str]:
    return [name for name, present in PROFILE_REQUIRED_FOR_SUBMIT if not present(profile)]


def quota_country(profile: Profile, event: Event) -> str:
    """The country an application counts under for quotas.

    The first of the applicant's nationalities (in their order) that the event accepts;
    if none does, their residence when that is eligible; "" when neither is. With no
    eligible-country list, simply the first nationality.
    """
    nationalities = [
        str(c.code if hasattr(c, "code") else c) for c in (profile.nationalities or [])
    ]
    eligible = {str(c.code if hasattr(c, "code") else c) for c in (event.eligible_countries or [])}
    if not eligible:
        return nationalities[0] if nationalities else ""
    for code in nationalities:
        if code in eligible:
            return code
    residence = str(profile.country_of_residence or "")
    return residence if residence in eligible else ""


# --- answers --------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _word_count(text: str) -> int:
    return len(text.split())


def _clean_value(question: Question, value: Any, *, strict: bool, applicant, field: str) -> Any:
    """Check one answer's type; with ``strict``, also its word limits. Returns the value to store."""
    kind = question.kind

    def fail(message: str) -> BridgesError:
        return BridgesError(message, code="invalid_answer", field=field)

    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        if not isinstance(value, str):
            raise fail(_("Enter text."))
        value = value.strip()
        limit = SHORT_TEXT_CHARS if kind == QuestionKind.SHORT_TEXT else MAX_TEXT_CHARS
        if len(value) > limit:
            raise fail(_("Keep this under %(limit)s characters.") % {"limit": limit})
        if strict and kind == QuestionKind.LONG_TEXT:
            words = _word_count(value)
            if question.min_words and words < question.min_words:
                raise fail(
                    _("Write at least %(min)s words (you wrote %(n)s).")
                    % {"min": question.min_words, "n": words}
                )
            if question.max_words and words > question.max_words:
                raise fail(
                    _("Write at most %(max)s words (you wrote %(n)s).")
                    % {"max": question.max_words, "n": words}
                )
        return value
    if kind == QuestionKind.SINGLE_CHOICE:
        if value not in question.choices:
            raise fail(_("Choose one of the options."))
        return value
    if kind == QuestionKind.MULTIPLE_CHOICE:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(v not in question.choices for v in value):
            raise fail(_("Choose from the options."))
        return [c for c in question.choices if c in value]
    if kind == QuestionKind.YES_NO:
        if isinstance(value, str) and value.lower() in {"yes", "no", "true", "false"}:
            value = value.lower() in {"yes", "true"}
        if not isinstance(value, bool):
            raise fail(_("Answer yes or no."))
        return value
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool):
            raise fail(_("Enter a number."))
        if isinstance(value, str):
            try:
                value = (
                    float(value.replace(",", "."))
                    if any(c in value for c in ".,eE")
                    else int(value)
                )
            except ValueError:
                raise fail(_("Enter a number.")) from None
        if not isinstance(value, int | float) or value != value or abs(value) > 1e12:
            raise fail(_("Enter a number."))
        return value
    if kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise fail(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == QuestionKind.COUNTRY:
        code = str(value).upper()
        if code not in countries:
            raise fail(_("Choose a country from the list."))
        return code
    if kind == QuestionKind.FILE:
        try:
            doc_id = int(value)
        except (TypeError, ValueError):
            raise fail(_("Upload a file first.")) from None
        if (
            applicant is not None
            and not Document.objects.filter(pk=doc_id, owner=applicant).exists()
        ):
            raise fail(_("Upload a file first."))
        return doc_id
    raise fail(_("Unknown question kind."))


def _answer_field(question_id: int) -> str:
    return f"answers.{question_id}"


def _save_answers(*, application: Application, answers: Mapping[Any, Any], strict: bool) -> None:
    """Validate and store answers keyed by question id. Empty values delete the answer."""
    questions = {q.pk: q for q in Question.objects.filter(event_id=application.event_id)}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Any] = {}
    for raw_key, value in answers.items():
        try:
            qid = int(raw_key)
        except (TypeError, ValueError):
            errors[f"answers.{raw_key}"] = [_("Unknown question.")]
            continue
        question = questions.get(qid)
        if question is None:
            errors[_answer_field(qid)] = [_("Unknown question.")]
            continue
        if _is_empty(value):
            cleaned[qid] = None
            continue
        try:
            cleaned[qid] = _clean_value(
                question,
                value,
                strict=strict,
                applicant=application.applicant,
                field=_answer_field(qid),
            )
        except BridgesError as exc:
            errors[exc.field] = [exc.message]
    if errors:
        raise ApplicationInvalid(errors)
    existing = {a.question_id: a for a in application.answers.all()}
    for qid, value in cleaned.items():
        answer = existing.get(qid)
        if value is None:
            if answer is not None:
                answer.delete()
            continue
        file_id = value if questions[qid].kind == QuestionKind.FILE else None
        if answer is None:
            Answer.objects.create(
                application=application, question_id=qid, value=value, file_id=file_id
            )
        elif answer.value != value or answer.file_id != file_id:
            answer.value, answer.file_id = value, file_id
            answer.save(update_fields=["value", "file"])
        if file_id:
            Document.objects.filter(pk=file_id, application__isnull=True).update(
                application=application
            )


def _is_shown(question: Question, by_id: dict[int, Question], values: dict[int, Any]) -> bool:
    seen = set()
    while question.depends_on_id:
        if question.pk in seen:
            return False
        seen.add(question.pk)
        parent = by_id.get(question.depends_on_id)
        if parent is None:
            return False
        answer = values.get(parent.pk)
        expected = question.condition_value
        if isinstance(answer, list):
            if expected not in answer:
                return False
        elif answer != expected:
            return False
        question = parent
    return True


def visible_question_ids(questions: list[Question], values: Mapping[int, Any]) -> set[int]:
    """Ids of the questions shown given the answers so far (``values``: question id -> value)."""
    by_id = {q.pk: q for q in questions}
    return {q.pk for q in questions if _is_shown(q, by_id, dict(values))}


def _validate_complete(application: Application) -> dict[str, list[str]]:
    """Required answers, conditions and word limits; removes answers to hidden questions."""
    questions = selectors.event_form(application.event_id)
    by_id = {q.pk: q for q in questions}
    answers = {a.question_id: a for a in application.answers.all()}
    values = {qid: a.value for qid, a in answers.items()}
    errors: dict[str, list[str]] = {}
    hidden: list[Answer] = []
    for question in questions:
        field = _answer_field(question.pk)
        shown = _is_shown(question, by_id, values)
        answer = answers.get(question.pk)
        if not shown:
            if answer is not None:
                hidden.append(answer)
            continue
        if answer is None or _is_empty(answer.value):
            if question.required:
                errors[field] = [_("This question is required.")]
            continue
        try:
            _clean_value(
                question, answer.value, strict=True, applicant=application.applicant, field=field
            )
        except BridgesError as exc:
            errors[field] = [exc.message]
    if hidden:
        Answer.objects.filter(pk__in=[a.pk for a in hidden]).delete()
        # A prefetched list (submit renders from it) must not show the deleted answers.
        cache = getattr(application, "_prefetched_objects_cache", {})
        if "answers" in cache:
            gone = {a.pk for a in hidden}
            cache["answers"]._result_cache = [a for a in cache["answers"] if a.pk not in gone]
    return errors


# --- drafts and submission -------------------------------------------------------

GUARDIAN_FIELDS = ("guardian_name", "guardian_email", "guardian_relation")


def applicant_addresses(user) -> set[str]:
    """Every email address of the applicant's account (lower case): the account's own and
    each one allauth holds for it, verified or not."""
    from allauth.account.models import EmailAddress

    addresses = {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        addresses.add(user.email.lower())
    return addresses


def _check_guardian_address(application: Application) -> None:
    """The consent must reach someone else: never one of the applicant's addresses."""
    email = application.guardian_email.strip().lower()
    if email and email in applicant_addresses(application.applicant):
        raise BridgesError(
            _("Give your parent's or guardian's own address, not one of yours."),
            code="guardian_email_is_applicants",
            field="guardian_email",
        )


def _apply_guardian(application: Application, guardian: Mapping[str, Any] | None) -> None:
    if not guardian:
        return
    unknown = set(guardian) - set(GUARDIAN_FIELDS)
    if unknown:
        raise BridgesError(_("Unknown field."), code="unknown_field", field=sorted(unknown)[0])
    for key in GUARDIAN_FIELDS:
        if key in guardian:
            value = str(guardian[key] or "").strip()
            if key == "guardian_email" and value:
                try:
                    validate_email(value)
                except DjangoValidationError:
                    raise BridgesError(_("Enter a valid email address."), field=key) from None
            if len(value) > Application._meta.get_field(key).max_length:
                raise BridgesError(_("This is too long."), field=key)
            setattr(application, key, value)
    _check_guardian_address(application)


def _refuse_guardian_change(application: Application, guardian: Mapping[str, Any] | None) -> None:
    """Once consent has been asked for, the applicant cannot change who gives it (a minor
    could otherwise name themselves); the organisers can (``application_guardian_change``)."""
    for key in GUARDIAN_FIELDS:
        if key in (guardian or {}) and str(guardian[key] or "").strip() != getattr(
            application, key
        ):
            raise ConflictError(
                _(
                    "The parent or guardian cannot be changed once their consent has been "
                    "asked for. Ask the organisers to change it."
                ),
                code="guardian_locked",
                field=key,
            )


def _snapshot_profile(application: Application, profile: Profile) -> None:
    application.country = quota_country(profile, application.event)
    application.gender = profile.gender
    application.date_of_birth = profile.date_of_birth
    application.is_minor = bool(
        profile.date_of_birth
        and age_on(profile.date_of_birth, application.event.start_date) < ADULT_AGE
    )


SNAPSHOT_FIELDS = ["country", "gender", "date_of_birth", "is_minor"]


def application_save_draft(
    *,
    event: Event,
    applicant,
    answers: Mapping[Any, Any] | None = None,
    guardian: Mapping[str, Any] | None = None,
) -> Application:
    """Create the applicant's draft for ``event`` or update it; answers are checked for type only.

    Refused (ApplicationInvalid, code not_eligible) when the call has closed or the
    profile already shows the person cannot apply (``application_draft_problems``).
    Safe against double submission of the first save: the partial unique constraint
    decides, and the loser updates the winner's draft.
    """
    if event.status != EventStatus.PUBLISHED:
        raise BridgesError(
            _("This event is not accepting applications."), code="not_open", field=None
        )
    # Say what is wrong before the applicant does the work: an application that could
    # never be submitted is not started (a draft may be prepared before the call opens).
    problems = application_draft_problems(event=event, profile=profile_for(applicant))
    if problems:
        raise ApplicationInvalid(problems, code="not_eligible")
    event_default_questions_ensure(event)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                application = (
                    Application.objects.select_for_update()
                    .filter(event=event, applicant=applicant, status__in=ACTIVE_STATUSES)
                    .first()
                )
                if application is None:
                    application = Application.objects.create(event=event, applicant=applicant)
                elif application.status != S.DRAFT:
                    raise ConflictError(
                        _("You have already submitted an application to this event."),
                        code="already_submitted",
                    )
                # The caller's objects, so that nothing below reads them again.
                application.event = event
                application.applicant = applicant
                _apply_guardian(application, guardian)
                _snapshot_profile(application, profile_for(applicant))
                application.save(update_fields=[*SNAPSHOT_FIELDS, *GUARDIAN_FIELDS, "updated_at"])
                if answers:
                    _save_answers(application=application, answers=answers, strict=False)
                return application
        except IntegrityError:
            # Another request created the draft at the same moment; update that one.
            continue
    raise ConflictError(_("Please retry."), code="conflict")


def _fmt(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _applicant_zone(profile: Profile) -> zoneinfo.ZoneInfo:
    if profile.time_zone:
        try:
            return zoneinfo.ZoneInfo(profile.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


def _check_window(event: Event, profile: Profile, now: dt.datetime) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise BridgesError(_("This event is not accepting applications."), code="not_open")
    if event.applications_open_at is None or event.applications_close_at is None:
        raise BridgesError(_("Applications for this event have not opened."), code="not_open")
    zone = _applicant_zone(profile)
    params = {"event_zone": event.time_zone, "your_zone": str(zone)}
    if now < event.applications_open_at:
        raise BridgesError(
            _(
                "Applications open on %(event_time)s (%(event_zone)s), which is %(your_time)s in your "
                "time zone (%(your_zone)s)."
            )
            % {
                **params,
                "event_time": _fmt(event.applications_open_at, event.zone),
                "your_time": _fmt(event.applications_open_at, zone),
            },
            code="not_open_yet",
        )
    if now >= event.applications_close_at:
        raise BridgesError(
            _(
                "Applications closed on %(event_time)s (%(event_zone)s), which is %(your_time)s in your "
                "time zone (%(your_zone)s)."
            )
            % {
                **params,
                "event_time": _fmt(event.applications_close_at, event.zone),
                "your_time": _fmt(event.applications_close_at, zone),
            },
            code="applications_closed",
        )


def _profile_eligibility(event: Event, profile: Profile) -> dict[str, list[str]]:
    """Age on the first day and nationality or residence, as far as the profile tells."""
    errors: dict[str, list[str]] = {}
    if profile.date_of_birth:
        age = age_on(profile.date_of_birth, event.start_date)
        first_day = event.start_date.isoformat()
        if event.min_age is not None and age < event.min_age:
            errors["profile.date_of_birth"] = [
                _("You must be at least %(min)s on the first day (%(day)s); you will be %(age)s.")
                % {"min": event.min_age, "day": first_day, "age": age}
            ]
        elif event.max_age is not None and age > event.max_age:
            errors["profile.date_of_birth"] = [
                _("You must be at most %(max)s on the first day (%(day)s); you will be %(age)s.")
                % {"max": event.max_age, "day": first_day, "age": age}
            ]
    if event.eligible_countries and profile.nationalities and not quota_country(profile, event):
        names = ", ".join(sorted(str(c.name) for c in event.eligible_countries))
        errors["profile.nationalities"] = [
            _(
                "Neither your nationality nor your country of residence is eligible. Eligible: %(names)s."
            )
            % {"names": names}
        ]
    return errors


def application_eligibility(
    *, event: Event, profile: Profile | None, now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """What stops this person's application to ``event`` from being submitted, as far as
    it is known now: the call has closed (or is not open), age on the first day,
    nationality or residence. Empty when nothing does. Keys name the field at fault
    ("window", "profile.date_of_birth", "profile.nationalities"). The same rules as
    the submit: the event page, the apply steps and My applications ask this before
    anyone does the work. Fields not yet filled in are not counted here."""
    errors: dict[str, list[str]] = {}
    try:
        _check_window(event, profile or Profile(), now or timezone.now())
    except BridgesError as exc:
        errors["window"] = [exc.message]
    if profile is not None:
        errors.update(_profile_eligibility(event, profile))
    return errors


def application_draft_problems(
    *, event: Event, profile: Profile | None, now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """``application_eligibility`` for starting or continuing a draft: the same, except
    that a call not open yet still takes drafts (they can be sent once it opens)."""
    now = now or timezone.now()
    problems = application_eligibility(event=event, profile=profile, now=now)
    if not call_closed(event, now):
        problems.pop("window", None)
    return problems


def minor_on_first_day(*, event: Event, profile: Profile | None) -> bool | None:
    """Whether the person is under 18 on the event's first day (None: no date of birth)."""
    if profile is None or profile.date_of_birth is None:
        return None
    return age_on(profile.date_of_birth, event.start_date) < ADULT_AGE


def call_admits_minors(event: Event) -> bool:
    return event.min_age is None or event.min_age < ADULT_AGE


def _eligibility_errors(application: Application, profile: Profile) -> dict[str, list[str]]:
    event = application.event
    errors: dict[str, list[str]] = {}
    for name in profile_missing_fields(profile):
        errors[f"profile.{name}"] = [_("Complete this in your profile before submitting.")]
    errors.update(_profile_eligibility(event, profile))
    if application.is_minor:
        for key in GUARDIAN_FIELDS:
            if not getattr(application, key):
                errors[key] = [_("Applicants under 18 must name a parent or guardian.")]
        try:
            _check_guardian_address(application)
        except BridgesError as exc:
            errors[exc.field] = [exc.message]
    required_docs = call_settings_for(event).required_documents or []
    if required_docs:
        have = {document.kind for document in application.documents.all()}
        for kind in required_docs:
            if kind not in have:
                # Wording shared with the apply pages and their translations.
                errors[f"documents.{kind}"] = [
                    _("Upload your %(kind)s.") % {"kind": str(DocumentKind(kind).label).lower()}
                ]
    return errors


def application_submit(*, application: Application | int, by) -> Application:
    """Validate everything and submit; a minor's application waits for guardian consent.

    ``application`` is the row or its id: the service reads and locks the row itself, so
    a caller that only has the id (the API) needs no read of its own. Someone else's
    application, or none, is a 404 (BridgesError), as for a read.

    Raises ApplicationInvalid (400, every failing field), BridgesError (window closed,
    with the closing time in the event's and the applicant's zones) or ConflictError
    (already submitted). Side effects: history row, status signal, and for minors a
    GuardianConsent row plus the guardian_consent_requested signal.
    """
    pk = application.pk if isinstance(application, Application) else application
    with transaction.atomic():
        # One read gives everything the checks and the response need.
        locked = selectors.application_locked_for_submit(pk)
        if locked is None or by is None or locked.applicant_id != by.pk:
            raise BridgesError(_("Not found."), code="not_found", status=404)
        if locked.status != S.DRAFT:
            raise ConflictError(
                _("This application has already been submitted."), code="already_submitted"
            )
        profile = profile_for(locked.applicant)
        _check_window(locked.event, profile, timezone.now())
        _snapshot_profile(locked, profile)
        # No event_default_questions() here: the draft that is being submitted created them.
        errors = _eligibility_errors(locked, profile)
        errors.update(_validate_complete(locked))
        if errors:
            raise ApplicationInvalid(errors)
        locked.submitted_at = timezone.now()
        # The row is already locked and known to be a draft: the status change is saved in
        # the same UPDATE as the snapshot, without application_transition's second lock.
        if locked.is_minor:
            _transition_locked(
                locked,
                to_status=S.AWAITING_GUARDIAN_CONSENT,
                by=by,
                note="Submitted; guardian asked.",
                extra_fields=[*SNAPSHOT_FIELDS, "submitted_at"],
            )
            guardian_consent_request(application=locked)
        else:
            _transition_locked(
                locked,
                to_status=S.SUBMITTED,
                by=by,
                note="Submitted.",
                extra_fields=[*SNAPSHOT_FIELDS, "submitted_at"],
            )
    if isinstance(application, Application):
        _copy_state(locked, application)
    return locked


def application_update_after_submit(
    *,
    application: Application,
    by,
    answers: Mapping[Any, Any] | None = None,
    guardian: Mapping[str, Any] | None = None,
) -> Application:
    """Edit a sent application while the call is open, if the event allows it; validated in full."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("event").get(pk=application.pk)
        )
        if by is None or locked.applicant_id != by.pk:
            raise BridgesError(
                _("Only the applicant can edit the application."), code="forbidden", status=403
            )
        if locked.status == S.DRAFT:
            raise ConflictError(
                _("This application is still a draft; save the draft instead."), code="is_draft"
            )
        if (
            locked.status not in EDITABLE_AFTER_SUBMIT_STATUSES
            or not call_settings_for(locked.event).allow_edits_after_submit
        ):
            raise ConflictError(
                _("This application can no longer be changed."), code="not_editable"
            )
        _check_window(locked.event, profile_for(locked.applicant), timezone.now())
        # A sent application has asked for consent (or needs none): the guardian stays.
        _refuse_guardian_change(locked, guardian)
        locked.save(update_fields=["updated_at"])
        if answers:
            _save_answers(application=locked, answers=answers, strict=True)
        errors = _validate_complete(locked)
        if errors:
            raise ApplicationInvalid(errors)
    _copy_state(locked, application)
    return locked


# --- the one status service ------------------------------------------------------


def _copy_state(source: Application, target: Application) -> None:
    if source is target:
        return
    for field in (
        "status",
        "submitted_at",
        "decided_at",
        "offer_expires_at",
        *SNAPSHOT_FIELDS,
        *GUARDIAN_FIELDS,
    ):
        setattr(target, field, getattr(source, field))


def _offer_deadline(event: Event, now: dt.datetime) -> dt.datetime:
    call = call_settings_for(event)
    if call.confirmation_deadline:
        return call.confirmation_deadline
    return now + dt.timedelta(days=call.confirmation_days)


def _check_seats(application: Application, event: Event) -> None:
    holding = Application.objects.filter(event_id=event.pk, status__in=SEAT_HOLDING_STATUSES)
    if event.capacity is not None and holding.count() >= event.capacity:
        raise ConflictError(
            _("All %(n)s places are taken.") % {"n": event.capacity}, code="capacity_reached"
        )
    if application.country:
        quota = CountryQuota.objects.filter(event_id=event.pk, country=application.country).first()
        if quota is not None and quota.maximum is not None:
            if holding.filter(country=application.country).count() >= quota.maximum:
                raise ConflictError(
                    _("%(country)s's maximum of %(n)s is reached.")
                    % {"country": application.country.name, "n": quota.maximum},
                    code="country_quota_reached",
                )


def _has_guardian_consent(application: Application) -> bool:
    return application.guardian_consents.filter(consented_at__isnull=False).exists()


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, by, note: str = ""
) -> Application:
    """Move an application to ``to_status`` if TRANSITIONS allows it.

    Order: guard, lock (Event row then Application row for seat-holding targets;
    the Application row otherwise), seat/quota checks, save, history row, signal.
    Raises ConflictError with code invalid_transition, capacity_reached,
    country_quota_reached or guardian_consent_missing. Returns the locked, updated
    row and copies its state onto ``application``. Callers check who may do it.
    """
    if to_status not in S.values:
        raise BridgesError(_("Unknown status."), code="invalid_status", field="status")
    to_status = S(to_status)
    # The map is checked after locking: the caller's copy may be stale either way.
    takes_seat = to_status in SEAT_HOLDING_STATUSES
    event = None
    if takes_seat and SEAT_LOCKING_ENABLED:
        event = Event.objects.select_for_update().get(pk=application.event_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    # Receivers read application.event / .applicant: reuse what the caller already loaded.
    for relation in ("event", "applicant"):
        field = Application._meta.get_field(relation)
        if field.is_cached(application) and getattr(application, field.attname) == getattr(
            locked, field.attname
        ):
            field.set_cached_value(locked, field.get_cached_value(application))
    if event is not None and not Application._meta.get_field("event").is_cached(locked):
        locked.event = event
    from_status = S(locked.status)
    if to_status not in TRANSITIONS[from_status]:
        raise ConflictError(
            _("An application cannot go from %(from)s to %(to)s.")
            % {"from": from_status.label, "to": to_status.label},
            code="invalid_transition",
        )
    if takes_seat:
        if locked.is_minor and not _has_guardian_consent(locked):
            raise ConflictError(
                _("An applicant under 18 cannot be accepted without their guardian's consent."),
                code="guardian_consent_missing",
            )
        if from_status not in SEAT_HOLDING_STATUSES:
            _check_seats(locked, event or Event.objects.get(pk=locked.event_id))
    _transition_locked(locked, to_status=to_status, by=by, note=note, event=event)
    _copy_state(locked, application)
    return locked


def _transition_locked(
    locked: Application,
    *,
    to_status: S,
    by,
    note: str,
    event: Event | None = None,
    extra_fields: list[str] | None = None,
) -> None:
    """Save a checked transition of a locked row: fields, history row, signal."""
    from_status = S(locked.status)
    now = timezone.now()
    locked.status = to_status
    fields = [*(extra_fields or []), "status", "updated_at"]
    if to_status in (S.ACCEPTED, S.WAITLISTED, S.REJECTED):
        locked.decided_at = now
        fields.append("decided_at")
    if to_status == S.ACCEPTED:
        locked.offer_expires_at = _offer_deadline(event or locked.event, now)
        fields.append("offer_expires_at")
    elif from_status == S.ACCEPTED and to_status != S.CONFIRMED:
        locked.offer_expires_at = None
        fields.append("offer_expires_at")
    if to_status in (S.SUBMITTED, S.AWAITING_GUARDIAN_CONSENT) and locked.submitted_at is None:
        locked.submitted_at = now
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    change = StatusChange.objects.create(
        application=locked, from_status=from_status, to_status=to_status, by=by, note=note[:500]
    )
    application_status_changed.send(
        sender=Application,
        application=locked,
        from_status=str(from_status),
        to_status=str(to_status),
        by=by,
        note=note,
        change=change,
    )


def _applicant_action(application: Application, by, to_status: str, note: str) -> Application:
    if by is None or application.applicant_id != by.pk:
        raise BridgesError(_("Only the applicant can do this."), code="forbidden", status=403)
    return application_transition(application=application, to_status=to_status, by=by, note=note)


@transaction.atomic
def application_withdraw(*, application: Application, by, note: str = "") -> Application:
    """The applicant withdraws from any status that is not final; frees a seat if it held one."""
    if application.status not in WITHDRAWABLE_STATUSES:
        raise ConflictError(
            _("This application can no longer be withdrawn."), code="invalid_transition"
        )
    return _applicant_action(application, by, S.WITHDRAWN, note or "Withdrawn by the applicant.")


@transaction.atomic
def application_confirm(*, application: Application, by) -> Application:
    """Accept an offer before its deadline (accepted -> confirmed)."""
    if SEAT_LOCKING_ENABLED:
        # Same order as every seat change (event row, then application row): an organiser
        # re-deciding this applicant while they confirm must queue, not deadlock.
        Event.objects.select_for_update().get(pk=application.event_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if (
        locked.status == S.ACCEPTED
        and locked.offer_expires_at
        and timezone.now() >= locked.offer_expires_at
    ):
        raise ConflictError(_("The time to confirm this offer has passed."), code="offer_expired")
    result = _applicant_action(locked, by, S.CONFIRMED, "Confirmed by the applicant.")
    _copy_state(result, application)
    return result


@transaction.atomic
def application_decline(*, application: Application, by, note: str = "") -> Application:
    """Turn down an offer (accepted -> declined); frees the seat at once."""
    result = _applicant_action(application, by, S.DECLINED, note or "Declined by the applicant.")
    return result


# --- guardian consent -------------------------------------------------------------


def consent_token(consent: GuardianConsent) -> str:
    return signing.TimestampSigner(salt=CONSENT_SALT).sign_object(
        {"c": consent.pk, "n": consent.nonce}
    )


def consent_url(consent: GuardianConsent) -> str:
    return f"{settings.SITE_URL}/consent/{consent_token(consent)}/"


def call_closed(event: Event, now: dt.datetime | None = None) -> bool:
    """Whether the call for applications has ended: at its closing time, or at the
    event's start for a call without one."""
    closes = event.applications_close_at or event.starts_at()
    return (now or timezone.now()) >= closes


@transaction.atomic
def guardian_consent_request(
    *, application: Application, not_after: dt.datetime | None = None
) -> GuardianConsent:
    """Ask the named guardian for consent: a new row, a signed link, the signal.

    Any earlier unanswered link stops working (a new nonce is issued per request). The
    link is valid for the call's consent days, and never past ``not_after``. Refused
    (400, field named) when the guardian's name or address is missing or the address is
    one of the applicant's own.
    """
    for key in ("guardian_name", "guardian_email"):
        if not getattr(application, key).strip():
            raise BridgesError(
                _("Applicants under 18 must name a parent or guardian."),
                code="guardian_missing",
                field=key,
            )
    _check_guardian_address(application)
    call = call_settings_for(application.event)
    now = timezone.now()
    days = min(dt.timedelta(days=call.guardian_consent_days), CONSENT_MAX_AGE)
    expires_at = now + days if not_after is None else min(now + days, not_after)
    consent = GuardianConsent.objects.create(
        application=application,
        guardian_name=application.guardian_name,
        guardian_email=application.guardian_email,
        guardian_relation=application.guardian_relation,
        nonce=secrets.token_hex(16),
        consent_text_version=call.guardian_consent_version or DEFAULT_CONSENT_VERSION,
        consent_text=call.guardian_consent_text or DEFAULT_CONSENT_TEXT,
        expires_at=expires_at,
    )
    GuardianConsent.objects.filter(application=application, consented_at__isnull=True).exclude(
        pk=consent.pk
    ).update(expires_at=now)
    guardian_consent_requested.send(
        sender=Application,
        application=application,
        consent=consent,
        consent_url=consent_url(consent),
    )
    return consent


@transaction.atomic
def guardian_consent_resend(*, application: Application, by) -> GuardianConsent:
    """The applicant asks for a fresh link (the old one stops working)."""
    locked = Application.objects.select_for_update().select_related("event").get(pk=application.pk)
    if by is None or locked.applicant_id != by.pk:
        raise BridgesError(_("Only the applicant can do this."), code="forbidden", status=403)
    if locked.status != S.AWAITING_GUARDIAN_CONSENT:
        raise ConflictError(
            _("This application is not waiting for consent."), code="not_awaiting_consent"
        )
    pending_until = _pending_consent_expiry(locked)
    if not consent_resend_allowed(locked, pending_until=pending_until):
        raise ConflictError(
            _("The call has closed and the consent link has expired, so we cannot send a new one."),
            code="consent_window_closed",
        )
    # After the call has closed a new link replaces a lost one but keeps its deadline:
    # resending must not hold an application open past the consent window it had.
    not_after = pending_until if call_closed(locked.event) else None
    consent = guardian_consent_request(application=locked, not_after=not_after)
    _history_note(locked, by=by, note=f"Consent link sent again to {consent.guardian_email}.")
    return consent


def _history_note(application: Application, *, by, note: str) -> StatusChange:
    """An entry in the application's history that does not change its status (who changed
    the guardian, who asked for a new link): the one audit trail of an application."""
    return StatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        by=by,
        note=note[:500],
    )


@transaction.atomic
def application_guardian_change(
    *, application: Application, by, guardian: Mapping[str, Any], note: str = ""
) -> GuardianConsent:
    """The organisers correct a minor's parent or guardian while consent is awaited, and
    a fresh consent link goes to the new address (earlier links stop working).

    The caller checks that ``by`` manages the event. All three guardian fields are
    required; the address must not be one of the applicant's. Writes a history entry
    naming the old and new address. Raises BridgesError (400, field named) or
    ConflictError (not_awaiting_consent)."""
    locked = (
        Application.objects.select_for_update()
        .select_related("event", "applicant")
        .get(pk=application.pk)
    )
    if locked.status != S.AWAITING_GUARDIAN_CONSENT:
        raise ConflictError(
            _("This application is not waiting for consent."), code="not_awaiting_consent"
        )
    for key in GUARDIAN_FIELDS:
        if not str(guardian.get(key) or "").strip():
            raise BridgesError(_("This field is required."), code="required", field=key)
    before = locked.guardian_email
    _apply_guardian(locked, guardian)
    locked.save(update_fields=[*GUARDIAN_FIELDS, "updated_at"])
    _history_note(
        locked,
        by=by,
        note=f"Guardian changed by the organisers from {before} to {locked.guardian_email}."
        + (f" {note}" if note else ""),
    )
    consent = guardian_consent_request(application=locked)
    _copy_state(locked, application)
    return consent


def consent_resend_allowed(
    application: Application, *, pending_until: dt.datetime | None, now: dt.datetime | None = None
) -> bool:
    """Whether the applicant may have the consent link sent again: while the call is
    open, and after it only while a link is still valid (``pending_until``)."""
    return application.status == S.AWAITING_GUARDIAN_CONSENT and (
        pending_until is not None or not call_closed(application.event, now)
    )


def _pending_consent_expiry(
    application: Application, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When the application's unanswered, still valid consent link expires (None: none)."""
    return (
        selectors.valid_consent_links(at=now or timezone.now())
        .filter(application=application)
        .values_list("expires_at", flat=True)
        .first()
    )


def guardian_consents_lapse(*, now: dt.datetime | None = None) -> int:
    """Close the applications whose guardian never consented: the call has ended and no
    consent link has been valid for LAPSE_GRACE. Each is re-checked under its row lock
    in its own transaction, so a second run (or a second beat process) changes nothing.
    The grace lets a consent that was sent just before its link expired commit first:
    the consent page checks the expiry only once it holds the same row lock."""
    now = now or timezone.now()
    expired_before = now - LAPSE_GRACE
    still_valid = selectors.valid_consent_links(at=expired_before).filter(
        application=OuterRef("pk")
    )
    # A superset for calls without a closing time (they end at the event's local
    # midnight, which no UTC date pins down); call_closed decides exactly below.
    due = list(
        Application.objects.filter(status=S.AWAITING_GUARDIAN_CONSENT)
        .filter(
            Q(event__applications_close_at__lte=now)
            | Q(
                event__applications_close_at__isnull=True,
                event__start_date__lte=(now + dt.timedelta(days=1)).date(),
            )
        )
        .exclude(Exists(still_valid))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    lapsed = 0
    for pk in due:
        with transaction.atomic():
            locked = (
                Application.objects.select_for_update(of=("self",))
                .select_related("event")
                .filter(pk=pk)
                .first()
            )
            if (
                locked is None
                or locked.status != S.AWAITING_GUARDIAN_CONSENT
                or not call_closed(locked.event, now)
                or _pending_consent_expiry(locked, expired_before) is not None
            ):
                continue
            _transition_locked(
                locked,
                to_status=S.CONSENT_LAPSED,
                by=None,
                note="The guardian did not consent before the call closed.",
                event=locked.event,
            )
            lapsed += 1
    return lapsed


def guardian_consent_from_token(*, token: str) -> GuardianConsent:
    """The unanswered consent request a link points to (for showing the consent page).

    Raises BridgesError code consent_link_invalid (404), consent_link_expired or
    consent_already_given (410).
    """
    try:
        data = signing.TimestampSigner(salt=CONSENT_SALT).unsign_object(
            token, max_age=CONSENT_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise BridgesError(
            _("This consent link has expired."), code="consent_link_expired", status=410
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BridgesError(
            _("This consent link is not valid."), code="consent_link_invalid", status=404
        ) from None
    consent = (
        GuardianConsent.objects.select_related(
            "application__event", "application__applicant__profile"
        )
        .filter(
            pk=data.get("c") if isinstance(data, dict) else None,
            nonce=data.get("n") if isinstance(data, dict) else None,
        )
        .first()
    )
    if consent is None:
        raise BridgesError(
            _("This consent link is not valid."), code="consent_link_invalid", status=404
        )
    if consent.consented_at is not None:
        # A used link shows nothing about the applicant or the guardian any more: it may
        # sit in a shared inbox or browser history long after it did its job.
        raise BridgesError(
            _("Consent was already given on %(when)s (UTC). Thank you.")
            % {"when": consent.consented_at.strftime("%Y-%m-%d %H:%M")},
            code="consent_already_given",
            status=410,
        )
    if timezone.now() >= consent.expires_at:
        raise BridgesError(
            _("This consent link has expired."), code="consent_link_expired", status=410
        )
    return consent


@transaction.atomic
def guardian_consent_give(*, token: str, ip: str | None, user_agent: str = "") -> GuardianConsent:
    """Record the guardian's consent and submit the application. Idempotent for a used link."""
    consent = guardian_consent_from_token(token=token)
    # The application first, then the consent: the order of a resend and of the lapse
    # scan, so none of them can deadlock with another.
    application = Application.objects.select_for_update().get(pk=consent.application_id)
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.consented_at is not None:
        return consent
    if timezone.now() >= consent.expires_at:
        raise BridgesError(
            _("This consent link has expired."), code="consent_link_expired", status=410
        )
    if application.status != S.AWAITING_GUARDIAN_CONSENT:
        raise ConflictError(
            _("This application is no longer waiting for consent."), code="not_awaiting_consent"
        )
    if consent.guardian_email.strip().lower() in applicant_addresses(application.applicant):
        # The applicant has since added the guardian's address to their own account.
        raise ConflictError(
            _("This consent cannot be recorded; please contact the organisers."),
            code="guardian_email_is_applicants",
        )
    consent.consented_at = timezone.now()
    consent.consented_ip = ip or None
    consent.consented_user_agent = (user_agent or "")[:300]
    consent.save(update_fields=["consented_at", "consented_ip", "consented_user_agent"])
    application_transition(
        application=application,
        to_status=S.SUBMITTED,
        by=None,
        note=f"Guardian {consent.guardian_name} consented (text {consent.consent_text_version}).",
    )
    return consent


# --- documents ------------------------------------------------------------------


def document_upload(
    *, owner, uploaded, kind: str = DocumentKind.OTHER, application: Application | None = None
) -> Document:
    """Check the file by content and size, store it privately, record it.

    Nothing is stored when this raises: the file is removed if the row cannot be saved.
    """
    if kind not in DocumentKind.values:
        raise BridgesError(_("Choose a document kind from the list."), field="kind")
    if application is not None:
        if application.applicant_id != owner.pk:
            raise BridgesError(
                _("Only the applicant can upload documents."), code="forbidden", status=403
            )
        if application.status not in (S.DRAFT, *EDITABLE_AFTER_SUBMIT_STATUSES):
            raise ConflictError(
                _("Documents can no longer be added to this application."), code="not_editable"
            )
    stored = storage.store_upload(uploaded)
    try:
        with transaction.atomic():
            if application is not None:
                _check_document_quota(application, stored.size)
            return Document.objects.create(
                owner=owner,
                application=application,
                kind=kind,
                storage_name=stored.storage_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
    except BaseException:
        storage.delete_stored(stored.storage_name)
        raise


def _check_document_quota(application: Application, size: int) -> None:
    """The application's document count and total size, decided under its row lock so
    that parallel uploads cannot together pass the limits. Call inside a transaction."""
    if DOCUMENT_QUOTA_LOCKING_ENABLED:
        Application.objects.select_for_update().filter(pk=application.pk).first()
    held = Document.objects.filter(application_id=application.pk).aggregate(
        count=Count("pk"), size=Sum("size")
    )
    most = settings.UPLOAD_MAX_DOCUMENTS_PER_APPLICATION
    if held["count"] + 1 > most:
        raise ConflictError(
            _("An application can hold at most %(n)s documents; remove one first.") % {"n": most},
            code="too_many_documents",
            field="file",
        )
    budget = settings.UPLOAD_MAX_BYTES_PER_APPLICATION
    if (held["size"] or 0) + size > budget:
        raise BridgesError(
            _(
                "The documents of an application may weigh %(mb)s MB in all; this file "
                "would take them over. Remove one or upload a smaller file."
            )
            % {"mb": budget // (1024 * 1024)},
            code="application_documents_too_large",
            field="file",
            status=413,
        )


@transaction.atomic
def document_delete(*, document: Document, by) -> None:
    if document.owner_id != by.pk:
        raise BridgesError(_("Only the owner can delete a document."), code="forbidden", status=403)
    if document.application_id and document.application.status not in (
        S.DRAFT,
        *EDITABLE_AFTER_SUBMIT_STATUSES,
    ):
        raise ConflictError(
            _("This document belongs to a decided application."), code="not_editable"
        )
    name = document.storage_name
    document.delete()
    transaction.on_commit(lambda: storage.delete_stored(name))


# --- profile photo ----------------------------------------------------------------


def profile_photo_set(*, user, uploaded) -> Profile:
    """Store a new profile photo (checked and re-encoded) in place of any previous one.

    Raises BridgesError (400, field "photo") for a refused file; nothing is stored then.
    """
    stored = storage.store_photo(uploaded)
    try:
        with transaction.atomic():
            profile_for(user)
            profile = Profile.objects.select_for_update().get(user=user)
            previous = profile.photo_storage_name
            profile.photo_storage_name = stored.storage_name
            profile.photo_content_type = stored.content_type
            profile.photo_updated_at = timezone.now()
            profile.save(
                update_fields=[
                    "photo_storage_name",
                    "photo_content_type",
                    "photo_updated_at",
                    "updated_at",
                ]
            )
            if previous:
                transaction.on_commit(lambda: storage.delete_stored(previous))
    except BaseException:
        storage.delete_stored(stored.storage_name)
        raise
    user.profile = profile  # later reads through this user object see the new photo
    return profile


@transaction.atomic
def profile_photo_delete(*, user) -> None:
    """Remove the user's photo (row fields now, file once committed); quiet if none."""
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is None or not profile.photo_storage_name:
        return
    name = profile.photo_storage_name
    profile.photo_storage_name = ""
    profile.photo_content_type = ""
    profile.photo_updated_at = None
    profile.save(
        update_fields=["photo_storage_name", "photo_content_type", "photo_updated_at", "updated_at"]
    )
    user.profile = profile
    transaction.on_commit(lambda: storage.delete_stored(name))


# --- privacy --------------------------------------------------------------------


def my_data_export(user) -> dict[str, Any]:
    """Everything Bridges holds about ``user`` as applicant, as JSON-ready data."""
    return selectors.personal_data(user)


@transaction.atomic
def account_delete(*, user, password: str | None = None, require_password: bool = True) -> None:
    """Erase the user's personal data and close the account.

    The user row stays (other records point at it) but is scrubbed and deactivated;
    the profile, answers, documents (rows and files) and guardian details are deleted
    or blanked; applications keep only status, country, gender and dates so counts
    and quota statistics stay right. Irreversible.
    """
    if require_password and (not password or not user.check_password(password)):
        raise BridgesError(
            _("The password is not correct."), code="wrong_password", field="password"
        )
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    names = list(Document.objects.filter(owner=user).values_list("storage_name", flat=True))
    Document.objects.filter(owner=user).delete()
    applications = Application.objects.filter(applicant=user)
    Answer.objects.filter(application__in=applications).delete()
    GuardianConsent.objects.filter(application__in=applications).update(
        guardian_name="",
        guardian_email="deleted@invalid",
        guardian_relation="",
        consented_ip=None,
        consented_user_agent="",
    )
    for application in applications.filter(status__in=WITHDRAWABLE_STATUSES).order_by("pk"):
        # A deleted account cannot take part: release its seat or pending request. The
        # history keeps what the application was; decided ones keep their final status.
        application_transition(
            application=application, to_status=S.WITHDRAWN, by=None, note="Account deleted."
        )
    applications.update(
        date_of_birth=None,
        guardian_name="",
        guardian_email="",
        guardian_relation="",
        anonymised_at=now,
    )
    names += [
        name
        for name in Profile.objects.filter(user=user).values_list("photo_storage_name", flat=True)
        if name
    ]
    Profile.objects.filter(user=user).delete()
    user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    if "rest_framework.authtoken" in settings.INSTALLED_APPS:
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
    transaction.on_commit(lambda: [storage.delete_stored(n) for n in names])
