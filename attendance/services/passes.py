"""A participant's pass: created on first use, its links, its printable card, revoked or reissued."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.errors import BridgesError
from participants.accounts import profile_or_none
from participants.enums import ApplicationStatus
from participants.models import Application

from .. import qr
from ..models import Pass
from ..pdf import PassCardData, render_pass_card_pdf
from ..selectors import event_dates, participant_name

logger = logging.getLogger(__name__)


def pass_for_application(*, application: Application) -> Pass:
    """The participant's pass, created on first use. Only confirmed participants have one."""
    if application.status != ApplicationStatus.CONFIRMED:
        raise BridgesError(_("Only confirmed participants have a pass."), code="not_confirmed")
    existing = Pass.objects.filter(application=application).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Pass.objects.create(
                application=application,
                event_id=application.event_id,
                nonce=qr.new_nonce(),
                feed_token=secrets.token_urlsafe(32),
            )
    except IntegrityError:
        # Two first visits at once: the other one created it.
        return Pass.objects.get(application=application)


def pass_links(*, application: Application) -> dict[str, str]:
    """Absolute URLs for messages to a participant (their pass image and calendar feed);
    the notifications app calls this for the "event starts in 7 days" message."""
    pass_ = pass_for_application(application=application)
    return pass_urls(pass_=pass_, event_slug=application.event.slug)


def pass_urls(*, pass_: Pass, event_slug: str) -> dict[str, str]:
    """The pass's absolute URLs. Image, card and feed sit behind the pass's secret feed
    token (apps and printers cannot log in); a reissue or revocation ends them."""
    token = pass_.feed_token
    return {
        "qr_png": settings.SITE_URL + reverse("attendance:pass-qr", args=[token]),
        "pdf": settings.SITE_URL + reverse("attendance:pass-pdf", args=[token]),
        "ical": settings.SITE_URL + reverse("attendance:ical-feed", args=[token]),
        "agenda": settings.SITE_URL + reverse("attendance:my-agenda", args=[event_slug]),
    }


def pass_card_pdf(*, pass_: Pass) -> bytes:
    """The pass as a printable, wallet-sized card (name, event, dates, QR code). Drawn
    on each request: it is small, and it must carry the pass's current code."""
    event = pass_.event
    return render_pass_card_pdf(
        PassCardData(
            participant_name=participant_name(pass_.application),
            latin_name=getattr(profile_or_none(pass_.application.applicant), "latin_name", ""),
            event_title=event.title,
            dates=event_dates(event),
            place=str(event.host_country.name),
            code=pass_.code,
            heading=_("Pass"),
            note=_("Show this code at check-in."),
        )
    )


def pass_revoke(*, pass_: Pass, by) -> Pass:
    """Refuse the pass's code and calendar feed from now on (until reissued)."""
    with transaction.atomic():
        locked = Pass.objects.select_for_update().get(pk=pass_.pk)
        if locked.revoked_at is None:
            before = snapshot(locked, ["revoked_at"])
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            log_action(locked, "attendance.pass.revoked", user=by, before=before)
    logger.info("pass %s revoked by user %s", locked.pk, getattr(by, "pk", None))
    return locked


def pass_reissue(*, pass_: Pass, by) -> Pass:
    """A new code and feed URL; every earlier code of this pass stops working."""
    with transaction.atomic():
        locked = Pass.objects.select_for_update().get(pk=pass_.pk)
        before = snapshot(locked, ["revoked_at", "reissued_at"])
        locked.nonce = qr.new_nonce()
        locked.feed_token = secrets.token_urlsafe(32)
        locked.revoked_at = None
        locked.reissued_at = timezone.now()
        locked.save(update_fields=["nonce", "feed_token", "revoked_at", "reissued_at"])
        log_action(locked, "attendance.pass.reissued", user=by, before=before)
    logger.info("pass %s reissued by user %s", locked.pk, getattr(by, "pk", None))
    return locked
