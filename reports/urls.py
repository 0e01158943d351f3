"""Reports pages (included by backend/urls.py under the language prefix)."""

from django.urls import path

from . import views

app_name = "reports"

event = "organise/events/<slug:slug>/"

urlpatterns = [
    path(f"{event}dashboard/", views.event_dashboard, name="event-dashboard"),
    path(
        "organise/programmes/<int:pk>/dashboard/",
        views.programme_dashboard,
        name="programme-dashboard",
    ),
]
