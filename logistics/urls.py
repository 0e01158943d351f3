"""Logistics pages (included by backend/urls.py under the language prefix)."""

from django.urls import path

from . import views

app_name = "logistics"

_base = "organise/events/<slug:slug>/logistics/"

urlpatterns = [
    path(_base, views.overview, name="overview"),
    path(f"{_base}visa-rules/", views.visa_rules, name="visa-rules"),
    path(f"{_base}visa-status/", views.visa_status, name="visa-status"),
    path(f"{_base}letter-settings/", views.letter_settings, name="letter-settings"),
    path(f"{_base}letters/", views.letters_start, name="letters-start"),
    path(f"{_base}letters/jobs/<int:pk>/", views.letter_job, name="letter-job"),
    path(f"{_base}transport/", views.transport, name="transport"),
    path(f"{_base}passports/", views.passports, name="passports"),
    path(f"{_base}rooms/", views.rooms, name="rooms"),
    path(f"{_base}rooms/jobs/<int:pk>/", views.rooming_job, name="rooming-job"),
    path(f"{_base}grants/", views.grants, name="grants"),
    path(f"{_base}people/", views.people, name="people"),
    path(f"{_base}team/", views.team, name="team"),
    path(f"{_base}follow-up/", views.follow_up_admin, name="follow-up-admin"),
    path("visa-letters/<int:pk>/download/", views.letter_download, name="letter-download"),
    path("visa-letters/verify/<str:reference>/", views.letter_verify, name="letter-verify"),
    path("events/<slug:slug>/travel/", views.my_travel, name="my-travel"),
    path("events/<slug:slug>/travel/follow-up/", views.follow_up, name="follow-up"),
]
