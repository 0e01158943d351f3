from django.urls import path

from . import views

urlpatterns = [
    path("review/events/<slug:slug>/", views.selection_page, name="review-selection"),
    path(
        "review/events/<slug:slug>/decisions/", views.decisions_apply, name="review-decisions-apply"
    ),
    path("review/events/<slug:slug>/assign/", views.assign_auto, name="review-assign-auto-page"),
    path(
        "review/events/<slug:slug>/assign/manual/",
        views.assign_manual,
        name="review-assign-manual-page",
    ),
    path("review/events/<slug:slug>/promote/", views.promote, name="review-promote-page"),
    path("review/events/<slug:slug>/rubric/", views.rubric_page, name="review-rubric"),
    path("review/assignments/", views.my_assignments, name="review-my-assignments-page"),
    path("review/assignments/<int:pk>/", views.assignment_page, name="review-assignment"),
    path(
        "review/applications/<int:pk>/conflict/",
        views.conflict_declare,
        name="review-conflict-page",
    ),
]
