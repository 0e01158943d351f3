"""Reports pages (included by backend/urls.py under the language prefix)."""

from django.urls import path

from . import views

app_name = "reports"

event = "organise/events/<slug:slug>/"

urlpatterns = [
    path(f"{event}dashboard/", views.event_dashboard, name="event-dashboard"),
    path(f"{event}exports/", views.exports_page, name="exports"),
    path(
        f"{event}exports/<slug:name>.<str:fmt>", views.export_download, name="export-download-now"
    ),
    path(
        f"{event}exports/scheduled/<int:pk>/delete/",
        views.scheduled_export_delete,
        name="scheduled-export-delete",
    ),
    path("organise/exports/<int:pk>/download/", views.export_run_download, name="export-download"),
    path(
        "organise/organisations/<slug:slug>/integrations/", views.integrations, name="integrations"
    ),
    path(
        "organise/organisations/<slug:slug>/integrations/webhooks/<int:pk>/delete/",
        views.webhook_delete,
        name="webhook-delete",
    ),
    path(
        "organise/organisations/<slug:slug>/integrations/deliveries/<int:pk>/replay/",
        views.webhook_replay,
        name="webhook-replay",
    ),
    path(
        "organise/organisations/<slug:slug>/integrations/tokens/",
        views.organisation_token_create,
        name="token-create",
    ),
    path(
        "organise/organisations/<slug:slug>/integrations/tokens/<int:pk>/revoke/",
        views.organisation_token_revoke,
        name="token-revoke",
    ),
    path("organise/tokens/", views.my_tokens, name="my-tokens"),
    path("organise/tokens/<int:pk>/revoke/", views.my_token_revoke, name="my-token-revoke"),
    path(
        "organise/programmes/<int:pk>/dashboard/",
        views.programme_dashboard,
        name="programme-dashboard",
    ),
]
