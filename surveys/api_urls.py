"""Surveys API under /api/v1/ (included by backend/urls.py)."""

urlpatterns: list = []
