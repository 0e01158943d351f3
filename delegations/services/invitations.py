"""The partner directory, each event's invited partners, and their invitations: the
letter (an organiser-editable template, as a PDF), sending it to the focal points through
the outbox, the focal point's answer, and reminders to those who have not answered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.errors import BridgesError, ConflictError
from backoffice.organisation_logo import logo_bytes
from notifications.enums import MessageKind
from programmes.models import Event, Organisation

from ..enums import AWAITING_REPLY, InvitationStatus, Participation, PartnerKind
from ..models import DEFAULT_LETTER, DelegationSettings, EventPartner, Partner
from ..pdf import LetterData, render_letter_pdf
from .accounts import invitation_link_url
from .common import delegation_url, notify, settings_for
from .nominations import delegation_withdraw_all, seats_taken

PARTNER_FIELDS = ("kind", "country", "official_name", "alphabetical_name", "programme")
SETTINGS_FIELDS = (
    "nomination_cutoff",
    "reply_by",
    "meeting_language",
    "drawn_letter",
    "host_first",
    "chair",
    "chair_placement",
    "seating_layout",
    "letter_subject",
    "letter_template",
    "reminder_days",
)
MAX_REMINDERS = 3


@transaction.atomic
def partner_save(
    *,
    organisation: Organisation,
    key: str,
    data: Mapping[str, Any],
    focal_points: Iterable | None = None,
    by=None,
) -> Partner:
    """Create or change a partner of the organisation's directory (by its key)."""
    if data.get("kind") not in PartnerKind.values:
        raise BridgesError(_("Choose a country or an organisation."), field="kind")
    if not str(data.get("official_name", "")).strip():
        raise BridgesError(_("This field is required."), field="official_name")
    partner = Partner.objects.select_for_update().filter(organisation=organisation, key=key).first()
    before = snapshot(partner, PARTNER_FIELDS) if partner else None
    if partner is None:
        partner = Partner(organisation=organisation, key=key)
    for name in PARTNER_FIELDS:
        if name in data:
            setattr(partner, name, data[name] or ("" if name != "programme" else None))
    partner.save()
    if focal_points is not None:
        partner.focal_points.set(list(focal_points))
    log_action(
        partner,
        "delegations.partner.saved",
        user=by,
        before=before,
        data={} if before else {"created": True},
    )
    return partner


@transaction.atomic
def delegation_invite(
    *,
    event: Event,
    partner: Partner,
    participation: str,
    seats: int = 3,
    advisers_allowed: bool = False,
    max_advisers: int | None = None,
    media_seats: int = 0,
    by=None,
) -> EventPartner:
    """Add a partner to the event's invited partners, or change its participation and
    allocation. Fewer seats than it has nominated is refused."""
    if partner.organisation_id != event.organisation_id:
        raise BridgesError(
            _("This partner is in another organisation's directory."), field="partner"
        )
    if participation not in Participation.values:
        raise BridgesError(_("Choose a participation status from the list."), field="participation")
    if not isinstance(seats, int) or seats < 1 or seats > 50:
        raise BridgesError(_("Give between 1 and 50 seats."), field="seats")
    if max_advisers is not None and (
        not isinstance(max_advisers, int)
        or isinstance(max_advisers, bool)
        or not 0 <= max_advisers <= 50
    ):
        raise BridgesError(_("Give between 0 and 50 places."), field="max_advisers")
    if (
        not isinstance(media_seats, int)
        or isinstance(media_seats, bool)
        or not 0 <= media_seats <= 50
    ):
        raise BridgesError(_("Give between 0 and 50 places."), field="media_seats")
    delegation = (
        EventPartner.objects.select_for_update().filter(event=event, partner=partner).first()
    )
    before = (
        snapshot(
            delegation,
            ("participation", "seats", "advisers_allowed", "max_advisers", "media_seats"),
        )
        if delegation
        else None
    )
    if delegation is None:
        delegation = EventPartner(event=event, partner=partner)
    elif seats + delegation.extra_seats < _seated(delegation):
        raise ConflictError(
            _("The delegation has already named more people than that."),
            code="seats_in_use",
        )
    delegation.participation = participation
    delegation.seats = seats
    delegation.advisers_allowed = advisers_allowed
    delegation.max_advisers = max_advisers
    delegation.media_seats = media_seats
    try:
        with transaction.atomic():
            delegation.save()
    except IntegrityError:
        raise ConflictError(_("This partner is invited already."), code="duplicate") from None
    log_action(delegation, "delegations.delegation.invited", user=by, before=before, event=event)
    return delegation


def _seated(delegation: EventPartner) -> int:
    return seats_taken(delegation)


@transaction.atomic
def delegation_settings_update(*, event: Event, data: Mapping[str, Any], by) -> DelegationSettings:
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise BridgesError(_("This field cannot be changed here."), field=sorted(unknown)[0])
    current = settings_for(event)
    row = DelegationSettings.objects.select_for_update().get(pk=current.pk)
    before = snapshot(row, SETTINGS_FIELDS)
    letter = str(data.get("drawn_letter", row.drawn_letter) or "")
    if letter and (len(letter) != 1 or not letter.isalpha()):
        raise BridgesError(_("Draw one letter."), field="drawn_letter")
    chair = data.get("chair", row.chair)
    if chair is not None and chair.event_id != event.pk:
        raise BridgesError(_("The chair must be one of this event's delegations."), field="chair")
    for name, value in data.items():
        setattr(row, name, value)
    row.drawn_letter = letter.upper()
    row.save()
    event._delegation_settings = row
    log_action(row, "delegations.settings.changed", user=by, before=before, event=event)
    return row


# ------------------------------------------------------------------ the letter


def _dates(event: Event) -> str:
    if event.start_date == event.end_date:
        return formats.date_format(event.start_date, "j F Y")
    return (
        f"{formats.date_format(event.start_date, 'j F Y')} – "
        f"{formats.date_format(event.end_date, 'j F Y')}"
    )


def letter_values(delegation: EventPartner) -> dict[str, str]:
    event = delegation.event
    config = settings_for(event)
    leg = event.legs.order_by("start_date").first() if hasattr(event, "legs") else None
    reply_by = (
        formats.date_format(config.reply_by.astimezone(event.zone).date(), "j F Y")
        if config.reply_by
        else "—"
    )
    return {
        "partner_name": delegation.partner.official_name,
        "organisation_name": event.organisation.name,
        "event_title": event.title,
        "place": getattr(leg, "city", "") or str(event.host_country.name),
        "dates": _dates(event),
        "participation": str(Participation(delegation.participation).label),
        "seats": str(delegation.seat_limit),
        "reply_by": reply_by,
        "link": delegation_url(delegation),
    }


def _fill(text: str, values: Mapping[str, str]) -> str:
    # Known names only, by plain replacement: an organiser's text never reaches format().
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def invitation_letter_pdf(*, delegation: EventPartner) -> bytes:
    """The invitation letter in the meeting's working language, on the organisation's
    letterhead, from the organiser's template (or the default one)."""
    event = delegation.event
    config = settings_for(event)
    with translation.override(config.meeting_language or settings.LANGUAGE_CODE):
        values = letter_values(delegation)
        template = config.letter_template or str(DEFAULT_LETTER)
        subject = config.letter_subject or _("Invitation: %(event)s") % {"event": event.title}
        return render_letter_pdf(
            LetterData(
                letterhead=event.organisation.name,
                logo=logo_bytes(event.organisation),
                subject=_fill(subject, values),
                body=_fill(template, values),
                date_line=formats.date_format(
                    (delegation.invited_at or timezone.now()).astimezone(event.zone).date(),
                    "j F Y",
                ),
            )
        )


# ------------------------------------------------------------------ sending and answers


def _letter_link(delegation: EventPartner) -> str:
    return settings.SITE_URL + reverse("delegations:letter", args=[delegation.pk])


def _notify_focal_points(delegation: EventPartner, *, kind: str, template: str, key: str) -> int:
    """The invitation (or its reminder) to each focal point, each with their own signed
    link (``accounts.invitation_link_url``: sign in, or set up the account, and land on
    the delegation)."""
    sent = 0
    for user in delegation.partner.focal_points.all():
        sent += notify(
            kind=kind,
            template=template,
            key=key,
            recipients=[user],
            event=delegation.event,
            context={
                "partner_name": delegation.partner.official_name,
                "link": invitation_link_url(delegation, user),
                "letter_link": _letter_link(delegation),
            },
        )
    return sent


@transaction.atomic
def invitations_send(*, event: Event, by, delegations: Iterable[EventPartner] | None = None) -> int:
    """Send the invitation to every invited partner not yet invited (or those given):
    status invited, one message per focal point with the letter's link. Returns how many
    delegations were invited; a second call sends nothing new."""
    rows = EventPartner.objects.select_for_update(of=("self",)).filter(
        event=event, invitation_status=InvitationStatus.NOT_SENT
    )
    if delegations is not None:
        rows = rows.filter(pk__in=[d.pk for d in delegations])
    rows = list(rows.select_related("partner", "event__organisation").order_by("pk"))
    now = timezone.now()
    for delegation in rows:
        delegation.invitation_status = InvitationStatus.INVITED
        delegation.invited_at = now
        delegation.save(update_fields=["invitation_status", "invited_at"])
        log_action(delegation, "delegations.invitation.sent", user=by, event=event)
        _notify_focal_points(
            delegation,
            kind=MessageKind.DELEGATION_INVITATION,
            template="delegation_invitation",
            key=f"delegations.invitation:{delegation.pk}",
        )
    return len(rows)


ANSWERS = {InvitationStatus.ACKNOWLEDGED, InvitationStatus.DECLINED}


@transaction.atomic
def invitation_answer(*, delegation: EventPartner, answer: str, by) -> EventPartner:
    """The focal point acknowledges or declines. Declining withdraws the delegation's own
    nominees (the seats it held) and nothing else."""
    if answer not in ANSWERS:
        raise BridgesError(_("Answer acknowledged or declined."), field="answer")
    locked = EventPartner.objects.select_for_update().get(pk=delegation.pk)
    current = InvitationStatus(locked.invitation_status)
    if current == InvitationStatus.NOT_SENT:
        raise ConflictError(_("This invitation has not been sent yet."), code="not_invited")
    if current == InvitationStatus.DECLINED:
        raise ConflictError(_("This invitation was declined."), code="declined")
    if current == answer:
        return locked
    before = snapshot(locked, ("invitation_status",))
    locked.invitation_status = answer
    locked.answered_at = timezone.now()
    locked.save(update_fields=["invitation_status", "answered_at"])
    log_action(
        locked, "delegations.invitation.answered", user=by, before=before, event=locked.event
    )
    if answer == InvitationStatus.DECLINED:
        delegation_withdraw_all(delegation=locked, by=by)
    delegation.invitation_status = locked.invitation_status
    delegation.answered_at = locked.answered_at
    return locked


def invitation_reminders_send(*, now: dt.datetime | None = None) -> int:
    """The periodic scan: remind the focal points of delegations that have not answered,
    every ``reminder_days`` after the invitation, at most MAX_REMINDERS times. Each
    reminder is claimed under the delegation's row lock and keyed by its number, so two
    beat processes never send one twice. Past the reply-by date, status no reply."""
    now = now or timezone.now()
    sent = 0
    candidates = (
        EventPartner.objects.filter(
            invitation_status__in=AWAITING_REPLY,
            invited_at__isnull=False,
            reminders_sent__lt=MAX_REMINDERS,
            event__end_date__gte=(now - dt.timedelta(days=1)).date(),
        )
        .select_related("event__delegation_settings")
        .values_list(
            "pk", "invited_at", "reminders_sent", "event__delegation_settings__reminder_days"
        )
    )
    for pk, invited_at, count, days in candidates:
        if invited_at + dt.timedelta(days=(days or 7) * (count + 1)) > now:
            continue
        with transaction.atomic():
            delegation = (
                EventPartner.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("partner", "event")
                .filter(pk=pk, reminders_sent=count, invitation_status__in=AWAITING_REPLY)
                .first()
            )
            if delegation is None:
                continue
            event = delegation.event
            config = settings_for(event)
            delegation.reminders_sent = count + 1
            fields = ["reminders_sent"]
            if config.reply_by and config.reply_by <= now:
                delegation.invitation_status = InvitationStatus.NO_REPLY
                fields.append("invitation_status")
            delegation.save(update_fields=fields)
            _notify_focal_points(
                delegation,
                kind=MessageKind.DELEGATION_REMINDER,
                template="delegation_reminder",
                key=f"delegations.reminder:{delegation.pk}:{count + 1}",
            )
            sent += 1
    return sent
