from django.urls import path

from . import views

urlpatterns = [
    path("me/inbox/", views.InboxView.as_view(), name="api-inbox"),
    path("me/inbox/read-all/", views.InboxReadAllView.as_view(), name="api-inbox-read-all"),
    path("me/inbox/<int:pk>/read/", views.InboxReadView.as_view(), name="api-inbox-read"),
    path(
        "me/notification-preferences/",
        views.PreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    path(
        "events/<int:event_id>/message-templates/",
        views.TemplateOverrideListView.as_view(),
        name="api-message-templates",
    ),
    path(
        "events/<int:event_id>/message-templates/preview/",
        views.TemplateOverridePreviewView.as_view(),
        name="api-message-templates-preview",
    ),
    path(
        "events/<int:event_id>/message-templates/<int:pk>/",
        views.TemplateOverrideDetailView.as_view(),
        name="api-message-template",
    ),
    path(
        "events/<int:event_id>/broadcasts/",
        views.BroadcastListView.as_view(),
        name="api-broadcasts",
    ),
    path(
        "events/<int:event_id>/broadcasts/preview/",
        views.BroadcastPreviewView.as_view(),
        name="api-broadcasts-preview",
    ),
]
