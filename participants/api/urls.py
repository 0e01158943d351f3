"""Applications API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/profile/", views.MeProfileView.as_view(), name="me-profile"),
    path("me/profile/photo/", views.MeProfilePhotoView.as_view(), name="me-profile-photo"),
    path("me/applications/", views.MyApplicationsView.as_view(), name="me-applications"),
    path("me/export/", views.MeExportView.as_view(), name="me-export"),
    path(
        "events/<slug:slug>/application/",
        views.EventMyApplicationView.as_view(),
        name="event-my-application",
    ),
    path(
        "events/<slug:slug>/application/draft/",
        views.DraftSaveView.as_view(),
        name="application-draft",
    ),
    path(
        "events/<slug:slug>/applications/",
        views.EventApplicationsView.as_view(),
        name="event-applications",
    ),
    path(
        "events/<slug:slug>/applications/export.csv",
        views.EventApplicationsCSVView.as_view(),
        name="event-applications-csv",
    ),
    path(
        "events/<slug:slug>/applications/export.xlsx",
        views.EventApplicationsXLSXView.as_view(),
        name="event-applications-xlsx",
    ),
    path("events/<slug:slug>/questions/", views.QuestionListView.as_view(), name="event-questions"),
    path(
        "events/<slug:slug>/questions/<int:pk>/",
        views.QuestionDetailView.as_view(),
        name="event-question",
    ),
    path(
        "events/<slug:slug>/call-settings/",
        views.CallSettingsView.as_view(),
        name="event-call-settings",
    ),
    path(
        "applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"
    ),
    path(
        "applications/<int:pk>/submit/",
        views.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/confirm/",
        views.ApplicationConfirmView.as_view(),
        name="application-confirm",
    ),
    path(
        "applications/<int:pk>/decline/",
        views.ApplicationDeclineView.as_view(),
        name="application-decline",
    ),
    path(
        "applications/<int:pk>/documents/",
        views.ApplicationDocumentsView.as_view(),
        name="application-documents",
    ),
    path(
        "applications/<int:pk>/guardian-consent/resend/",
        views.GuardianConsentResendView.as_view(),
        name="application-consent-resend",
    ),
    path(
        "applications/<int:pk>/guardian/",
        views.ApplicationGuardianView.as_view(),
        name="application-guardian",
    ),
    path("consent/<str:token>/", views.ConsentView.as_view(), name="api-guardian-consent"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path(
        "documents/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document-download",
    ),
]
