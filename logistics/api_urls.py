"""Logistics API under /api/v1/ (included by backend/urls.py)."""

from django.urls import path

from .api import follow_up, money, organiser, views
from .api.letter_settings import LetterSettingsView

_base = "events/<slug:slug>/logistics/"

urlpatterns = [
    path(f"{_base}visas/", views.VisasView.as_view(), name="api-logistics-visas"),
    path(
        f"{_base}letter-settings/",
        LetterSettingsView.as_view(),
        name="api-logistics-letter-settings",
    ),
    path(
        f"{_base}visa-rules/<str:country>/",
        views.VisaRulesView.as_view(),
        name="api-logistics-visa-rules",
    ),
    path(
        f"{_base}visa-cases/<int:pk>/", views.VisaCaseView.as_view(), name="api-logistics-visa-case"
    ),
    path(f"{_base}letter-jobs/", views.LetterJobsView.as_view(), name="api-logistics-letter-jobs"),
    path(
        f"{_base}letter-jobs/<int:pk>/",
        views.LetterJobView.as_view(),
        name="api-logistics-letter-job",
    ),
    path(f"{_base}passports/", views.PassportsView.as_view(), name="api-logistics-passports"),
    path(f"{_base}rooming/", views.RoomingView.as_view(), name="api-logistics-rooming"),
    path(
        f"{_base}rooming/nights/", views.RoomNightsView.as_view(), name="api-logistics-room-nights"
    ),
    path(
        f"{_base}rooming-jobs/<int:pk>/",
        views.RoomingJobView.as_view(),
        name="api-logistics-rooming-job",
    ),
    path(f"{_base}pickups/", views.PickupsView.as_view(), name="api-logistics-pickups"),
    path(
        "events/<slug:slug>/my-travel/passport/",
        views.MyPassportView.as_view(),
        name="api-my-passport",
    ),
    path(
        "events/<slug:slug>/my-travel/flights/",
        views.MyFlightsView.as_view(),
        name="api-my-flights",
    ),
    path(f"{_base}claims/", money.ClaimsView.as_view(), name="api-logistics-claims"),
    path(
        f"{_base}claims/<int:pk>/approve/",
        money.ClaimReviewView.as_view(decision="approve"),
        name="api-logistics-claim-approve",
    ),
    path(
        f"{_base}claims/<int:pk>/reject/",
        money.ClaimReviewView.as_view(decision="reject"),
        name="api-logistics-claim-reject",
    ),
    path(
        f"{_base}follow-up/responses/",
        follow_up.FollowUpResponsesView.as_view(),
        name="api-logistics-follow-up-responses",
    ),
    path(
        "events/<slug:slug>/my-travel/claims/",
        money.MyClaimsView.as_view(),
        name="api-my-claims",
    ),
    path(
        "events/<slug:slug>/my-travel/follow-up/",
        follow_up.MyFollowUpView.as_view(),
        name="api-my-follow-up",
    ),
    path(f"{_base}team/", organiser.TeamView.as_view(), name="api-logistics-team"),
    path(
        f"{_base}team/<int:user>/",
        organiser.TeamMemberView.as_view(),
        name="api-logistics-team-member",
    ),
    path(
        f"{_base}airfare-caps/",
        organiser.AirfareCapsView.as_view(),
        name="api-logistics-airfare-caps",
    ),
    path(
        f"{_base}per-diem-rates/",
        organiser.PerDiemRatesView.as_view(),
        name="api-logistics-per-diem-rates",
    ),
    path(f"{_base}grants/", organiser.GrantsView.as_view(), name="api-logistics-grants"),
    path(
        f"{_base}room-assignments/",
        organiser.RoomAssignView.as_view(),
        name="api-logistics-room-assign",
    ),
    path(
        f"{_base}single-rooms/<int:pk>/",
        organiser.SingleRoomView.as_view(),
        name="api-logistics-single-room",
    ),
    path(
        f"{_base}companions/", organiser.CompanionsView.as_view(), name="api-logistics-companions"
    ),
    path(
        "events/<slug:slug>/my-travel/companions/",
        organiser.MyCompanionsView.as_view(),
        name="api-my-companions",
    ),
    path(
        f"{_base}airfare-caps/<int:pk>/",
        organiser.AirfareCapView.as_view(),
        name="api-logistics-airfare-cap",
    ),
    path(
        f"{_base}per-diem-rates/<int:pk>/",
        organiser.PerDiemRateView.as_view(),
        name="api-logistics-per-diem-rate",
    ),
    path(
        f"{_base}companions/<int:pk>/",
        organiser.CompanionView.as_view(),
        name="api-logistics-companion",
    ),
    path(
        "events/<slug:slug>/my-travel/companions/<int:pk>/",
        organiser.MyCompanionView.as_view(),
        name="api-my-companion",
    ),
]
