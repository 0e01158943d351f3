"""Django admin for organisers, limited to their own organisations' rows.

A staff user (``is_staff``) who is a member of an organisation sees its programmes,
events, venues and people; owners and organisers may change them, reviewers and
staff members only look. Foreign-key choices are limited the same way, so nobody can
attach another organisation's venue or speaker. Superusers see everything.
Sessions, event status and memberships change through the services, so the admin
obeys the same rules (and sends the same signals) as the API.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from audit.admin import AuditHistoryAdminMixin
from backend.content_language import column
from backend.errors import BridgesError

from . import services
from .caching import agenda_bump_version, event_list_bump_version
from .enums import EventStatus, SessionStatus
from .models import (
    CountryQuota,
    Event,
    Leg,
    Membership,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
)
from .selectors import managed_organisation_ids, member_organisation_ids


def _member_orgs(request) -> list[int]:
    cache = getattr(request, "_bridges_member_orgs", None)
    if cache is None:
        cache = request._bridges_member_orgs = member_organisation_ids(request.user)
    return cache


def _managed_orgs(request) -> list[int]:
    cache = getattr(request, "_bridges_managed_orgs", None)
    if cache is None:
        cache = request._bridges_managed_orgs = managed_organisation_ids(request.user)
    return cache


class OrganisationScopedMixin:
    """Rows reachable through ``org_field`` (a lookup to the organisation id)."""

    org_field = "organisation_id"

    def _org_id(self, obj) -> int | None:
        value = obj
        for part in self.org_field.split("__"):
            value = getattr(value, part, None)
        return value

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.org_field}__in": _member_orgs(request)})

    def has_module_permission(self, request) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and (request.user.is_superuser or bool(_member_orgs(request)))
        )

    def has_view_permission(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not self.has_module_permission(request):
            return False
        return obj is None or self._org_id(obj) in _member_orgs(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not (request.user.is_active and request.user.is_staff and _managed_orgs(request)):
            return False
        return obj is None or self._org_id(obj) in _managed_orgs(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            managed = _managed_orgs(request)
            model = db_field.related_model
            if model is Organisation:
                kwargs["queryset"] = Organisation.objects.filter(pk__in=managed)
            elif model in (Programme, Venue, Person):
                kwargs["queryset"] = model.objects.filter(organisation_id__in=managed)
            elif model is Event:
                kwargs["queryset"] = Event.objects.filter(organisation_id__in=managed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            managed = _managed_orgs(request)
            model = db_field.related_model
            if model is Person:
                kwargs["queryset"] = Person.objects.filter(organisation_id__in=managed)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# --- date-times in the event's or venue's zone ------------------------------------------


class LocalSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, with the zone they are read in beside them."""

    template_name = "programmes/widgets/local_split_datetime.html"
    zone_note = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["zone_note"] = self.zone_note
        return context


class LocalDateTimeField(forms.SplitDateTimeField):
    """A date and a time as typed, without a zone: LocalTimesForm reads them in the
    event's or venue's zone (the active zone is the visitor's, which is not the point)."""

    widget = LocalSplitDateTime

    def compress(self, data_list):
        if not data_list:
            return None
        date, time = data_list
        if date in self.empty_values:
            raise forms.ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if time in self.empty_values:
            raise forms.ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return dt.datetime.combine(date, time)


class LocalTimesForm(forms.ModelForm):
    """Every date-time is shown and read as wall-clock time in ``local_zone_name()``,
    through services.make_aware_in, as the API and the pages read naive times."""

    # Shown beside the fields until the zone is known (a new row with no event yet).
    unknown_zone_note = _("Local time in the event's time zone")

    def local_zone_name(self, data: dict | None) -> str:
        """The zone the times are in: from the cleaned ``data``, or (None) as stored."""
        raise NotImplementedError

    def _local_fields(self) -> list[str]:
        return [n for n, f in self.fields.items() if isinstance(f, LocalDateTimeField)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone_name = self.local_zone_name(None)
        for name in self._local_fields():
            self.fields[name].widget.zone_note = (
                _("Local time in %(zone)s") % {"zone": zone_name}
                if zone_name
                else self.unknown_zone_note
            )
            value = self.initial.get(name)
            if zone_name and isinstance(value, dt.datetime) and timezone.is_aware(value):
                local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
                self.initial[name] = local.replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone_name = self.local_zone_name(data)
        for name in self._local_fields():
            value = data.get(name)
            if value is None:
                continue
            if self.instance.pk and name not in self.changed_data:
                # Untouched: the stored instant stays, even when the zone changed.
                data[name] = getattr(self.instance, name)
            elif zone_name:
                try:
                    data[name] = services.make_aware_in(value, zone_name, field=name)
                except BridgesError as exc:
                    self.add_error(name, exc.message)
        return data


class LocalTimesAdminMixin:
    """Date-time fields as LocalDateTimeField; the form (a LocalTimesForm) names the zone."""

    formfield_overrides = {
        models.DateTimeField: {"form_class": LocalDateTimeField, "widget": LocalSplitDateTime}
    }


class EventLocalTimesForm(LocalTimesForm):
    """For the rows of one event (an ``event`` foreign key): times in the event's zone."""

    unknown_zone_note = _("Local time in the event's time zone")

    def __init__(self, *args, event: Event | None = None, **kwargs):
        # An inline passes the event being edited (it may be new, or change its zone).
        self.parent_event = event
        super().__init__(*args, **kwargs)

    def _event(self, data: dict | None) -> Event | None:
        if data is not None and data.get("event") is not None:
            return data["event"]
        if self.parent_event is not None:
            return self.parent_event
        return self.instance.event if self.instance.event_id else None

    def local_zone_name(self, data: dict | None) -> str:
        event = self._event(data)
        return event.time_zone if event is not None else ""


class VenueLocalTimesForm(EventLocalTimesForm):
    """For rows with an event and a venue (sessions, session requests): times in the
    venue's zone, else the event's."""

    unknown_zone_note = _("Local time of the event (or its venue)")

    def local_zone_name(self, data: dict | None) -> str:
        if data is not None and "venue" in self.fields:
            venue = data.get("venue")
        else:
            venue = self.instance.venue if self.instance.venue_id else None
        event = self._event(data)
        if venue is None and not getattr(event, "time_zone", ""):
            return ""
        return services.session_zone_name(event=event, venue=venue)


class SessionAdminForm(VenueLocalTimesForm):
    class Meta:
        model = Session
        fields = "__all__"  # noqa: DJ007 - ModelAdmin.get_form passes its own field list


class ScopedInline(OrganisationScopedMixin, admin.TabularInline):
    org_field = "event__organisation_id"
    extra = 0

    def _org_id(self, obj):
        # Inline permission checks receive the parent event.
        return getattr(obj, "organisation_id", None)


class TranslatedScopedInline(ScopedInline, TranslationTabularInline):
    """modeltranslation's inline: a translated field (``title``) is shown as one column
    per language (``title_en``, ``title_fr``, ...), the untranslated one is left out."""


class LegInline(TranslatedScopedInline):
    model = Leg
    fields = ["city", "country", "start_date", "end_date"]


class CountryQuotaInline(ScopedInline):
    model = CountryQuota
    fields = ["country", "minimum", "maximum"]


class SessionInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.instance}

    def clean(self):
        super().clean()
        if self.instance.status != EventStatus.PUBLISHED:
            return
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.status != SessionStatus.CANCELLED:
                raise forms.ValidationError(
                    _(
                        "“%(title)s”: this event is published; cancel the session first so participants are told."
                    )
                    % {"title": form.instance.title}
                )


class SessionInline(LocalTimesAdminMixin, TranslatedScopedInline):
    model = Session
    form = SessionAdminForm
    formset = SessionInlineFormSet
    fields = ["title", "kind", "starts_at", "ends_at", "venue", "capacity", "speakers", "status"]
    readonly_fields = ["status"]
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]


class BumpsVersionsAdmin(admin.ModelAdmin):
    """Rows these admins save directly (no service takes their whole form) appear in the
    public lists or agendas: bump those versions here, as the services do."""

    def _events_shown_in(self, obj) -> list[int]:
        return []

    def _bump(self, event_ids) -> None:
        event_list_bump_version()
        agenda_bump_version(event_ids=event_ids)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._bump(self._events_shown_in(obj))

    def delete_model(self, request, obj):
        event_ids = self._events_shown_in(obj)  # before the links go
        super().delete_model(request, obj)
        self._bump(event_ids)

    def delete_queryset(self, request, queryset):
        event_ids = [pk for obj in queryset for pk in self._events_shown_in(obj)]
        super().delete_queryset(request, queryset)
        self._bump(event_ids)


class UsedBySessionsAdmin(BumpsVersionsAdmin):
    def _events_shown_in(self, obj) -> list[int]:
        return list(obj.sessions.values_list("event_id", flat=True)) if obj.pk else []


@admin.register(Organisation)
class OrganisationAdmin(AuditHistoryAdminMixin, OrganisationScopedMixin, BumpsVersionsAdmin):
    org_field = "pk"
    list_display = ["name", "kind", "country", "slug"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def _org_id(self, obj):
        return obj.pk

    def get_inlines(self, request, obj):
        # Memberships are the owners' business; the API (owners only) manages them.
        return [MembershipInline] if request.user.is_superuser else []

    def has_add_permission(self, request, obj=None) -> bool:
        # New organisations come from the API, which makes the creator owner.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedMixin, BumpsVersionsAdmin, TranslationAdmin):
    list_display = ["title", "organisation", "slug"]
    list_filter = ["organisation"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["organisation"]


@admin.register(Venue)
class VenueAdmin(
    AuditHistoryAdminMixin, OrganisationScopedMixin, UsedBySessionsAdmin, TranslationAdmin
):
    list_display = ["name", "city", "country", "time_zone", "capacity", "organisation"]
    list_filter = ["country", "time_zone", "organisation"]
    search_fields = ["name", "city", "address"]
    list_select_related = ["organisation"]


@admin.register(Person)
class PersonAdmin(OrganisationScopedMixin, UsedBySessionsAdmin):
    list_display = ["name", "affiliation", "country", "organisation"]
    list_filter = ["country", "organisation"]
    search_fields = ["name", "affiliation", "email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]


class EventAdminForm(LocalTimesForm):
    unknown_zone_note = _("Local time in the event's time zone")

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - ModelAdmin.get_form passes its own field list

    def local_zone_name(self, data: dict | None) -> str:
        if data is not None and data.get("time_zone"):
            return data["time_zone"]
        return self.instance.time_zone or ""

    def _post_clean(self):
        # After construct_instance, so the check sees the submitted dates and zone.
        super()._post_clean()
        if self.instance.pk and not self.errors:
            try:
                services.event_check_contents_fit(event=self.instance)
            except BridgesError as exc:
                self.add_error(exc.field, exc.message)


# The admins of registered models are modeltranslation's TranslationAdmin (without its
# tabbed variants, which load jQuery UI from a CDN): the form has one column per language
# (``title_en``, ``title_fr``, ...) instead of ``title``, and, as modeltranslation makes it,
# the default language's column is the required one. The services take every column.
DEFAULT_TITLE = column("title", settings.LANGUAGE_CODE)


@admin.register(Event)
class EventAdmin(
    AuditHistoryAdminMixin, LocalTimesAdminMixin, OrganisationScopedMixin, TranslationAdmin
):
    form = EventAdminForm
    list_display = [
        "title",
        "organisation",
        "kind",
        "status",
        "start_date",
        "end_date",
        "host_country",
    ]
    list_filter = ["status", "kind", "host_country", "attendance_mode", "organisation"]
    search_fields = ["title", "slug", "theme", "summary"]
    date_hierarchy = "start_date"
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status"]
    filter_horizontal = ["co_organisers", "partners"]
    inlines = [LegInline, CountryQuotaInline, SessionInline]
    actions = ["publish", "cancel"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Co-organisers and partners may be any organisation; only speakers are scoped.
        if db_field.name in ("co_organisers", "partners"):
            return admin.ModelAdmin.formfield_for_manytomany(self, db_field, request, **kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data[k] for k in form.changed_data if k in services.EVENT_FIELDS}
        if change:
            services.event_update(event=obj, data=fields)
        else:
            required = ("kind", "host_country", "start_date", "end_date", "time_zone")
            created = services.event_create(
                organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data[DEFAULT_TITLE],
                **{k: form.cleaned_data[k] for k in required},
                **{k: v for k, v in fields.items() if k not in required},
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        # Sessions go through the services so moves are announced and rules hold.
        # The lists below feed the admin's change message (normally set by formset.save()).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not hasattr(inline_form, "cleaned_data") or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            instance = inline_form.instance
            if data.get("DELETE"):
                if instance.pk:
                    services.session_delete(session=instance)
                    formset.deleted_objects.append(instance)
                continue
            fields = {k: data[k] for k in inline_form.changed_data if k in services.SESSION_FIELDS}
            speakers = data.get("speakers") if "speakers" in inline_form.changed_data else None
            if instance.pk is None:
                fields["title"] = data[DEFAULT_TITLE]
                created = services.session_create(
                    event=form.instance, speakers=speakers or (), **fields
                )
                formset.new_objects.append(created)
            elif fields or speakers is not None:
                updated = services.session_update(session=instance, data=fields, speakers=speakers)
                formset.changed_objects.append((updated, inline_form.changed_data))

    @admin.action(description=_("Publish selected draft events"))
    def publish(self, request, queryset):
        self._transition(request, queryset, services.event_publish)

    @admin.action(description=_("Cancel selected events"))
    def cancel(self, request, queryset):
        self._transition(request, queryset, services.event_cancel)

    def _transition(self, request, queryset, service):
        for event in queryset:
            if not self.has_change_permission(request, event):
                self.message_user(
                    request, _("%(event)s: not yours to change.") % {"event": event}, messages.ERROR
                )
                continue
            try:
                service(event=event)
            except BridgesError as exc:
                self.message_user(request, f"{event}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{event}: {_('done')}", messages.SUCCESS)


@admin.register(Session)
class SessionAdmin(
    AuditHistoryAdminMixin, LocalTimesAdminMixin, OrganisationScopedMixin, TranslationAdmin
):
    form = SessionAdminForm
    org_field = "event__organisation_id"
    list_display = ["title", "event", "kind", "local_time", "venue", "status"]
    list_filter = ["status", "kind", "event__organisation", "event"]
    search_fields = ["title", "description", "event__title", "speakers__name"]
    list_select_related = ["event", "venue"]
    readonly_fields = ["status"]
    actions = ["cancel_sessions"]

    def _org_id(self, obj):
        return obj.event.organisation_id

    @admin.display(description=_("When (local time)"), ordering="starts_at")
    def local_time(self, obj: Session) -> str:
        start, end = obj.local_starts_at, obj.local_ends_at
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {start.tzinfo}"

    def get_readonly_fields(self, request, obj=None):
        # The event is fixed once the session exists; moving it to another event is a new session.
        return ["status", "event"] if obj else ["status"]

    def save_model(self, request, obj, form, change):
        fields = {
            k: form.cleaned_data[k] for k in form.changed_data if k in services.SESSION_FIELDS
        }
        if change:
            services.session_update(session=obj, data=fields)
        else:
            fields["title"] = form.cleaned_data[DEFAULT_TITLE]
            created = services.session_create(event=form.cleaned_data["event"], **fields)
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        if "speakers" in form.changed_data:
            services.session_update(
                session=form.instance, data={}, speakers=form.cleaned_data["speakers"]
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Cancel selected sessions"))
    def cancel_sessions(self, request, queryset):
        for session in queryset.exclude(status=SessionStatus.CANCELLED):
            if self.has_change_permission(request, session):
                services.session_cancel(session=session)
