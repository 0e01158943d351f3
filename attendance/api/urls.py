from django.urls import path

from . import views
from .certificate_texts import CertificateTextsView

urlpatterns = [
    path(
        "sessions/<int:session_id>/check-ins/",
        views.SessionCheckInsView.as_view(),
        name="attendance-check-ins",
    ),
    path(
        "sessions/<int:session_id>/check-ins/<int:pk>/check-out/",
        views.CheckOutView.as_view(),
        name="attendance-check-out",
    ),
    path(
        "sessions/<int:session_id>/check-outs/",
        views.SessionCheckOutsView.as_view(),
        name="attendance-check-outs",
    ),
    path(
        "events/<slug:slug>/check-in-roster/", views.RosterView.as_view(), name="attendance-roster"
    ),
    path(
        "events/<slug:slug>/attendance/",
        views.AttendanceReportView.as_view(),
        name="attendance-report",
    ),
    path(
        "events/<slug:slug>/attendance/no-shows/",
        views.NoShowsView.as_view(),
        name="attendance-no-shows",
    ),
    path(
        "events/<slug:slug>/certificate-texts/",
        CertificateTextsView.as_view(),
        name="attendance-certificate-texts",
    ),
    path(
        "events/<slug:slug>/attendance/policy/",
        views.PolicyView.as_view(),
        name="attendance-policy",
    ),
    path(
        "events/<slug:slug>/certificates/issue/",
        views.IssueCertificatesView.as_view(),
        name="attendance-issue-certificates",
    ),
    path("events/<slug:slug>/my-pass/", views.MyPassView.as_view(), name="attendance-my-pass"),
    path("passes/<int:pk>/", views.PassDetailView.as_view(), name="attendance-pass"),
    path(
        "passes/<int:pk>/revoke/",
        views.PassActionView.as_view(action="revoke"),
        name="attendance-pass-revoke",
    ),
    path(
        "passes/<int:pk>/reissue/",
        views.PassActionView.as_view(action="reissue"),
        name="attendance-pass-reissue",
    ),
    path(
        "certificates/<str:code>/",
        views.CertificateVerifyView.as_view(),
        name="attendance-certificate-api",
    ),
]
