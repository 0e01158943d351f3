from django.urls import path

from . import event_views, organisation_views, place_views, views

app_name = "backoffice"

team = "organise/organisations/<slug:slug>/team/"
event = "organise/events/<slug:slug>/"

urlpatterns = [
    path("organise/", views.organiser_area, name="organiser-area"),
    path(team, views.team, name="team"),
    path(f"{team}invite/", views.team_invite, name="team-invite"),
    path(
        "organise/organisations/<slug:slug>/settings/",
        organisation_views.organisation_settings,
        name="organisation-settings",
    ),
    path(f"{team}<int:pk>/role/", views.team_role, name="team-role"),
    path(f"{team}<int:pk>/remove/", views.team_remove, name="team-remove"),
    path(
        f"{team}invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("organise/events/<slug:slug>/team/", views.event_team, name="event-team"),
    path("organise/events/<slug:slug>/team/invite/", views.event_invite, name="event-invite"),
    path(
        "organise/events/<slug:slug>/team/roles/<int:pk>/remove/",
        views.event_role_remove,
        name="event-role-remove",
    ),
    path(
        "organise/events/<slug:slug>/team/invitations/<int:pk>/withdraw/",
        views.event_invitation_withdraw,
        name="event-invitation-withdraw",
    ),
    path(
        "organise/events/<slug:slug>/team/co-organisers/add/",
        views.co_organiser_add,
        name="event-co-organiser-add",
    ),
    path(
        "organise/events/<slug:slug>/team/co-organisers/<int:pk>/remove/",
        views.co_organiser_remove,
        name="event-co-organiser-remove",
    ),
    path(
        "organise/events/<slug:slug>/team/co-organisers/<int:pk>/",
        views.co_organiser_access,
        name="event-co-organiser-access",
    ),
    path("organise/organisations/<slug:slug>/events/new/", event_views.event_new, name="event-new"),
    path(
        "organise/organisations/<slug:slug>/events/copy/", event_views.event_copy, name="event-copy"
    ),
    path(event, event_views.event_overview, name="event-overview"),
    path(f"{event}basics/", event_views.event_basics, name="event-basics"),
    path(f"{event}dates/", event_views.event_dates, name="event-dates"),
    path(f"{event}dates/legs/", event_views.leg_add, name="event-leg-add"),
    path(f"{event}dates/legs/<int:pk>/delete/", event_views.leg_delete, name="event-leg-delete"),
    path(f"{event}dates/legs/<int:pk>/", place_views.leg_edit, name="event-leg-edit"),
    path(f"{event}venues/<int:pk>/", place_views.venue_edit, name="event-venue-edit"),
    path(f"{event}venues/<int:pk>/delete/", place_views.venue_delete, name="event-venue-delete"),
    path(f"{event}venues/", event_views.event_venues, name="event-venues"),
    path(f"{event}call/", event_views.event_call, name="event-call"),
    path(f"{event}quotas/", event_views.event_quotas, name="event-quotas"),
    path(f"{event}quotas/add/", event_views.quota_add, name="event-quota-add"),
    path(f"{event}quotas/<int:pk>/delete/", event_views.quota_delete, name="event-quota-delete"),
    path(f"{event}review/", event_views.event_review, name="event-review"),
    path(f"{event}publish/", event_views.event_publish, name="event-publish"),
    path("organise/invitations/<str:token>/", views.invitation, name="invitation"),
]
