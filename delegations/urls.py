"""Delegations pages (included by backend/urls.py under the language prefix)."""

urlpatterns: list = []
