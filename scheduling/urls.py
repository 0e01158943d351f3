from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("events/<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("events/<slug:slug>/schedule/run/", views.schedule_start, name="schedule-start"),
    path(
        "events/<slug:slug>/schedule/runs/<int:pk>/cancel/",
        views.schedule_cancel,
        name="schedule-cancel",
    ),
    path(
        "events/<slug:slug>/schedule/runs/<int:pk>/accept/",
        views.schedule_accept,
        name="schedule-accept",
    ),
    path("events/<slug:slug>/teams/", views.teams, name="teams"),
    path("events/<slug:slug>/teams/members/<int:pk>/move/", views.team_move, name="team-move"),
]
