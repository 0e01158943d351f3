"""Shared set-up for the applicant page tests (test_pages_*.py)."""

from __future__ import annotations

import datetime as dt
import io
import re

from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone
from reportlab.pdfgen import canvas

from tests.factories.participants import ProfileFactory
from tests.factories.programmes import UserFactory

PASSWORD = "correct-horse-battery"


def verified_client(user=None, *, profile: bool = True) -> Client:
    """A signed-in browser session of a user whose email address is verified."""
    user = user or UserFactory()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if profile:
        ProfileFactory(user=user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def open_call(event, *, days_left: int = 30):
    now = timezone.now()
    event.applications_open_at = now - dt.timedelta(days=1)
    event.applications_close_at = now + dt.timedelta(days=days_left)
    event.save(update_fields=["applications_open_at", "applications_close_at"])
    return event


def pdf_bytes(text: str = "Curriculum vitae") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


MOTIVATION = " ".join(["I want to learn how young people across Asia build lasting exchanges."] * 6)


def errors_of(html: str, field_id: str) -> list[str]:
    """The error messages shown beside one field (the list its input points at)."""
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []
