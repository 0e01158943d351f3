"""Backoffice API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path(
        "organisations/<slug:slug>/invitations/",
        api.OrganisationInvitationsView.as_view(),
        name="organisation-invitations",
    ),
    path("invitations/accept/", api.InvitationAcceptView.as_view(), name="invitation-accept"),
    path("events/<slug:slug>/copy/", api.EventCopyView.as_view(), name="event-copy"),
    path(
        "events/<slug:slug>/invitations/",
        api.EventInvitationsView.as_view(),
        name="event-invitations",
    ),
    path(
        "events/<slug:slug>/co-organisers/<slug:organisation>/",
        api.CoOrganiserAccessView.as_view(),
        name="event-co-organiser-access",
    ),
]
