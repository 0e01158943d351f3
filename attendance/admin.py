from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from programmes.caching import bump_version
from reports.authentication import forget_device_tokens

from .models import AttendancePolicy, Certificate, CheckIn, Pass
from .selectors import POLICIES_VERSION_KEY


@admin.register(AttendancePolicy)
class AttendancePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "certificate_threshold",
        "late_grace_minutes",
        "certificates_issued_at",
    ]
    raw_id_fields = ["event"]

    # Scans read each session's policy from the cache under this version.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_version(POLICIES_VERSION_KEY)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_version(POLICIES_VERSION_KEY)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_version(POLICIES_VERSION_KEY)


@admin.register(Pass)
class PassAdmin(admin.ModelAdmin):
    list_display = ["pk", "application", "event", "issued_at", "reissued_at", "revoked_at"]
    list_filter = ["event"]
    raw_id_fields = ["application", "event"]
    # The nonce and feed token are secrets: revoke or reissue through the services.
    exclude = ["nonce", "feed_token"]
    readonly_fields = ["issued_at", "reissued_at", "revoked_at"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = [
        "session",
        "application",
        "scanned_at",
        "late",
        "left_early",
        "checked_in_by",
        "method",
    ]
    list_filter = ["late", "left_early", "method"]
    raw_id_fields = ["session", "application", "checked_in_by", "checked_out_by"]
    list_select_related = ["session", "application__applicant", "checked_in_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "participant_name", "event", "attendance_percent", "issued_at"]
    search_fields = ["code", "participant_name"]
    raw_id_fields = ["application", "event"]
    readonly_fields = ["code", "issued_at"]


# DRF's tokens are the scanning devices'; the check-in reads them from the cache, so
# removing one here says so (as the account deletion does).
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class DeviceTokenAdmin(TokenAdmin):
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_device_tokens()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_device_tokens()
