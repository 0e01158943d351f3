"""Delegations API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from .api import views as v
from .api.focal_points import PartnerFocalPointInvitationView, PartnerFocalPointsView
from .api.partners import EventPartnersView, EventPartnerView, InvitationLetterView
from .api.settings import DelegationSettingsView

urlpatterns = [
    path(
        "events/<slug:slug>/delegations/",
        v.EventDelegationsView.as_view(),
        name="delegations-event",
    ),
    path(
        "events/<slug:slug>/invitations/send/",
        v.InvitationsSendView.as_view(),
        name="delegations-send-invitations",
    ),
    path(
        "events/<slug:slug>/participants-list.pdf",
        v.ParticipantsListPdfView.as_view(),
        name="delegations-list-pdf",
    ),
    path(
        "events/<slug:slug>/participants-list.csv",
        v.ParticipantsListCsvView.as_view(),
        name="delegations-list-csv",
    ),
    path(
        "events/<slug:slug>/seating-plan.pdf",
        v.SeatingPlanView.as_view(),
        name="delegations-seating",
    ),
    path(
        "events/<slug:slug>/delegation-settings/",
        DelegationSettingsView.as_view(),
        name="delegations-settings",
    ),
    path("events/<slug:slug>/speakers/", v.SpeakersView.as_view(), name="delegations-speakers"),
    path("events/<slug:slug>/partners/", EventPartnersView.as_view(), name="delegations-partners"),
    path(
        "events/<slug:slug>/partners/<int:pk>/",
        EventPartnerView.as_view(),
        name="delegations-partner",
    ),
    path(
        "events/<slug:slug>/invitation-letter/",
        InvitationLetterView.as_view(),
        name="delegations-invitation-letter",
    ),
    path(
        "events/<slug:slug>/badge-batches/",
        v.BadgeBatchesView.as_view(),
        name="delegations-badge-batches",
    ),
    path(
        "events/<slug:slug>/meeting-documents/",
        v.MeetingDocumentsView.as_view(),
        name="delegations-documents",
    ),
    path(
        "events/<slug:slug>/bilaterals/schedule/",
        v.BilateralsScheduleView.as_view(),
        name="delegations-bilaterals-schedule",
    ),
    path("me/delegations/", v.MyDelegationsView.as_view(), name="delegations-mine"),
    path(
        "partners/<int:pk>/focal-points/",
        PartnerFocalPointsView.as_view(),
        name="delegations-partner-focal-points",
    ),
    path(
        "partners/<int:pk>/focal-points/invitations/<int:invitation_pk>/",
        PartnerFocalPointInvitationView.as_view(),
        name="delegations-partner-focal-point-invitation",
    ),
    path("delegations/<int:pk>/", v.DelegationView.as_view(), name="delegations-detail"),
    path(
        "delegations/<int:pk>/answer/", v.DelegationAnswerView.as_view(), name="delegations-answer"
    ),
    path("delegations/<int:pk>/letter.pdf", v.LetterView.as_view(), name="delegations-letter"),
    path(
        "delegations/<int:pk>/nominees/", v.NominationsView.as_view(), name="delegations-nominate"
    ),
    path(
        "delegations/<int:pk>/seat-requests/",
        v.SeatRequestsView.as_view(),
        name="delegations-seat-requests",
    ),
    path(
        "delegations/<int:pk>/bilaterals/",
        v.BilateralsView.as_view(),
        name="delegations-bilaterals",
    ),
    path(
        "nominees/<int:pk>/substitute/", v.SubstituteView.as_view(), name="delegations-substitute"
    ),
    path("nominees/<int:pk>/withdraw/", v.WithdrawView.as_view(), name="delegations-withdraw"),
    path("nominees/<int:pk>/accredit/", v.AccreditView.as_view(), name="delegations-accredit"),
    path("nominees/<int:pk>/refuse/", v.RefuseView.as_view(), name="delegations-refuse"),
    path("nominees/<int:pk>/badge.pdf", v.BadgeView.as_view(), name="delegations-badge"),
    path("nominees/<int:pk>/photo/", v.NomineePhotoView.as_view(), name="delegations-photo"),
    path(
        "seat-requests/<int:pk>/decide/",
        v.SeatRequestDecideView.as_view(),
        name="delegations-seat-decide",
    ),
    path("badge-batches/<int:pk>/", v.BadgeBatchView.as_view(), name="delegations-badge-batch"),
    path(
        "badge-batches/<int:pk>/file/",
        v.BadgeBatchFileView.as_view(),
        name="delegations-badge-batch-file",
    ),
    path(
        "meeting-documents/<int:pk>/versions/",
        v.DocumentVersionsView.as_view(),
        name="delegations-document-versions",
    ),
    path(
        "meeting-documents/<int:pk>/versions/<int:version_id>/file/",
        v.DocumentFileView.as_view(),
        name="delegations-document-file",
    ),
    path(
        "bilaterals/<int:pk>/answer/",
        v.BilateralAnswerView.as_view(),
        name="delegations-bilateral-answer",
    ),
]
