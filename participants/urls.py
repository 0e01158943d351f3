"""Applicant pages (included at the site root by backend/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/profile/", views.profile, name="my-profile"),
    path("me/profile/photo/", views.profile_photo_edit, name="my-profile-photo"),
    path("people/<int:user_id>/photo/", views.profile_photo, name="profile-photo"),
    path("me/applications/", views.my_applications, name="my-applications"),
    path(
        "me/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="my-application-withdraw",
    ),
    path(
        "me/applications/<int:pk>/confirm/",
        views.application_confirm,
        name="my-application-confirm",
    ),
    path(
        "me/applications/<int:pk>/decline/",
        views.application_decline,
        name="my-application-decline",
    ),
    path(
        "me/applications/<int:pk>/resend-consent/",
        views.application_resend_consent,
        name="my-application-resend-consent",
    ),
    path("me/data/", views.my_data, name="my-data"),
    path("me/data/export.json", views.my_data_export, name="my-data-export"),
    path("me/data/delete/", views.account_delete, name="my-account-delete"),
    path("events/<slug:slug>/apply/", views.apply, name="apply"),
    path("events/<slug:slug>/apply/<slug:step>/", views.apply_step, name="apply-step"),
    path("consent/<str:token>/", views.guardian_consent, name="guardian-consent"),
]
