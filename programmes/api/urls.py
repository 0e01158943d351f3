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
router.register("gender-quotas", views.GenderQuotaViewSet, basename="gender-quota")

urlpatterns = [
    path(
        "events/<slug:slug>/agenda.ics",
        views.EventAgendaICalView.as_view(),
        name="event-agenda-ics",
    ),
    *router.urls,
]
