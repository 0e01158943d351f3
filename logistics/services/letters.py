"""Visa support letters: made in bulk by a Celery job with progress (``letter_job_start``
then the task ``logistics.make_letters`` calling ``letters_make``), one PDF per person and
destination country, mailed through the outbox and checked publicly by reference."""

from __future__ import annotations

import secrets
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from attendance.services.certificates import CODE_ALPHABET
from audit.services import log_action
from backend.content_language import content_columns
from backend.content_writing import texts_in_languages
from backend.errors import BridgesError, ConflictError
from backend.files import save_private
from backoffice.organisation_logo import logo_bytes
from notifications.enums import MessageKind
from notifications.services.queueing import MessageSpec, messages_queue_many
from participants.models import Application
from programmes.models import Event

from ..enums import LetterJobStatus, VisaStatus
from ..models import LetterJob, LetterSettings, TravelProfile, VisaCase, VisaLetter, VisaRule
from ..pdf import LetterData, render_letter_pdf
from .attendees import attending
from .jobs import job_enqueue_on_commit, job_finish, job_step

LETTER_SETTINGS_FIELDS = (
    "letterhead",
    "purpose",
    "costs_covered_by",
    "signatory_name",
    "signatory_title",
)
# The letter's translated texts (logistics/translation.py), by language: ``purpose_fr``.
LETTER_SETTINGS_TEXTS = ("purpose", "costs_covered_by", "signatory_title")
LETTER_SETTINGS_COLUMNS = content_columns(*LETTER_SETTINGS_TEXTS)


def letter_settings_save(*, event: Event, data: dict, by) -> LetterSettings:
    """``data``: the fields by name, the texts also by language (``purpose_fr``; a plain
    ``purpose`` writes the active language's). A text in a language the event does not
    use is refused (``backend.content_writing``)."""
    unknown = set(data) - set(LETTER_SETTINGS_FIELDS) - LETTER_SETTINGS_COLUMNS
    if unknown:
        raise BridgesError(
            _("This field cannot be set here."), code="unknown_field", field=sorted(unknown)[0]
        )
    with transaction.atomic():
        current = LetterSettings.objects.select_for_update().filter(event=event).first()
        data = texts_in_languages(
            data, LETTER_SETTINGS_TEXTS, event.working_languages, instance=current
        )
        settings_row = current or LetterSettings(event=event)
        for name, value in data.items():
            setattr(settings_row, name, " ".join(str(value or "").split()))
        for name in ("letterhead", "purpose", "costs_covered_by", "signatory_name"):
            if not getattr(settings_row, name):
                raise BridgesError(_("This field is required."), field=name)
        settings_row.save()
        log_action(settings_row, "logistics.letter_settings.changed", user=by, event=event)
    return settings_row


def mask_name(name: str) -> str:
    """'Nguyen Van An' -> 'N***n V*n A*': enough for an embassy to match, not to read."""
    words = []
    for word in name.split():
        if len(word) <= 2:
            words.append(word[0] + "*" * (len(word) - 1))
        else:
            words.append(word[0] + "*" * (len(word) - 2) + word[-1])
    return " ".join(words)


def new_reference() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"VL-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def letter_verify_url(reference: str) -> str:
    return settings.SITE_URL + reverse("logistics:letter-verify", args=[reference])


def letters_due(*, event: Event) -> list[tuple[Application, str, list]]:
    """(person, destination country, its legs) for every letter still to make: people
    whose visa case for a leg says they need one (or whom the table says need one and
    who have not said otherwise) and whose passport number is known."""
    legs = list(event.legs.all())
    rules = set(VisaRule.objects.filter(event=event).values_list("country", "nationality"))
    cases = {
        (c.application_id, c.leg_id): c.status for c in VisaCase.objects.filter(leg__event=event)
    }
    made = set(
        VisaLetter.objects.filter(application__event=event)
        .exclude(storage_name="")
        .values_list("application_id", "country")
    )
    profiles = {
        p.application_id: p
        for p in TravelProfile.objects.filter(
            application__event=event, passport_erased_at__isnull=True
        )
    }
    due = []
    for application in attending(event).select_related("applicant").order_by("pk"):
        profile = profiles.get(application.pk)
        if profile is None or not profile.passport_number:
            continue
        by_country: dict[str, list] = defaultdict(list)
        for leg in legs:
            status = cases.get((application.pk, leg.pk))
            table_says = (str(leg.country), profile.nationality) in rules
            if status == VisaStatus.NEEDED or (status is None and table_says):
                by_country[str(leg.country)].append(leg)
        for country, country_legs in sorted(by_country.items()):
            if (application.pk, country) not in made:
                due.append((application, country, country_legs))
    return due


def letter_job_start(*, event: Event, by) -> LetterJob:
    """Queue one bulk run for the letters still missing; a run already under way is
    returned instead of starting a second one."""
    settings_row = LetterSettings.objects.filter(event=event).first()
    if settings_row is None:
        raise BridgesError(
            _("Fill in the letter settings first."), code="no_letter_settings", field="letterhead"
        )
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        running = LetterJob.objects.filter(
            event=event, status__in=[LetterJobStatus.QUEUED, LetterJobStatus.RUNNING]
        ).first()
        if running is not None:
            raise ConflictError(_("Letters are already being made."), code="job_running")
        job = LetterJob.objects.create(
            event=event, total=len(letters_due(event=event)), created_by=by
        )
        log_action(
            job, "logistics.letters.started", user=by, data={"total": job.total}, event=event
        )
        job_enqueue_on_commit(job)
    return job


def _letter_data(
    letter: VisaLetter, profile: TravelProfile, settings_row: LetterSettings
) -> LetterData:
    event = letter.application.event
    destination = countries.name(letter.country)
    return LetterData(
        letterhead=settings_row.letterhead,
        logo=logo_bytes(event.organisation),
        title=_("Visa support letter: %(event)s") % {"event": event.title},
        reference_line=_("Reference: %(reference)s") % {"reference": letter.reference},
        date_line=date_format(timezone.localdate(timezone.now(), event.zone), "j F Y"),
        addressee=_("To the consular section issuing visas for %(country)s")
        % {"country": destination},
        lines=(
            (_("Name in the passport"), profile.passport_name),
            (_("Passport number"), profile.passport_number),
            (_("Nationality"), str(countries.name(profile.nationality))),
            (
                _("Date of birth"),
                date_format(profile.date_of_birth, "j F Y") if profile.date_of_birth else "-",
            ),
            (
                _("Dates of the stay"),
                f"{date_format(letter.first_day, 'j F Y')} – {date_format(letter.last_day, 'j F Y')}",
            ),
            (_("Purpose"), settings_row.purpose),
            (_("Costs covered by"), settings_row.costs_covered_by),
        ),
        body=(
            _("We confirm that the person named above is invited to %(event)s in %(country)s.")
            % {"event": event.title, "country": destination},
            _("We kindly ask you to grant the visa needed for the dates above."),
        ),
        signatory=settings_row.signatory_name,
        signatory_title=settings_row.signatory_title,
        verify_line=_("Check this letter (reference %(reference)s):")
        % {"reference": letter.reference},
        verify_url=letter_verify_url(letter.reference),
        reference=letter.reference,
    )


def letter_make(
    *, application: Application, country: str, legs: list, settings_row: LetterSettings
) -> VisaLetter | None:
    """Make (or finish) one letter: the row, its PDF, the mail, and the cases' status.
    Safe to run twice: a letter with its PDF is left alone, the mail has one key."""
    with transaction.atomic():
        profile = TravelProfile.objects.select_for_update().filter(application=application).first()
        if profile is None or not profile.passport_number:
            return None
        letter, _created = VisaLetter.objects.select_for_update().get_or_create(
            application=application,
            country=country,
            defaults={
                "reference": new_reference(),
                "masked_name": mask_name(profile.passport_name),
                "first_day": min(leg.start_date for leg in legs),
                "last_day": max(leg.end_date for leg in legs),
            },
        )
        if letter.storage_name:
            return letter
        with translation.override("en"):
            pdf = render_letter_pdf(_letter_data(letter, profile, settings_row))
        letter.storage_name = save_private(
            f"visa-letters/{application.event_id}/{letter.reference}.pdf", pdf
        )
        letter.save(update_fields=["storage_name"])
        VisaCase.objects.filter(
            application=application, leg__in=legs, status=VisaStatus.NEEDED
        ).update(status=VisaStatus.LETTER_SENT, updated_at=timezone.now())
        for leg in legs:
            VisaCase.objects.get_or_create(
                application=application, leg=leg, defaults={"status": VisaStatus.LETTER_SENT}
            )
        _queue_letter_mail(letter)
        log_action(
            letter,
            "logistics.letter.made",
            user=None,
            data={"country": country},
            event=application.event,
        )
    return letter


def _queue_letter_mail(letter: VisaLetter) -> None:
    application = letter.application
    event = application.event
    profile = getattr(application.applicant, "profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    link = settings.SITE_URL + reverse("logistics:my-travel", args=[event.slug])
    with translation.override(language):  # the country's name in the recipient's language
        country = str(countries.name(letter.country))
    messages_queue_many(
        [
            MessageSpec(
                kind=MessageKind.VISA_LETTER,
                template="visa_letter",
                idempotency_key=f"logistics:visa-letter:{letter.pk}",
                recipient=application.applicant,
                context={
                    "event_title": event.title,
                    "country": country,
                    "reference": letter.reference,
                    "link": link,
                },
                event_id=event.pk,
            )
        ]
    )


def letters_make(*, job_id: int) -> LetterJob | None:
    """Run a letter job: every due letter, counting progress as it goes. Idempotent: a
    job the sweeper queued again makes only the letters still missing."""
    job = LetterJob.objects.select_related("event").filter(pk=job_id).first()
    if job is None or not job.is_running:
        return job
    job_step(job, status=LetterJobStatus.RUNNING)
    settings_row = LetterSettings.objects.get(event=job.event)
    due = letters_due(event=job.event)
    # A retried run finds fewer due: what is left plus what the first attempt did.
    job_step(job, total=F("done") + len(due))
    for application, country, legs in due:
        application.event = job.event
        letter_make(application=application, country=country, legs=legs, settings_row=settings_row)
        job_step(job, done=F("done") + 1)
    job_finish(job)
    job.refresh_from_db()
    return job


def letter_by_reference(reference: str) -> VisaLetter | None:
    """The letter an embassy asks about; None for an unknown (or altered) reference."""
    return (
        VisaLetter.objects.select_related("application__event")
        .filter(reference=reference.strip().upper())
        .first()
    )
