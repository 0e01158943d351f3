from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_index, name="event-index"),
    path("events/<slug:slug>/", views.event_page, name="event-page"),
    path("events/<slug:slug>/agenda.ics", views.event_agenda_ics, name="event-agenda-ics"),
]
