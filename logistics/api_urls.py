"""Logistics API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from .api import views

_base = "events/<slug:slug>/logistics/"

urlpatterns = [
    path(f"{_base}visas/", views.VisasView.as_view(), name="api-logistics-visas"),
    path(
        f"{_base}visa-rules/<str:country>/",
        views.VisaRulesView.as_view(),
        name="api-logistics-visa-rules",
    ),
    path(
        f"{_base}visa-cases/<int:pk>/", views.VisaCaseView.as_view(), name="api-logistics-visa-case"
    ),
    path(f"{_base}letter-jobs/", views.LetterJobsView.as_view(), name="api-logistics-letter-jobs"),
    path(
        f"{_base}letter-jobs/<int:pk>/",
        views.LetterJobView.as_view(),
        name="api-logistics-letter-job",
    ),
    path(f"{_base}passports/", views.PassportsView.as_view(), name="api-logistics-passports"),
    path(f"{_base}rooming/", views.RoomingView.as_view(), name="api-logistics-rooming"),
    path(f"{_base}pickups/", views.PickupsView.as_view(), name="api-logistics-pickups"),
    path(
        "events/<slug:slug>/my-travel/passport/",
        views.MyPassportView.as_view(),
        name="api-my-passport",
    ),
    path(
        "events/<slug:slug>/my-travel/flights/",
        views.MyFlightsView.as_view(),
        name="api-my-flights",
    ),
]
