"""Reports API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from .api import exports, views

urlpatterns = [
    path("events/<slug:slug>/stats/", views.EventStatsView.as_view(), name="reports-event-stats"),
    path(
        "programmes/<int:pk>/stats/",
        views.ProgrammeStatsView.as_view(),
        name="reports-programme-stats",
    ),
    path(
        "events/<slug:slug>/exports/",
        exports.EventExportsView.as_view(),
        name="reports-event-exports",
    ),
    path(
        "events/<slug:slug>/exports/jobs/<int:pk>/",
        exports.ExportJobView.as_view(),
        name="reports-export-job",
    ),
    path(
        "events/<slug:slug>/exports/jobs/<int:pk>/download/",
        exports.ExportJobDownloadView.as_view(),
        name="reports-export-job-download",
    ),
    path(
        "events/<slug:slug>/exports/<slug:name>.<str:fmt>",
        exports.EventExportRunView.as_view(),
        name="reports-export-run",
    ),
]
