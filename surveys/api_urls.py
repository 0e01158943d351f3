"""Surveys API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from .api import views

urlpatterns = [
    path("events/<slug:slug>/surveys/", views.EventSurveysView.as_view(), name="api-event-surveys"),
    path("surveys/<int:pk>/results/", views.SurveyResultsView.as_view(), name="api-survey-results"),
]
