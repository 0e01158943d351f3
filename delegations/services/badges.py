"""Badges of accredited delegates (photo, name, title, delegation, a colour per
category, the pass's QR code, which checks them in through the ordinary check-in), and
the print job for the whole meeting, run by a Celery task that reports its progress."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.services import pass_for_application
from backend.celery import app as celery_app
from backend.errors import BridgesError
from backend.files import save_private
from participants.documents import open_stored
from programmes.models import Event

from ..enums import GROUP_OF, MEDIA_COLOUR, BadgeFormat, BatchStatus, ListGroup, NomineeStatus
from ..models import BadgeBatch, Nominee
from ..pdf import BadgeData, render_badges_pdf
from .protocol import badge_colour, participants_list

log = logging.getLogger(__name__)
PROGRESS_EVERY = 10


def _photo(nominee: Nominee) -> bytes | None:
    """The nomination's photo, else the profile's (``services.photos``)."""
    name = nominee.photo_storage_name
    if not name:
        profile = getattr(nominee.user, "profile", None) if nominee.user_id else None
        name = profile.photo_storage_name if profile is not None else ""
    if not name:
        return None
    try:
        with open_stored(name) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def badge_data(nominee: Nominee) -> BadgeData:
    delegation = nominee.delegation
    pass_ = pass_for_application(application=nominee.application)
    return BadgeData(
        name=nominee.full_name,
        honorific=nominee.honorific,
        function=nominee.function,
        delegation=delegation.partner.official_name,
        category=_("Media")
        if nominee.is_media
        else str(ListGroup(GROUP_OF[delegation.participation]).label),
        colour=MEDIA_COLOUR if nominee.is_media else badge_colour(delegation),
        code=pass_.code,
        event_title=nominee.event.title,
        photo=_photo(nominee),
    )


# Accompanying persons' badges: a neutral band, no QR code (no pass, so no seat).
COMPANION_COLOUR = "#6b7280"


def companion_badge_data(nominee: Nominee, companion) -> BadgeData:
    """The badge of someone registered with ``nominee`` (logistics' accompanying person
    or chaperone, read through ``application.companions``): marked as such, with the
    delegation, and no QR code, since they hold no seat or pass."""
    return BadgeData(
        name=companion.name,
        honorific="",
        function=_("Accompanies %(name)s · no seat") % {"name": nominee.full_name},
        delegation=nominee.delegation.partner.official_name,
        category=companion.get_role_display(),
        colour=COMPANION_COLOUR,
        code="",
        event_title=nominee.event.title,
    )


def badges_for(event: Event) -> list[Nominee]:
    """Accredited delegates in protocol order, with what their badges print (and the
    people registered with them, prefetched for ``badge_entries``)."""
    people = {
        n.pk: n
        for n in Nominee.objects.filter(event=event, status=NomineeStatus.ACCREDITED)
        .select_related(
            "delegation__partner", "application__attendance_pass", "user__profile", "event"
        )
        .prefetch_related("application__companions")
    }
    return [people[p.pk] for row in participants_list(event) for p in row.people]


def badge_entries(event: Event) -> list[tuple[Nominee, object | None]]:
    """Every badge of the meeting: each delegate in protocol order, followed by those who
    come with them (counted for badges, never for seats)."""
    return [
        (nominee, companion)
        for nominee in badges_for(event)
        for companion in (
            None,
            *(nominee.application.companions.all() if nominee.application_id else ()),
        )
    ]


def _entry_data(entry: tuple[Nominee, object | None]) -> BadgeData:
    nominee, companion = entry
    return badge_data(nominee) if companion is None else companion_badge_data(nominee, companion)


def badge_pdf(*, nominee: Nominee, format: str = BadgeFormat.CR80) -> bytes:
    return render_badges_pdf([badge_data(nominee)], format=format)


@transaction.atomic
def badge_batch_create(*, event: Event, format: str, by) -> BadgeBatch:
    """Queue the meeting's badges as one print job; the task starts after the commit."""
    if format not in BadgeFormat.values:
        raise BridgesError(_("Choose a badge format from the list."), field="format")
    batch = BadgeBatch.objects.create(event=event, format=format, requested_by=by)
    transaction.on_commit(
        lambda: celery_app.tasks["delegations.print_badges"].delay(batch_id=batch.pk)
    )
    return batch


def badge_batch_run(*, batch_id: int) -> None:
    """Render the job's badges, saving progress every few badges; a job already done (a
    redelivered task) is left as it is."""
    batch = BadgeBatch.objects.filter(pk=batch_id).select_related("event").first()
    if batch is None or batch.status == BatchStatus.DONE:
        return
    people = badge_entries(batch.event)
    BadgeBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, total=len(people), done=0
    )

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            BadgeBatch.objects.filter(pk=batch.pk).update(done=done)

    try:
        data = render_badges_pdf(
            (_entry_data(entry) for entry in people), format=batch.format, on_page=progress
        )
    except Exception as exc:
        BadgeBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(exc)[:500]
        )
        raise
    name = save_private(f"badges/{batch.event_id}-{batch.pk}.pdf", data)
    BadgeBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE,
        done=len(people),
        storage_name=name,
        finished_at=timezone.now(),
    )
