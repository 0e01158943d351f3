from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("events/<slug:slug>/my-agenda/", views.my_agenda, name="my-agenda"),
    path("events/<slug:slug>/check-in/", views.check_in_page, name="check-in"),
    path("events/<slug:slug>/attendance/", views.dashboard, name="dashboard"),
    path(
        "events/<slug:slug>/attendance/certificate/",
        views.certificate_texts,
        name="certificate-texts",
    ),
    path(
        "events/<slug:slug>/passes/<int:pk>/revoke/",
        views.pass_action,
        {"action": "revoke"},
        name="pass-revoke",
    ),
    path(
        "events/<slug:slug>/passes/<int:pk>/reissue/",
        views.pass_action,
        {"action": "reissue"},
        name="pass-reissue",
    ),
    path("ical/<str:token>.ics", views.ical_feed, name="ical-feed"),
    path("passes/<str:token>/qr.png", views.pass_qr_png, name="pass-qr"),
    path("passes/<str:token>/pass.pdf", views.pass_card_pdf, name="pass-pdf"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
    path(
        "certificates/<str:code>/download/", views.certificate_download, name="certificate-download"
    ),
]
