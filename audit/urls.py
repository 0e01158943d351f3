from django.urls import path

from . import views

urlpatterns = [
    path("events/<slug:slug>/history/", views.event_log, name="audit-event-log"),
    path(
        "events/<slug:slug>/history/<str:model>/<int:object_id>/",
        views.object_history,
        name="audit-object-history",
    ),
]
