"""Organisers' own wording for a kind of message in their event: checking it, previewing
it, saving and deleting the override."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.content_language import column
from backend.errors import BridgesError
from participants.accounts import greeting_name
from programmes.models import Event

from ..enums import OVERRIDABLE_KINDS
from ..models import TemplateOverride
from ..rendering import render, time_entry, unknown_placeholders


def _check_override(*, kind: str, language: str, subject: str, body: str) -> None:
    if kind not in OVERRIDABLE_KINDS:
        raise BridgesError(_("Unknown message kind."), code="invalid_kind", field="kind")
    if language and language not in {code for code, _n in settings.LANGUAGES}:
        raise BridgesError(_("Unknown language."), code="invalid_language", field="language")
    _check_text(subject=subject, body=body)


def _check_text(*, subject: str, body: str) -> None:
    if not subject.strip():
        raise BridgesError(_("Write a subject."), code="required", field="subject")
    if len(subject) > 300:
        raise BridgesError(
            _("The subject is longer than 300 characters."), code="too_long", field="subject"
        )
    if not body.strip():
        raise BridgesError(_("Write the message."), code="required", field="body")
    for name, text in (("subject", subject), ("body", body)):
        unknown = unknown_placeholders(text)
        if unknown:
            raise BridgesError(
                _("Unknown placeholder(s): %(names)s.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)},
                code="unknown_placeholder",
                field=name,
            )


def sample_context(*, event: Event, kind: str, user) -> dict:
    """What a preview is rendered with: the organiser as recipient, the event's first
    session (or 09:00 on its first day) as the session."""
    session = event.sessions.select_related("venue").order_by("starts_at").first()
    if session is not None:
        title, starts, zone = session.title, session.starts_at, str(session.zone)
    else:
        title = _("Opening session")
        starts = dt.datetime.combine(event.start_date, dt.time(9, 0), tzinfo=event.zone)
        zone = event.time_zone
    return {
        "first_name": greeting_name(user),
        "event_title": event.title,
        "session_title": title,
        "times": {"session_start": time_entry(starts, zone)},
        "link": f"{settings.SITE_URL}/",
        "offer_expires": "",
    }


def template_preview(
    *, event: Event, kind: str, language: str, subject: str, body: str, user
) -> dict:
    _check_override(kind=kind, language=language, subject=subject, body=body)
    subject_out, text, html = render(
        kind=kind,
        template=kind,
        context=sample_context(event=event, kind=kind, user=user),
        language=language or settings.LANGUAGE_CODE,
        recipient_id=user.pk,
        site_url=settings.SITE_URL,
        override=(subject, body),
    )
    return {"subject": subject_out, "text": text, "html": html}


# What the audit log records of a template change.
AUDITED_FIELDS = ("subject", "body")


def template_override_save(
    *, event: Event, kind: str, language: str, subject: str, body: str, by
) -> TemplateOverride:
    _check_override(kind=kind, language=language, subject=subject, body=body)
    with transaction.atomic():
        old = TemplateOverride.objects.filter(event=event, kind=kind, language=language).first()
        override, _created = TemplateOverride.objects.update_or_create(
            event=event,
            kind=kind,
            language=language,
            defaults={"subject": subject, "body": body, "updated_by": by},
        )
        before = snapshot(old, AUDITED_FIELDS) if old else dict.fromkeys(AUDITED_FIELDS)
        log_action(override, "notifications.template.saved", user=by, before=before)
    return override


@transaction.atomic
def template_override_delete(*, override: TemplateOverride) -> None:
    changes = removed(override, AUDITED_FIELDS)
    log_action(override, "notifications.template.deleted", data={"changes": changes})
    override.delete()


@transaction.atomic
def template_overrides_save_languages(
    *, event: Event, kind: str, texts: dict[str, tuple[str, str]], by
) -> list[TemplateOverride]:
    """One kind's templates in several languages at once (the side-by-side page): each
    language with a subject or a body is saved, one left empty loses its own template
    (its readers get the fallback). All or nothing: a refused language refuses the lot,
    its error naming that language's field (``subject_fr``)."""
    saved = []
    for language, (subject, body) in texts.items():
        if not (subject.strip() or body.strip()):
            continue
        try:
            _check_override(kind=kind, language=language, subject=subject, body=body)
        except BridgesError as exc:
            if exc.field in ("subject", "body"):
                exc.field = column(exc.field, language)
            raise
    for language, (subject, body) in texts.items():
        if subject.strip() or body.strip():
            saved.append(
                template_override_save(
                    event=event, kind=kind, language=language, subject=subject, body=body, by=by
                )
            )
            continue
        override = TemplateOverride.objects.filter(event=event, kind=kind, language=language)
        for row in override:
            template_override_delete(override=row)
    return saved
