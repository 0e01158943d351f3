"""The audit log in the admin: a read-only list, and each object's entries on its History.

``AuditHistoryAdminMixin`` puts an object's audit entries on the admin's History page
(above the admin's own list of edits made through the admin). Both obey ``audit.rules``:
organisers see their organisations' entries, superusers all.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from programmes.selectors import managed_organisation_ids

from .models import LogEntry
from .registry import action_text
from .scope import scope_of
from .selectors import history_for


class AuditHistoryAdminMixin:
    object_history_template = "admin/audit/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        rows = []
        if obj is not None and self.has_view_or_change_permission(request, obj):
            _event_id, organisation_id = scope_of(obj)
            if request.user.has_perm("audit.view_history", organisation_id):
                sensitive = request.user.has_perm("audit.view_sensitive")
                rows = history_for(obj, include_sensitive=sensitive)
        context = {**(extra_context or {}), "audit_rows": rows}
        return super().history_view(request, object_id, extra_context=context)


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "object_repr", "actor", "event")
    list_filter = ("action_type", "content_type", "created_at")
    search_fields = ("object_repr", "actor__email", "action_type")
    list_select_related = ("actor", "event")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "action_type",
        "actor",
        "content_type",
        "object_id",
        "object_repr",
        "event",
        "organisation",
        "data",
        "sensitive",
    )
    readonly_fields = fields

    @admin.display(description=_("action"), ordering="action_type")
    def action(self, entry: LogEntry) -> str:
        return str(action_text(entry.action_type))

    def get_queryset(self, request) -> QuerySet[LogEntry]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            organisation_id__in=managed_organisation_ids(request.user), sensitive=False
        )

    def has_module_permission(self, request) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (user.is_superuser or bool(managed_organisation_ids(user)))
        )

    def has_view_permission(self, request, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return not obj.sensitive and request.user.has_perm(
            "audit.view_history", obj.organisation_id
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
