"""Delegations pages (included by backend/urls.py under the language prefix)."""

from django.urls import path

from . import (
    views,
    views_focal,
    views_focal_invitation,
    views_organiser,
    views_organiser_meeting,
    views_organiser_settings,
)

ORGANISE = "organise/events/<slug:slug>/delegations/"

app_name = "delegations"

urlpatterns = [
    path("me/delegations/", views.my_delegations, name="mine"),
    path("delegations/<int:pk>/", views.delegation_page, name="delegation"),
    path("delegations/<int:pk>/answer/", views.delegation_answer, name="answer"),
    path("delegations/<int:pk>/seats/", views.seat_request, name="seat-request"),
    path(
        "delegations/<int:pk>/bilaterals/",
        views_focal.bilateral_request,
        name="bilateral-request",
    ),
    path(
        "delegations/bilaterals/<int:pk>/answer/",
        views_focal.bilateral_answer,
        name="bilateral-answer",
    ),
    path(
        "delegations/nominees/<int:pk>/replace/",
        views_focal.nominee_replace,
        name="nominee-replace",
    ),
    path(
        "delegations/nominees/<int:pk>/withdraw/",
        views_focal.nominee_withdraw,
        name="nominee-withdraw",
    ),
    path("delegations/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("delegations/<int:pk>/bilaterals.ics", views.bilaterals_calendar, name="bilaterals-ics"),
    path("delegations/invitation/<str:token>/", views.invitation_link, name="invitation-link"),
    path(
        "delegations/focal-point/<str:token>/",
        views_focal_invitation.focal_point_invitation,
        name="focal-point-invitation",
    ),
    path("delegations/nominee/<str:token>/", views.nominee_profile, name="nominee-profile"),
    path(
        "delegations/nominee/<str:token>/photo/",
        views.nominee_profile_photo,
        name="nominee-profile-photo",
    ),
    path("delegations/nominees/<int:pk>/photo/", views.nominee_photo, name="nominee-photo"),
    path(
        "delegations/nominees/<int:pk>/photo/upload/",
        views.nominee_photo_upload,
        name="nominee-photo-upload",
    ),
    path("events/<slug:slug>/meeting-documents/", views.documents, name="documents"),
    path("organise/events/<slug:slug>/delegations/", views.organise_delegations, name="organise"),
    path(
        "organise/events/<slug:slug>/delegations/invite/",
        views.organise_invite_all,
        name="organise-invite",
    ),
    path(
        "organise/events/<slug:slug>/delegations/nominees/<int:pk>/decide/",
        views.organise_decide,
        name="organise-decide",
    ),
    path(
        "organise/events/<slug:slug>/delegations/seat-requests/<int:pk>/",
        views.organise_seat_request,
        name="organise-seat-request",
    ),
    # The organiser's back-office pages (views_organiser*.py).
    path(ORGANISE + "partners/", views_organiser.partners, name="organise-partners"),
    path(ORGANISE + "partners/<int:pk>/", views_organiser.partner_edit, name="organise-partner"),
    path(ORGANISE + "letter/", views_organiser.letter, name="organise-letter"),
    path(
        ORGANISE + "letter/preview.pdf",
        views_organiser.letter_preview,
        name="organise-letter-preview",
    ),
    path(ORGANISE + "letter/send/", views_organiser.letter_send, name="organise-letter-send"),
    path(ORGANISE + "letter/remind/", views_organiser.letter_remind, name="organise-letter-remind"),
    path(
        ORGANISE + "settings/",
        views_organiser_settings.protocol_settings,
        name="organise-settings",
    ),
    path(ORGANISE + "speakers/", views_organiser_settings.speakers, name="organise-speakers"),
    path(ORGANISE + "documents/", views_organiser_meeting.documents, name="organise-documents"),
    path(
        ORGANISE + "documents/<int:pk>/",
        views_organiser_meeting.document,
        name="organise-document",
    ),
    path(ORGANISE + "bilaterals/", views_organiser_meeting.bilaterals, name="organise-bilaterals"),
    path(
        ORGANISE + "bilaterals/schedule/",
        views_organiser_meeting.bilaterals_schedule,
        name="organise-bilaterals-schedule",
    ),
    path(ORGANISE + "badges/", views_organiser_meeting.badges, name="organise-badges"),
    path(
        ORGANISE + "badges/print/",
        views_organiser_meeting.badges_print,
        name="organise-badges-print",
    ),
    path(
        ORGANISE + "badges/jobs/<int:pk>/",
        views_organiser_meeting.badge_batch_status,
        name="organise-badge-batch",
    ),
]
