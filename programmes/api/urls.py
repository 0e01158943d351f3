"""Programmes API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("events", views.EventViewSet, basename="event")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("people", views.PersonViewSet, basename="person")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("legs", views.LegViewSet, basename="leg")
router.register("quotas", views.QuotaViewSet, basename="quota")

# The agenda's cache-first path sits in front of the router's route for the same URL;
# the router's route stays in the schema and handles everything the cache cannot.
_agenda = next(p.callback for p in router.urls if p.name == "event-agenda")
_event_list = next(p.callback for p in router.urls if p.name == "event-list")

urlpatterns = [
    path("events/", views.public_event_list_view(_event_list)),
    path("events/<slug:slug>/agenda/", views.public_agenda_view(_agenda)),
    path(
        "events/<slug:slug>/agenda.ics",
        views.EventAgendaICalView.as_view(),
        name="event-agenda-ics",
    ),
    *router.urls,
]
