"""What the organiser's back-office pages add to the delegations services: texts in every
working language (partners' names, the letter), the letter's preview in one language, and
reminding now those who have not answered. Each wraps the existing service and keeps its
rules (``partner_save``, ``delegation_settings_update``, ``invitation_letter_pdf``, the
reminder scan's counter, message keys and signed links)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.content_language import column, content_languages
from backend.content_writing import texts_in_languages
from backend.errors import BridgesError
from notifications.enums import MessageKind
from programmes.models import Event, Organisation

from ..enums import AWAITING_REPLY, DocumentKind, Visibility
from ..models import DelegationSettings, EventPartner, MeetingDocument, Partner
from .common import settings_for
from .invitations import (
    MAX_REMINDERS,
    _notify_focal_points,
    delegation_settings_update,
    partner_save,
)

PARTNER_TEXTS = ("official_name", "alphabetical_name")
LETTER_TEXTS = ("letter_subject", "letter_template")


def _languages(languages: Sequence[str]) -> list[str]:
    known = [code for code in languages if code in content_languages()]
    return known or [settings.LANGUAGE_CODE]


def _columns(fields: Sequence[str], languages: Sequence[str]) -> list[str]:
    return [column(name, code) for name in fields for code in languages]


def _set_texts(instance, fields: Sequence[str], texts: Mapping[str, Any], languages) -> None:
    for name in fields:
        for code in languages:
            key = column(name, code)
            if key in texts:
                setattr(instance, key, (texts[key] or "").strip())
        # The untranslated column follows the first language (ordering, the admin's lists).
        instance.__dict__[name] = getattr(instance, column(name, languages[0])) or ""


@transaction.atomic
def partner_save_in_languages(
    *,
    organisation: Organisation,
    key: str,
    data: Mapping[str, Any],
    texts: Mapping[str, Any],
    languages: Sequence[str],
    focal_points: Iterable | None = None,
    by,
) -> Partner:
    """``partner_save`` with the official and "alphabetical as" names in each of
    ``languages`` (``texts``: ``{"official_name_fr": ...}``); the first language's official
    name is required; a name in a language not in ``languages`` is refused (400 naming
    its column, ``backend.content_writing``). The name changes go into the same audit
    entry kind."""
    languages = _languages(languages)
    first = column("official_name", languages[0])
    if not str(texts.get(first) or "").strip():
        raise BridgesError(_("This field is required."), field=first)
    names = _columns(PARTNER_TEXTS, languages)
    existing = (
        Partner.objects.select_for_update().filter(organisation=organisation, key=key).first()
    )
    texts = texts_in_languages(texts, PARTNER_TEXTS, languages, instance=existing)
    before = snapshot(existing, names) if existing else None
    plain = {
        **data,
        "official_name": texts[first],
        "alphabetical_name": texts.get(column("alphabetical_name", languages[0])) or "",
    }
    with translation.override(languages[0]):
        partner = partner_save(
            organisation=organisation, key=key, data=plain, focal_points=focal_points, by=by
        )
    _set_texts(partner, PARTNER_TEXTS, texts, languages)
    with translation.override(languages[0]):  # the untranslated column saves what it reads
        partner.save(update_fields=[*names, *PARTNER_TEXTS])
    if before is not None:
        log_action(partner, "delegations.partner.saved", user=by, before=before)
    return partner


@transaction.atomic
def letter_update(
    *, event: Event, data: Mapping[str, Any], texts: Mapping[str, Any], by
) -> DelegationSettings:
    """``delegation_settings_update`` for the letter's plain settings (``data``), then the
    letter's subject and text in each working language (``texts``; another language is
    refused, ``backend.content_writing``), audited as a settings change."""
    texts = texts_in_languages(
        texts, LETTER_TEXTS, event.working_languages, instance=settings_for(event)
    )
    row = delegation_settings_update(event=event, data=data, by=by)
    languages = _languages(event.working_languages or [])
    names = _columns(LETTER_TEXTS, languages)
    before = snapshot(row, names)
    _set_texts(row, LETTER_TEXTS, texts, languages)
    with translation.override(languages[0]):
        row.save(update_fields=[*names, *LETTER_TEXTS])
    log_action(row, "delegations.settings.changed", user=by, before=before, event=event)
    return row


def letter_preview_pdf(*, delegation: EventPartner, language: str) -> bytes:
    """The invitation letter as ``invitation_letter_pdf`` renders it, in ``language``
    instead of the meeting's language (nothing saved)."""
    from .invitations import invitation_letter_pdf

    event = delegation.event
    config = copy.copy(settings_for(event))
    config.meeting_language = language
    saved = event.__dict__.get("_delegation_settings")
    event._delegation_settings = config
    try:
        return invitation_letter_pdf(delegation=delegation)
    finally:
        event._delegation_settings = saved


def invitation_reminders_send_now(*, event: Event, by) -> int:
    """Remind now the focal points of the event's delegations that have not answered, as
    the periodic scan does (same counter, at most MAX_REMINDERS, same message key for
    each reminder's number, so the scan never repeats one sent here), without waiting
    for ``reminder_days``. Returns how many delegations were reminded."""
    ids = list(
        EventPartner.objects.filter(
            event=event,
            invitation_status__in=AWAITING_REPLY,
            invited_at__isnull=False,
            reminders_sent__lt=MAX_REMINDERS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            delegation = (
                EventPartner.objects.select_for_update(of=("self",))
                .select_related("partner")
                .filter(
                    pk=pk,
                    invitation_status__in=AWAITING_REPLY,
                    reminders_sent__lt=MAX_REMINDERS,
                )
                .first()
            )
            if delegation is None:
                continue
            delegation.event = event
            number = delegation.reminders_sent + 1
            delegation.reminders_sent = number
            delegation.save(update_fields=["reminders_sent"])
            log_action(
                delegation,
                "delegations.invitation.reminded",
                user=by,
                event=event,
                data={"number": number, "at": timezone.now().isoformat()},
            )
            _notify_focal_points(
                delegation,
                kind=MessageKind.DELEGATION_REMINDER,
                template="delegation_reminder",
                key=f"delegations.reminder:{delegation.pk}:{number}",
            )
            sent += 1
    return sent


@transaction.atomic
def document_update(
    *,
    document: MeetingDocument,
    title: str,
    kind: str,
    visibility: str,
    by,
    texts: Mapping[str, str] | None = None,
):
    """Change a meeting document's title, kind or visibility (its symbol and files stay).
    Who may read it follows at once (``document_visible_to``); nobody is told, as no new
    version is published. ``texts``: the title by language (``{"title_fr": ...}``),
    which then replaces ``title`` (a plain title writes the active language's column)."""
    columns = {k: (v or "").strip()[:300] for k, v in (texts or {}).items()}
    if set(columns) - {column("title", code) for code in content_languages()}:
        raise BridgesError(_("This field cannot be set here."), field="title")
    title = (title or "").strip()
    if not title:
        raise BridgesError(_("This field is required."), field="title")
    if kind not in DocumentKind.values:
        raise BridgesError(_("Choose a kind from the list."), field="kind")
    if visibility not in Visibility.values:
        raise BridgesError(_("Choose a visibility from the list."), field="visibility")
    row = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    before = snapshot(row, ("title", "kind", "visibility", *columns))
    if columns:
        for name, value in columns.items():
            setattr(row, name, value or None)
    else:
        row.title = title[:300]
    row.kind, row.visibility = kind, visibility
    row.save(update_fields=["title", "kind", "visibility", *columns])
    log_action(row, "delegations.document.changed", user=by, before=before, event=row.event)
    return row
