"""Django admin for organisers, limited to their own organisations' rows.

A staff user (``is_staff``) who is a member of an organisation sees its programmes,
events, venues and people; owners and organisers may change them, reviewers and
staff members only look. Foreign-key choices are limited the same way, so nobody can
attach another organisation's venue or speaker. Superusers see everything.
Sessions, event status and memberships change through the services, so the admin
obeys the same rules (and sends the same signals) as the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.errors import BridgesError

from . import services
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
from .permissions import managed_organisation_ids, member_organisation_ids


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


class ScopedInline(OrganisationScopedMixin, admin.TabularInline):
    org_field = "event__organisation_id"
    extra = 0

    def _org_id(self, obj):
        # Inline permission checks receive the parent event.
        return getattr(obj, "organisation_id", None)


class LegInline(ScopedInline):
    model = Leg
    fields = ["city", "country", "start_date", "end_date"]


class CountryQuotaInline(ScopedInline):
    model = CountryQuota
    fields = ["country", "minimum", "maximum"]


class SessionInlineFormSet(forms.BaseInlineFormSet):
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


class SessionInline(ScopedInline):
    model = Session
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


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedMixin, admin.ModelAdmin):
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
class ProgrammeAdmin(OrganisationScopedMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "slug"]
    list_filter = ["organisation"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["organisation"]


@admin.register(Venue)
class VenueAdmin(OrganisationScopedMixin, admin.ModelAdmin):
    list_display = ["name", "city", "country", "time_zone", "capacity", "organisation"]
    list_filter = ["country", "time_zone", "organisation"]
    search_fields = ["name", "city", "address"]
    list_select_related = ["organisation"]


@admin.register(Person)
class PersonAdmin(OrganisationScopedMixin, admin.ModelAdmin):
    list_display = ["name", "affiliation", "country", "organisation"]
    list_filter = ["country", "organisation"]
    search_fields = ["name", "affiliation", "email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - ModelAdmin.get_form passes its own field list

    def _post_clean(self):
        # After construct_instance, so the check sees the submitted dates and zone.
        super()._post_clean()
        if self.instance.pk and not self.errors:
            try:
                services.event_check_contents_fit(event=self.instance)
            except BridgesError as exc:
                self.add_error(exc.field, exc.message)


@admin.register(Event)
class EventAdmin(OrganisationScopedMixin, admin.ModelAdmin):
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
            required = ("title", "kind", "host_country", "start_date", "end_date", "time_zone")
            created = services.event_create(
                organisation=form.cleaned_data["organisation"],
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
class SessionAdmin(OrganisationScopedMixin, admin.ModelAdmin):
    org_field = "event__organisation_id"
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "venue", "status"]
    list_filter = ["status", "kind", "event__organisation", "event"]
    search_fields = ["title", "description", "event__title", "speakers__name"]
    list_select_related = ["event", "venue"]
    readonly_fields = ["status"]
    actions = ["cancel_sessions"]

    def _org_id(self, obj):
        return obj.event.organisation_id

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
