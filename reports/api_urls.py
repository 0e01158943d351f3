"""Reports API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from .api import views

urlpatterns = [
    path("events/<slug:slug>/stats/", views.EventStatsView.as_view(), name="reports-event-stats"),
    path(
        "programmes/<int:pk>/stats/",
        views.ProgrammeStatsView.as_view(),
        name="reports-programme-stats",
    ),
]
