from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("me/inbox/", views.inbox, name="inbox"),
    path("me/inbox/read-all/", views.inbox_read_all, name="inbox-read-all"),
    path("me/inbox/<int:pk>/read/", views.inbox_read, name="inbox-read"),
    path("me/notifications/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "organiser/events/<int:event_id>/messages/",
        views.message_templates,
        name="message-templates",
    ),
    path(
        "organiser/events/<int:event_id>/messages/languages/",
        views.message_template_languages,
        name="message-template-languages",
    ),
    path(
        "organiser/events/<int:event_id>/messages/failed/",
        views.failed_messages,
        name="failed-messages",
    ),
    path("organiser/events/<int:event_id>/broadcasts/", views.broadcast_new, name="broadcasts"),
    path("organiser/events/<int:event_id>/outbox/", views.outbox, name="outbox"),
    path(
        "organiser/events/<int:event_id>/outbox/<int:pk>/resend/",
        views.outbox_resend,
        name="outbox-resend",
    ),
]
