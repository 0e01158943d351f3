from django.urls import path

from . import views

app_name = "backoffice"

team = "organise/organisations/<slug:slug>/team/"

urlpatterns = [
    path("organise/", views.organiser_area, name="organiser-area"),
    path(team, views.team, name="team"),
    path(f"{team}invite/", views.team_invite, name="team-invite"),
    path(f"{team}<int:pk>/role/", views.team_role, name="team-role"),
    path(f"{team}<int:pk>/remove/", views.team_remove, name="team-remove"),
    path(
        f"{team}invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("organise/events/<slug:slug>/team/", views.event_team, name="event-team"),
    path("organise/invitations/<str:token>/", views.invitation, name="invitation"),
]
