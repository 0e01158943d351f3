"""Delegations pages (included by backend/urls.py under the language prefix)."""

from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("me/delegations/", views.my_delegations, name="mine"),
    path("delegations/<int:pk>/", views.delegation_page, name="delegation"),
    path("delegations/<int:pk>/answer/", views.delegation_answer, name="answer"),
    path("delegations/<int:pk>/seats/", views.seat_request, name="seat-request"),
    path("delegations/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("delegations/<int:pk>/bilaterals.ics", views.bilaterals_calendar, name="bilaterals-ics"),
    path("delegations/nominee/<str:token>/", views.nominee_profile, name="nominee-profile"),
    path("events/<slug:slug>/meeting-documents/", views.documents, name="documents"),
    path("organise/events/<slug:slug>/delegations/", views.organise_delegations, name="organise"),
    path(
        "organise/events/<slug:slug>/delegations/invite/",
        views.organise_invite_all,
        name="organise-invite",
    ),
    path(
        "organise/events/<slug:slug>/delegations/nominees/<int:pk>/decide/",
        views.organise_decide,
        name="organise-decide",
    ),
    path(
        "organise/events/<slug:slug>/delegations/seat-requests/<int:pk>/",
        views.organise_seat_request,
        name="organise-seat-request",
    ),
]
