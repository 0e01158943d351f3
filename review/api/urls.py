from django.urls import path

from . import views

urlpatterns = [
    path(
        "review/events/<slug:slug>/settings/", views.SettingsView.as_view(), name="review-settings"
    ),
    path(
        "review/events/<slug:slug>/criteria/", views.CriteriaView.as_view(), name="review-criteria"
    ),
    path("review/criteria/<int:pk>/", views.CriterionView.as_view(), name="review-criterion"),
    path(
        "review/events/<slug:slug>/assignments/",
        views.AssignmentsView.as_view(),
        name="review-assignments",
    ),
    path(
        "review/events/<slug:slug>/assignments/auto/",
        views.AutoAssignView.as_view(),
        name="review-assign-auto",
    ),
    path(
        "review/assignments/<int:pk>/",
        views.AssignmentDeleteView.as_view(),
        name="review-assignment",
    ),
    path("review/events/<slug:slug>/ranking/", views.RankingView.as_view(), name="review-ranking"),
    path("review/events/<slug:slug>/quotas/", views.QuotaPanelView.as_view(), name="review-quotas"),
    path(
        "review/events/<slug:slug>/proposal/", views.ProposalView.as_view(), name="review-proposal"
    ),
    path(
        "review/events/<slug:slug>/decisions/",
        views.DecisionsView.as_view(),
        name="review-decisions",
    ),
    path("review/events/<slug:slug>/promote/", views.PromoteView.as_view(), name="review-promote"),
    path(
        "review/applications/<int:pk>/reviews/",
        views.ApplicationReviewsView.as_view(),
        name="review-application-reviews",
    ),
    path(
        "review/applications/<int:pk>/conflict/",
        views.ConflictView.as_view(),
        name="review-conflict",
    ),
    path("review/me/assignments/", views.MyAssignmentsView.as_view(), name="review-my-assignments"),
    path(
        "review/me/assignments/<int:pk>/",
        views.AssignmentDetailView.as_view(),
        name="review-my-assignment",
    ),
    path(
        "review/me/assignments/<int:pk>/review/",
        views.ReviewSubmitView.as_view(),
        name="review-submit",
    ),
]
