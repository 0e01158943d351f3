"""Admin for applications, limited to the organisations a staff user manages.

Applications are read-only here: status changes go through admin actions that call
``services.application_transition`` (same transition map, locks, history and signal
as the API). Documents are listed by name only; the files are served by the API's
permission-checked download view.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditHistoryAdminMixin
from backend.errors import BridgesError
from programmes.admin import (
    EventLocalTimesForm,
    LocalTimesAdminMixin,
    OrganisationScopedMixin,
    _managed_orgs,
)
from programmes.caching import event_list_bump_version

from . import services
from .enums import ApplicationStatus
from .models import Application, CallSettings, Document, GuardianConsent, Question, StatusChange


class ManagedScopedMixin(OrganisationScopedMixin):
    """Applicants' data: visible to the event's owners and organisers only."""

    org_field = "event__organisation_id"

    def get_queryset(self, request) -> QuerySet:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.org_field}__in": _managed_orgs(request)})

    def has_module_permission(self, request) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and (request.user.is_superuser or bool(_managed_orgs(request)))
        )

    def has_view_permission(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not self.has_module_permission(request):
            return False
        return obj is None or self._org_id(obj) in _managed_orgs(request)


class ReadOnlyInline(admin.TabularInline):
    """Shown on an application the user may already view; never edited here."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None) -> bool:
        # Only reached from the parent's change page, which checked the organisation.
        return True

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


class GuardianConsentInline(ReadOnlyInline):
    model = GuardianConsent
    fields = [
        "guardian_name",
        "guardian_email",
        "guardian_relation",
        "consent_text_version",
        "requested_at",
        "expires_at",
        "consented_at",
        "consented_ip",
    ]
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


def _transition_action(to_status: ApplicationStatus):
    def action(modeladmin, request, queryset):
        done, failed = 0, []
        for application in queryset.order_by("submitted_at", "pk"):
            try:
                services.application_transition(
                    application=application,
                    to_status=to_status,
                    by=request.user,
                    note="Changed in the admin.",
                )
                done += 1
            except BridgesError as exc:
                failed.append(f"#{application.pk}: {exc.message}")
        if done:
            messages.success(request, _("%(n)s application(s) changed.") % {"n": done})
        for message in failed[:20]:
            messages.error(request, message)

    action.__name__ = f"move_to_{to_status}"
    action.short_description = _("Move to “%(status)s”") % {"status": to_status.label}
    action.allowed_permissions = ("change",)
    return action


@admin.register(Application)
class ApplicationAdmin(AuditHistoryAdminMixin, ManagedScopedMixin, admin.ModelAdmin):
    list_display = ["id", "applicant", "event", "status", "country", "gender", "submitted_at"]
    list_filter = ["status", "event", "country", "gender"]
    list_select_related = ["applicant", "event"]
    search_fields = ["applicant__email", "applicant__profile__full_name", "event__title"]
    date_hierarchy = "submitted_at"
    inlines = [StatusChangeInline, GuardianConsentInline, DocumentInline]
    actions = [
        _transition_action(s)
        for s in (
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.SHORTLISTED,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.REJECTED,
        )
    ]

    def get_readonly_fields(self, request, obj=None):
        # Nothing is edited directly: status through the actions, the rest by the applicant.
        return [f.name for f in Application._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(ManagedScopedMixin, admin.ModelAdmin):
    list_display = ["label", "event", "kind", "required", "order"]
    list_filter = ["event", "kind"]
    ordering = ["event", "order"]


@admin.register(CallSettings)
class CallSettingsAdmin(LocalTimesAdminMixin, ManagedScopedMixin, admin.ModelAdmin):
    form = EventLocalTimesForm  # the offer deadline is typed in the event's zone
    list_display = [
        "event",
        "allow_edits_after_submit",
        "confirmation_days",
        "confirmation_deadline",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        event_list_bump_version()  # the apply pages' copy of the event holds its call settings

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        event_list_bump_version()
