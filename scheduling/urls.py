from django.urls import path

from . import agenda_views, views

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
    path("organise/events/<slug:slug>/agenda/", agenda_views.agenda_editor, name="agenda-editor"),
    path(
        "organise/events/<slug:slug>/agenda/sessions/new/",
        agenda_views.agenda_session,
        name="agenda-session-new",
    ),
    path(
        "organise/events/<slug:slug>/agenda/sessions/<int:pk>/",
        agenda_views.agenda_session,
        name="agenda-session",
    ),
    path(
        "organise/events/<slug:slug>/agenda/sessions/<int:pk>/move/",
        agenda_views.agenda_session_move,
        name="agenda-session-move",
    ),
    path(
        "organise/events/<slug:slug>/agenda/proposals/<int:pk>/accept/",
        agenda_views.agenda_accept,
        name="agenda-accept",
    ),
    path("events/<slug:slug>/teams/", views.teams, name="teams"),
    path("events/<slug:slug>/teams/members/<int:pk>/move/", views.team_move, name="team-move"),
]
