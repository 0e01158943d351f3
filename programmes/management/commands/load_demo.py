"""``manage.py load_demo``: real-looking demo data from the seed articles; safe to run again.

Each app loads its own part from ``<app>/demo.py`` (``load(demo: Demo) -> None``, idempotent),
in the order the apps depend on each other; what an app built is on the ``Demo`` object for
the apps after it. Every state change in those loaders goes through the app's services.
"""

from __future__ import annotations

import datetime as dt
import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from programmes.demo import DEMO_PASSWORD, DEMO_USERS, Demo, next_open_call_year
from programmes.models import Session

# Dependency order (README "Architecture"): each app reads what the ones before it built.
DEMO_APPS = (
    "programmes",
    "participants",
    "review",
    "scheduling",
    "attendance",
    "notifications",
    "delegations",
    "surveys",  # confirms the 2023 youth workshop's cohort, whose travel logistics/ then builds
    "logistics",
    "reports",
    "backoffice",
)

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_demo", "next_open_call_year"]


def load_demo(now: dt.datetime | None = None) -> Demo:
    """Build (or refresh) all demo data in one transaction; returns what was built.

    Outbox mail queued by the loaders is handed to the worker when the transaction commits.
    """
    demo = Demo(now=now or timezone.now())
    with transaction.atomic():
        for app in DEMO_APPS:
            importlib.import_module(f"{app}.demo").load(demo)
    return demo


def login_table(logins: list[tuple[str, str, str]]) -> str:
    width = max(len(label) for label, _, _ in logins)
    email_width = max(len(email) for _, email, _ in logins)
    lines = [f"  {'Role'.ljust(width)}  {'Email (sign-in)'.ljust(email_width)}  Password"]
    lines += [
        f"  {label.ljust(width)}  {email.ljust(email_width)}  {pw}" for label, email, pw in logins
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load demo organisations, events, applications, reviews and attendance (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Only print the demo logins (loads nothing).",
        )

    def handle(self, *args, print_logins: bool = False, **options):
        logins = [(label, email, DEMO_PASSWORD) for _, label, email, *_ in DEMO_USERS]
        if print_logins:
            self.stdout.write("Demo logins:\n" + login_table(logins))
            return
        demo = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(demo.organisations)} organisations, {len(demo.events)} events, "
                f"{Session.objects.filter(event__in=demo.events.values()).count()} sessions, "
                f"{len(demo.users)} users."
            )
        )
