"""Events (draft, published, cancelled) with their legs and country quotas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.content_language import content_columns
from backend.content_writing import plain_text_language, texts_in_languages
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from ..caching import agenda_bump_version, event_list_bump_version
from ..enums import EventStatus
from ..models import CountryQuota, Event, GenderQuota, Leg, Organisation
from ..translation import EVENT_TEXTS, LEG_TEXTS
from .common import check_same_organisation, make_aware_in, unique_slug

EVENT_FIELDS = frozenset(
    {
        "programme",
        "kind",
        "title",
        "slug",
        "theme",
        "summary",
        "description",
        "working_languages",
        "host_country",
        "start_date",
        "end_date",
        "time_zone",
        "capacity",
        "applications_open_at",
        "applications_close_at",
        "min_age",
        "max_age",
        "eligible_countries",
        "eligible_residence_countries",
        "attendance_mode",
        "online_url",
    }
) | content_columns(*EVENT_TEXTS)  # title_fr, ... (issue 17)
LEG_FIELDS = frozenset(
    {"city", "country", "time_zone", "start_date", "end_date"}
) | content_columns(*LEG_TEXTS)
QUOTA_FIELDS = frozenset({"country", "minimum", "maximum"})


def _event_data(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Resolve naive application-window datetimes in the event's (possibly new) zone."""
    data = dict(data)
    zone_name = data.get("time_zone", event.time_zone)
    for name in ("applications_open_at", "applications_close_at"):
        if data.get(name) is not None:
            data[name] = make_aware_in(data[name], zone_name, field=name)
    return data


# Other organisations named on an event (many-to-many, set after saving).
EVENT_LINKS = ("co_organisers", "partners")


def _set_links(event: Event, links: dict[str, Iterable[Organisation]]) -> None:
    for name, organisations in links.items():
        organisations = list(organisations)
        if any(org.pk == event.organisation_id for org in organisations):
            raise BridgesError(
                _("The organising organisation cannot also be listed here."),
                code="self_link",
                field=name,
            )
        getattr(event, name).set(organisations)


@transaction.atomic
def event_create(
    *,
    organisation: Organisation,
    title: str,
    kind: str,
    host_country: str,
    start_date: dt.date,
    end_date: dt.date,
    time_zone: str,
    **fields: Any,
) -> Event:
    """Create a draft event.

    ``applications_open_at`` / ``applications_close_at`` may be naive: they are then
    read as wall-clock time in the event's ``time_zone``. The ``programme`` must
    belong to ``organisation``. ``co_organisers`` and ``partners`` are lists of
    other organisations. Publishing is a separate step (``event_publish``).
    """
    links = {name: fields.pop(name) for name in EVENT_LINKS if name in fields}
    languages = fields.get("working_languages")
    fields = texts_in_languages(fields, EVENT_TEXTS, languages)
    with translation.override(plain_text_language(languages)):  # the column ``title`` fills
        event = Event(
            organisation=organisation,
            title=title,
            kind=kind,
            host_country=host_country,
            start_date=start_date,
            end_date=end_date,
            time_zone=time_zone,
            status=EventStatus.DRAFT,
        )
    fields = _event_data(event, fields)
    if not fields.get("slug"):
        fields.pop("slug", None)
    _set_fields(event, fields, EVENT_FIELDS)
    if not event.slug:
        base = title if str(start_date.year) in title else f"{title} {start_date.year}"
        event.slug = unique_slug(Event, base, max_length=100)
    check_same_organisation(organisation.pk, event.programme, "programme")
    _save(event)
    _set_links(event, links)
    created = EVENT_FIELDS | {"organisation", "status"}
    log_action(event, "programmes.event.created", before=dict.fromkeys(created))
    event_list_bump_version()
    return event


@transaction.atomic
def event_update(*, event: Event, data: dict[str, Any]) -> Event:
    """Change an event's details. Sessions and legs must still fit inside new dates."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    data = dict(data)
    links = {name: data.pop(name) for name in EVENT_LINKS if name in data}
    languages = data.get("working_languages", event.working_languages)
    data = texts_in_languages(data, EVENT_TEXTS, languages, instance=event)
    before = snapshot(event, data.keys() & EVENT_FIELDS)
    changed = _set_fields(event, _event_data(event, data), EVENT_FIELDS)
    _set_links(event, links)
    # The lists show the event and its links; the agenda its slug and zone. Bumped even
    # when nothing here changed: the admin saves legs and quotas after this call, in
    # this transaction, and the lists' bump on commit covers them.
    event_list_bump_version()
    if not changed:
        return event
    if "programme" in changed:
        check_same_organisation(event.organisation_id, event.programme, "programme")
    event.full_clean()
    if {"start_date", "end_date", "time_zone"} & set(changed):
        event_check_contents_fit(event=event)
    _save(event, update_fields=changed)
    log_action(event, "programmes.event.changed", before=before)
    agenda_bump_version(event_ids=[event.pk])
    event.agenda_version += 1
    return event


def event_check_contents_fit(*, event: Event) -> None:
    """Raise if the event's (unsaved) dates or zone would leave a session or leg outside it.

    Used by ``event_update`` and by the admin form, so both refuse the same changes.
    """
    if event.pk is None or not (event.start_date and event.end_date and event.time_zone):
        return
    for session in event.sessions.select_related("venue"):
        session.event = event
        local_start = session.local_starts_at.date()
        local_end = (session.local_ends_at - dt.timedelta(microseconds=1)).date()
        if local_start < event.start_date or local_end > event.end_date:
            field = "start_date" if local_start < event.start_date else "end_date"
            raise BridgesError(
                _("Session “%(title)s” would fall outside the event; move it first.")
                % {"title": session.title},
                code="sessions_outside_dates",
                field=field,
            )
    for leg in event.legs.all():
        if leg.start_date < event.start_date or leg.end_date > event.end_date:
            raise BridgesError(
                _("The leg in %(city)s would fall outside the event; change it first.")
                % {"city": leg.city},
                code="legs_outside_dates",
                field="start_date" if leg.start_date < event.start_date else "end_date",
            )


@transaction.atomic
def event_delete(*, event: Event) -> None:
    """Only drafts can be deleted; a published event is cancelled so applicants are told."""
    if event.status != EventStatus.DRAFT:
        raise ConflictError(
            _("Only draft events can be deleted; cancel it instead."), code="not_draft"
        )
    changes = removed(event, ("title", "slug", "status"))
    log_action(event, "programmes.event.deleted", data={"changes": changes})
    event.delete()
    event_list_bump_version()


@transaction.atomic
def event_publish(*, event: Event) -> Event:
    """Draft -> published. Checks the event is complete enough to advertise."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        raise ConflictError(
            _("Only a draft can be published (this event is %(status)s).")
            % {"status": event.get_status_display()},
            code="not_draft",
            field="status",
        )
    if bool(event.applications_open_at) != bool(event.applications_close_at):
        field = "applications_close_at" if event.applications_open_at else "applications_open_at"
        raise BridgesError(
            _("Set both ends of the application window, or neither."),
            code="incomplete_window",
            field=field,
        )
    before = snapshot(event, ["status"])
    event.status = EventStatus.PUBLISHED
    event.full_clean()
    event.save(update_fields=["status", "updated_at"])
    log_action(event, "programmes.event.published", before=before)
    event_list_bump_version()
    return event


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Draft or published -> cancelled. The event stays visible, marked cancelled."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ConflictError(
            _("This event is already cancelled."), code="already_cancelled", field="status"
        )
    before = snapshot(event, ["status"])
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    log_action(event, "programmes.event.cancelled", before=before)
    event_list_bump_version()
    return event


# --- legs and quotas -------------------------------------------------------------------------


@transaction.atomic
def leg_create(
    *,
    event: Event,
    city: str,
    country: str,
    start_date: dt.date,
    end_date: dt.date,
    time_zone: str = "",
    **texts: str,
) -> Leg:
    """``texts``: the city in other languages (``city_fr=...``). ``time_zone`` blank: the
    event's home zone."""
    texts = texts_in_languages(texts, LEG_TEXTS, event.working_languages)
    with translation.override(plain_text_language(event.working_languages)):
        leg = Leg(
            event=event,
            city=city,
            country=country,
            time_zone=time_zone,
            start_date=start_date,
            end_date=end_date,
        )
    _set_fields(leg, texts, content_columns(*LEG_TEXTS))
    _save(leg)
    log_action(leg, "programmes.leg.created", before=dict.fromkeys(LEG_FIELDS))
    event_list_bump_version()
    return leg


@transaction.atomic
def leg_update(*, leg: Leg, data: dict[str, Any]) -> Leg:
    data = texts_in_languages(data, LEG_TEXTS, leg.event.working_languages, instance=leg)
    before = snapshot(leg, data.keys() & LEG_FIELDS)
    changed = _set_fields(leg, data, LEG_FIELDS)
    if changed:
        _save(leg, update_fields=changed)
        log_action(leg, "programmes.leg.changed", before=before)
        event_list_bump_version()
    return leg


@transaction.atomic
def leg_delete(*, leg: Leg) -> None:
    log_action(leg, "programmes.leg.deleted", data={"changes": removed(leg, LEG_FIELDS)})
    leg.delete()
    event_list_bump_version()


@transaction.atomic
def quota_create(
    *, event: Event, country: str, minimum: int = 0, maximum: int | None = None
) -> CountryQuota:
    if CountryQuota.objects.filter(event=event, country=country).exists():
        raise ConflictError(
            _("This country already has a quota."), code="duplicate_quota", field="country"
        )
    quota = CountryQuota(event=event, country=country, minimum=minimum, maximum=maximum)
    _save(quota)
    log_action(quota, "programmes.quota.created", before=dict.fromkeys(QUOTA_FIELDS))
    event_list_bump_version()
    return quota


@transaction.atomic
def quota_update(*, quota: CountryQuota, data: dict[str, Any]) -> CountryQuota:
    before = snapshot(quota, data.keys() & QUOTA_FIELDS)
    changed = _set_fields(quota, data, QUOTA_FIELDS)
    if changed:
        _save(quota, update_fields=changed)
        log_action(quota, "programmes.quota.changed", before=before)
        event_list_bump_version()
    return quota


@transaction.atomic
def quota_delete(*, quota: CountryQuota) -> None:
    changes = removed(quota, QUOTA_FIELDS)
    log_action(quota, "programmes.quota.deleted", data={"changes": changes})
    quota.delete()
    event_list_bump_version()


def gender_quota_codes() -> list[str]:
    """The genders a quota may name: the applicants' gender choices (participants'
    field, read through the app registry: programmes sits below participants) except
    "prefer not to say", which no quota counts."""
    field = apps.get_model("participants", "Application")._meta.get_field("gender")
    return [value for value, _label in field.choices if value not in ("", "prefer_not_to_say")]


def _check_gender_range(event: Event, minimum: int, maximum: int | None, *, field: str) -> None:
    """The rules of one gender's seats, as a country quota's (``CountryQuota.clean``)."""
    for value, name in ((minimum, field), (maximum, field)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise BridgesError(
                _("Give a number of seats, 0 or more."), code="invalid_seats", field=name
            )
    if maximum is not None and minimum > maximum:
        raise BridgesError(
            _("The minimum must not be above the maximum."),
            code="minimum_above_maximum",
            field=field,
        )
    if event.capacity is not None and minimum > event.capacity:
        raise BridgesError(
            _("The minimum is larger than the event's capacity."),
            code="minimum_above_capacity",
            field=field,
        )


@transaction.atomic
def gender_quotas_set(
    *,
    event: Event,
    maximums: dict[str, int | None],
    minimums: dict[str, int | None] | None = None,
) -> list[GenderQuota]:
    """Set the event's seats per gender: ``maximums`` ``{gender: at most}`` (None or absent
    for no limit) and ``minimums`` ``{gender: at least}`` (None, 0 or absent for none); a
    gender with neither has no quota. Each change is logged; a refusal names the field (the
    gender for its maximum, ``<gender>_minimum`` for its minimum) and saves nothing."""
    codes = gender_quota_codes()
    minimums = minimums or {}
    for gender in (*maximums, *minimums):
        if gender not in codes:
            raise BridgesError(_("Unknown gender."), code="invalid_gender", field="gender")
    wanted: dict[str, tuple[int, int | None]] = {}
    for gender in codes:
        minimum, maximum = minimums.get(gender) or 0, maximums.get(gender)
        _check_gender_range(event, 0, maximum, field=gender)
        _check_gender_range(event, minimum, maximum, field=f"{gender}_minimum")
        if minimum or maximum is not None:
            wanted[gender] = (minimum, maximum)
    current = {quota.gender: quota for quota in GenderQuota.objects.filter(event=event)}
    for gender in codes:
        quota = current.get(gender)
        if gender not in wanted:
            if quota is not None:
                log_action(
                    quota,
                    "programmes.gender_quota.deleted",
                    data={"changes": removed(quota, GENDER_QUOTA_FIELDS)},
                )
                quota.delete()
            continue
        minimum, maximum = wanted[gender]
        if quota is None:
            quota = GenderQuota.objects.create(
                event=event, gender=gender, minimum=minimum, maximum=maximum
            )
            log_action(
                quota,
                "programmes.gender_quota.created",
                before={name: None for name in GENDER_QUOTA_FIELDS},
            )
        elif (quota.minimum, quota.maximum) != (minimum, maximum):
            before = snapshot(quota, {"minimum", "maximum"})
            quota.minimum, quota.maximum = minimum, maximum
            quota.save(update_fields=["minimum", "maximum"])
            log_action(quota, "programmes.gender_quota.changed", before=before)
    return list(GenderQuota.objects.filter(event=event))


GENDER_QUOTA_FIELDS = {"gender", "minimum", "maximum"}


def _check_gender_row(event: Event, minimum: int | None, maximum: int | None) -> None:
    """An API row names its own fields; a row with neither bound would be no quota."""
    _check_gender_range(event, 0, maximum, field="maximum")
    _check_gender_range(event, minimum or 0, maximum, field="minimum")
    if not minimum and maximum is None:
        raise BridgesError(
            _("Give a minimum or a maximum."), code="no_seats_given", field="maximum"
        )


def _gender_quotas(event: Event) -> tuple[dict[str, int | None], dict[str, int]]:
    rows = GenderQuota.objects.filter(event=event).values_list("gender", "minimum", "maximum")
    return {g: high for g, _low, high in rows}, {g: low for g, low, _high in rows}


def gender_quota_create(
    *, event: Event, gender: str, maximum: int | None = None, minimum: int = 0
) -> GenderQuota:
    """One gender's seats (the API's rows); the same rule as :func:`gender_quotas_set`,
    a refusal naming the row's field (``minimum``, ``maximum``)."""
    maximums, minimums = _gender_quotas(event)
    if gender in maximums:
        raise ConflictError(
            _("This gender already has a quota."), code="duplicate_quota", field="gender"
        )
    _check_gender_row(event, minimum, maximum)
    gender_quotas_set(
        event=event,
        maximums={**maximums, gender: maximum},
        minimums={**minimums, gender: minimum},
    )
    return GenderQuota.objects.get(event=event, gender=gender)


def gender_quota_update(*, quota: GenderQuota, data: dict[str, Any]) -> GenderQuota:
    maximums, minimums = _gender_quotas(quota.event)
    gender = data.get("gender", quota.gender)
    if gender != quota.gender and gender in maximums:
        raise ConflictError(
            _("This gender already has a quota."), code="duplicate_quota", field="gender"
        )
    maximum = data.get("maximum", maximums.pop(quota.gender, quota.maximum))
    minimum = data.get("minimum", minimums.pop(quota.gender, quota.minimum))
    _check_gender_row(quota.event, minimum, maximum)
    gender_quotas_set(
        event=quota.event,
        maximums={**maximums, gender: maximum},
        minimums={**minimums, gender: minimum},
    )
    return GenderQuota.objects.get(event=quota.event, gender=gender)


def gender_quota_delete(*, quota: GenderQuota) -> None:
    maximums, minimums = _gender_quotas(quota.event)
    maximums.pop(quota.gender, None)
    minimums.pop(quota.gender, None)
    gender_quotas_set(event=quota.event, maximums=maximums, minimums=minimums)
