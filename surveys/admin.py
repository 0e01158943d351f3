"""Surveys in Django's admin: read-only for site admins (surveys change through their
services, from the organiser's pages). A response of an anonymous survey shows its
answers and never a person: neither the application (empty on such rows anyway) nor
the pair key, and no list, filter or search of responses reaches a person through it."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Response, Survey, Wave


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class WaveInline(admin.TabularInline):
    model = Wave
    fields = ["number", "opens_at", "closes_at", "remind_at", "invited_at", "reminded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title", "event", "kind", "anonymous", "summary_published", "created_at"]
    list_filter = ["kind", "anonymous", "summary_published"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    fields = [
        "event",
        "kind",
        "title",
        "intro",
        "questionnaire",
        "anonymous",
        "session",
        "min_sessions",
        "team",
        "delegation",
        "min_group_size",
        "summary_published",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [WaveInline]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "wave", "submitted_day", "respondent"]
    list_filter = ["wave__survey__anonymous", ("submitted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["wave__survey", "application__applicant"]
    # Nothing to search by: a search on names would join people to answers.
    search_fields: list[str] = []

    def get_fields(self, request, obj=None):
        fields = ["wave", "submitted_day", "answers"]
        if obj is not None and not obj.wave.survey.anonymous:
            fields.insert(1, "application")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("submitted on"))
    def submitted_day(self, obj: Response):
        return obj.submitted_at.date() if obj.submitted_at else None

    @admin.display(description=_("respondent"))
    def respondent(self, obj: Response) -> str:
        if obj.wave.survey.anonymous or obj.application_id is None:
            return str(_("anonymous"))
        return str(obj.application.applicant)
