from django.contrib import admin

from .models import (
    ConflictDeclaration,
    Criterion,
    Review,
    ReviewAssignment,
    ReviewSettings,
    Score,
    SelectionDecision,
)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "reviews_needed",
        "blind",
        "avoid_same_nationality",
        "disagreement_threshold",
        "gender_max_share",
    ]
    search_fields = ["event__title"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "weight", "scale_min", "scale_max", "order"]
    list_filter = ["event"]
    search_fields = ["name", "event__title"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "source", "created_at"]
    list_filter = ["source", "application__event"]
    raw_id_fields = ["application", "reviewer", "assigned_by"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    # Scores change only through review_submit (it recomputes the weighted score).
    readonly_fields = ["criterion", "value"]
    can_delete = False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "weighted_score", "submitted_at"]
    list_filter = ["application__event"]
    raw_id_fields = ["assignment", "application", "reviewer"]
    readonly_fields = ["weighted_score", "submitted_at"]
    inlines = [ScoreInline]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "application", "reason", "created_at"]
    raw_id_fields = ["reviewer", "application"]


@admin.register(SelectionDecision)
class SelectionDecisionAdmin(admin.ModelAdmin):
    list_display = [
        "application",
        "event",
        "outcome",
        "rank",
        "waitlist_position",
        "promoted_at",
        "explanation",
    ]
    list_filter = ["event", "outcome"]
    raw_id_fields = ["application", "decided_by"]
    # Decisions are applied through the selection page so statuses and seats stay right.
    readonly_fields = [
        "outcome",
        "rank",
        "waitlist_position",
        "promoted_at",
        "explanation",
        "decided_by",
    ]
