"""Certificates of participation: issued once the event is over to those at or above
its attendance threshold, each with a PDF and a code anyone can verify."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from audit.services import log_actions
from backend.errors import ConflictError
from notifications.services.recipients import recipient_prefs_for
from programmes.models import Event

from ..models import AttendancePolicy, Certificate
from ..pdf import CertificateData, render_certificate_pdf
from ..selectors import attendance_report, event_dates, event_over_at, policy_for

# Unambiguous letters and digits (no 0/O, 1/I/L) for codes people may type in.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("attendance:certificate-verify", args=[code])


def certificate_render(*, certificate: Certificate) -> None:
    """Write (or rewrite) the certificate's PDF and point the row at it.

    In the participant's language: the organisers' heading and wording (the policy's,
    by ``fallback_order``: a language they left empty reads the event's first one),
    else Bridges' own wording in that language."""
    event = certificate.event
    policy = policy_for(event)
    language = recipient_prefs_for(certificate.application.applicant).language
    with translation.override(language):
        data = CertificateData(
            participant_name=certificate.participant_name,
            event_title=event.title,
            organisation_name=event.organisation.name,
            dates=event_dates(event),
            place=str(event.host_country.name),
            attendance_percent=certificate.attendance_percent,
            code=certificate.code,
            verify_url=certificate_verify_url(certificate.code),
            heading=policy.certificate_heading or _("Certificate of participation"),
            body=policy.certificate_body or _("took part in"),
            attendance_label=_("Attendance"),
            code_label=_("Verification code"),
        )
    pdf = render_certificate_pdf(data)
    name = f"certificates/{event.pk}/{certificate.code}.pdf"
    storage = certificate.pdf.storage
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(pdf))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=saved)
    certificate.pdf.name = saved


def certificate_issue_check(*, event: Event, now: dt.datetime | None = None) -> None:
    """Refuse while the event runs: a session still to come is no absence yet, and a
    certificate says how much of the whole event someone attended."""
    over_at = event_over_at(event)
    if (now or timezone.now()) < over_at:
        raise ConflictError(
            _("Certificates can be issued once the event is over (%(when)s, %(zone)s).")
            % {
                "when": formats.date_format(over_at.astimezone(event.zone), "j F Y, H:i"),
                "zone": event.time_zone,
            },
            code="event_not_over",
        )


def certificate_issue_for_event(
    *, event: Event, now: dt.datetime | None = None
) -> list[Certificate]:
    """Issue certificates to participants at or above the event's attendance threshold.

    Only once the event is over (certificate_issue_check, ConflictError otherwise).
    Idempotent: who already has one keeps it (same code); a rerun only adds newcomers
    over the threshold and renders any PDF a crashed run left missing. Runs for the same
    event are serialised on the policy row. Returns the certificates created now.
    """
    now = now or timezone.now()
    certificate_issue_check(event=event, now=now)
    created: list[Certificate] = []
    with transaction.atomic():
        AttendancePolicy.objects.get_or_create(event=event)
        policy = AttendancePolicy.objects.select_for_update().get(event=event)
        report = attendance_report(event, until=now)
        have = set(Certificate.objects.filter(event=event).values_list("application_id", flat=True))
        for row in report.participants:
            if row.application.pk in have or not row.sessions_total:
                continue
            if row.percent < policy.certificate_threshold:
                continue
            created.append(
                Certificate.objects.create(
                    application=row.application,
                    event=event,
                    code=new_certificate_code(),
                    participant_name=row.name,
                    attendance_percent=row.percent,
                    sessions_attended=row.attended,
                    sessions_total=row.sessions_total,
                )
            )
        policy.certificates_issued_at = now
        policy.save(update_fields=["certificates_issued_at"])
        log_actions(created, "attendance.certificate.issued", event=event)
    # PDFs are written after the rows are committed; a crash here is repaired by a rerun.
    for certificate in Certificate.objects.filter(event=event, pdf="").select_related(
        "event__organisation"
    ):
        certificate_render(certificate=certificate)
    return created
