"""Applicant pages (included at the site root by backend/urls.py)."""

from django.urls import path

from . import views
from .views import desk
from .views import form_builder as builder

# The organisers' form builder: <form> is "application" or a questionnaire's id.
form = "organise/events/<slug:slug>/forms/<str:form_key>/"

# The applications desk.
apps = "organise/events/<slug:slug>/applications/"

urlpatterns = [
    path(apps, desk.applications_desk, name="applications-desk"),
    path(f"{apps}bulk/", desk.applications_bulk_action, name="applications-desk-bulk"),
    path(f"{apps}views/", desk.saved_view_save, name="applications-desk-view-save"),
    path(
        f"{apps}views/<int:pk>/delete/",
        desk.saved_view_delete,
        name="applications-desk-view-delete",
    ),
    path(f"{apps}<int:pk>/", desk.desk_application, name="applications-desk-application"),
    path(
        f"{apps}<int:pk>/documents/<int:document_pk>/",
        desk.desk_document,
        name="applications-desk-document",
    ),
    # The application form's builder by the event alone (the back office's navigation).
    path(
        "organise/events/<slug:slug>/form/",
        builder.form_builder,
        {"form_key": builder.APPLICATION_FORM},
        name="application-form-builder",
    ),
    path(form, builder.form_builder, name="form-builder"),
    path(f"{form}preview/", builder.form_preview, name="form-preview"),
    path(f"{form}order/", builder.questions_order, name="form-order"),
    path(f"{form}questions/<int:pk>/", builder.question_edit, name="form-question-edit"),
    path(f"{form}questions/<int:pk>/move/", builder.question_move, name="form-question-move"),
    path(f"{form}questions/<int:pk>/hide/", builder.question_hide, name="form-question-hide"),
    path(f"{form}questions/<int:pk>/delete/", builder.question_delete, name="form-question-delete"),
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
