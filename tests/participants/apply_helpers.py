"""Shared set-up for the applications tests (owned by the applications back end)."""

import datetime as dt

from participants import services
from tests.factories.participants import ProfileFactory

OPEN = dt.datetime(2027, 4, 1, tzinfo=dt.UTC)
# 23:59 on 31 May 2027 in Seoul (UTC+9).
CLOSE = dt.datetime(2027, 5, 31, 14, 59, tzinfo=dt.UTC)
DURING = dt.datetime(2027, 5, 1, 12, 0, tzinfo=dt.UTC)
MOTIVATION = " ".join(["exchange"] * 60)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def open_call(event, *, opens=OPEN, closes=CLOSE):
    event.applications_open_at = opens
    event.applications_close_at = closes
    event.save()
    return event


def applicant(**profile):
    return ProfileFactory(**profile).user


def motivation_id(event) -> int:
    return services.event_default_questions(event)[0].pk


def complete_draft(event, user, **answers):
    return services.application_save_draft(
        event=event, applicant=user, answers={motivation_id(event): MOTIVATION, **answers}
    )


def use_private_root(settings, tmp_path):
    """Point the private storage (documents, photos) at a per-test folder on disk, to
    look at what was stored (call from a fixture)."""
    root = tmp_path / "private"
    private = {"BACKEND": "backend.files.PrivateFileSystemStorage", "OPTIONS": {"location": root}}
    settings.STORAGES = {**settings.STORAGES, "private": private}
    return root


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
