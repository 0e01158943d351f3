"""Scheduling API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from . import views

base = "events/<int:event_id>/scheduling/"

urlpatterns = [
    path(f"{base}rules/", views.RulesView.as_view(), name="scheduling-rules"),
    path(f"{base}requests/", views.RequestListView.as_view(), name="scheduling-requests"),
    path(f"{base}requests/<int:pk>/", views.RequestDetailView.as_view(), name="scheduling-request"),
    path(
        f"{base}availability/", views.AvailabilityListView.as_view(), name="scheduling-availability"
    ),
    path(
        f"{base}availability/<int:pk>/",
        views.AvailabilityDetailView.as_view(),
        name="scheduling-availability-detail",
    ),
    path(f"{base}runs/", views.RunListView.as_view(), name="scheduling-runs"),
    path(f"{base}runs/<int:pk>/", views.RunDetailView.as_view(), name="scheduling-run"),
    path(
        f"{base}runs/<int:pk>/cancel/", views.RunCancelView.as_view(), name="scheduling-run-cancel"
    ),
    path(
        f"{base}runs/<int:pk>/accept/", views.RunAcceptView.as_view(), name="scheduling-run-accept"
    ),
    path(f"{base}live/", views.LiveView.as_view(), name="scheduling-live"),
    path(f"{base}teams/", views.TeamListView.as_view(), name="scheduling-teams"),
    path(f"{base}teams/form/", views.TeamsFormView.as_view(), name="scheduling-teams-form"),
    path(
        f"{base}teams/members/<int:pk>/move/",
        views.TeamMemberMoveView.as_view(),
        name="scheduling-team-move",
    ),
    path(f"{base}my-team/", views.MyTeamView.as_view(), name="scheduling-my-team"),
]
