"""Dashboards, exports, API tokens and webhooks."""
