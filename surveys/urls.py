"""Surveys pages (included by backend/urls.py under the language prefix)."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("organise/events/<slug:slug>/surveys/", views.survey_list, name="list"),
    path("organise/events/<slug:slug>/surveys/<int:pk>/", views.survey_detail, name="detail"),
    path("organise/events/<slug:slug>/surveys/<int:pk>/edit/", views.survey_edit, name="edit"),
    path(
        "organise/events/<slug:slug>/surveys/<int:pk>/waves/<int:number>/send/",
        views.wave_send,
        name="wave-send",
    ),
    path(
        "organise/events/<slug:slug>/surveys/<int:pk>/publish/",
        views.survey_publish,
        name="publish",
    ),
    path(
        "organise/events/<slug:slug>/surveys/<int:pk>/export.<str:fmt>",
        views.survey_export,
        name="export",
    ),
    path(
        "organise/events/<slug:slug>/surveys/<int:pk>/report.pdf",
        views.survey_report,
        name="report",
    ),
    path("events/<slug:slug>/impact/", views.impact_summary, name="impact"),
    path(
        "survey/session/<int:session_pk>/feedback/",
        views.session_feedback,
        name="session-feedback",
    ),
    path("survey/<str:token>/", views.respond, name="respond"),
    path("survey/<str:token>/my-answers.pdf", views.respond_pdf, name="respond-pdf"),
]
