"""Shared steps of the browser tests."""

from django.conf import settings
from django.test import Client


def log_in(page, user) -> None:
    """Put a Django session for ``user`` into the browser (no password round trip)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.base_url}]
    )
