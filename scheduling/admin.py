from django.contrib import admin

from programmes.admin import EventLocalTimesForm, LocalTimesAdminMixin, VenueLocalTimesForm

from .models import (
    ProposedPlacement,
    ScheduleRun,
    SchedulingRules,
    SessionRequest,
    SpeakerAvailability,
    Team,
    TeamMember,
)


@admin.register(SchedulingRules)
class SchedulingRulesAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "slot_minutes",
        "day_starts_at",
        "day_ends_at",
        "lunch_starts_at",
        "lunch_ends_at",
    ]
    raw_id_fields = ["event"]


@admin.register(SessionRequest)
class SessionRequestAdmin(LocalTimesAdminMixin, admin.ModelAdmin):
    form = VenueLocalTimesForm  # a fixed start is the venue's (else the event's) local time
    list_display = ["title", "event", "kind", "duration_minutes", "city", "team", "fixed_start"]
    list_filter = ["kind"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event", "venue", "team", "session"]
    filter_horizontal = ["speakers"]


@admin.register(SpeakerAvailability)
class SpeakerAvailabilityAdmin(LocalTimesAdminMixin, admin.ModelAdmin):
    form = EventLocalTimesForm
    list_display = ["person", "event", "starts_at", "ends_at"]
    raw_id_fields = ["event", "person"]


class PlacementInline(admin.TabularInline):
    model = ProposedPlacement
    extra = 0
    fields = ["request", "venue", "starts_at", "ends_at", "accepted_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    # Runs change only through the solver task and the cancel/accept services.
    list_display = ["pk", "event", "status", "progress", "created_at", "wall_seconds"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ScheduleRun._meta.fields]
    inlines = [PlacementInline]

    def has_add_permission(self, request) -> bool:
        return False


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user", "event"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "number"]
    raw_id_fields = ["event"]
    inlines = [TeamMemberInline]
