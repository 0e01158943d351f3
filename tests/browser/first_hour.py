"""`make demo` under `make run`'s defaults, and what the demo walk reads of it.

Run as a script (``python -m tests.browser.first_hour``) in the environment `make run`
leaves (no DATABASE_URL, REDIS_URL or EMAIL_URL: SQLite under BRIDGES_VAR_DIR, the
filesystem broker, mail files in var/mail/), it migrates, loads the demo twice (`make run`
loads it on every start) and runs the newer apps' periodic tasks once on SQLite. It prints
one JSON line per check (``{"check": name, "problems": [...]}``) for
test_demo_first_hour.py, which then starts the Procfile's processes on the same var dir.

The rest of this module is the crawl's vocabulary (no Django needed): which links to
follow and the work each demo login must reach from its navigation.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# The new apps whose periodic work must be in beat's schedule.
NEW_APPS = ("delegations", "logistics", "surveys", "reports")

# Addresses not to fetch: signing out, files, feeds and downloads (not pages).
SKIP = re.compile(
    r"^/(accounts/logout|static/|media/|admin/|api/|__)|"
    r"\.(ics|csv|xlsx|pdf|png|svg|zip|json)$|/(export|download|file|qr)[^/]*/?$"
)
# The work the demo promises each login (README "Demo logins", the apps' demo.py): a page
# it must reach from its navigation (one level of links), and words that page must not
# say (its empty state). ``re:`` before an address: any address of that shape.
ESG = "/organise/events/asean-korea-esg-youth-forum/"
NETWORK_2023 = "/organise/events/asean-korea-youth-network-workshop-2023/"
ASEM = "/organise/events/asem-cmm8-sofia-2018/"
ORGANISER_WORK = [
    (f"{ESG}logistics/", "logistics: the ESG forum's visas, arrivals and rooms", ()),
    (
        f"{NETWORK_2023}surveys/",
        "surveys: the 2023 workshop's perception survey",
        ("No surveys yet",),
    ),
    (f"{ESG}dashboard/", "reports: the ESG forum's dashboard", ()),
    (
        "re:^/organise/events/asean-korea-youth-network-workshop-\\d{4}/applications/$",
        "the applications desk of the open call",
        ("No applications match",),
    ),
]
PROMISES = {
    "owner": [
        *ORGANISER_WORK,
        (f"{ASEM}delegations/", "delegations: ASEM CMM8's 53 partners", ()),
        ("/organise/organisations/akc/integrations/", "reports: the webhook and the token", ()),
    ],
    "organiser": ORGANISER_WORK,
    "reviewer": [("/review/assignments/", "My reviews", ("Nothing is assigned to you",))],
    "staff": [("re:^/events/[^/]+/check-in/$", "Check-in today", ())],
    "applicant": [
        ("/me/applications/", "My applications", ("You have not applied to anything yet",))
    ],
    "minor": [("/me/applications/", "My applications", ("You have not applied to anything yet",))],
    "focalpoint": [
        (
            "/me/delegations/",
            "delegations: Viet Nam's delegation to complete",
            ("You are not the focal point",),
        )
    ],
}


class _Links(HTMLParser):
    """The hrefs of a page, and those inside a navigation landmark (``nav``) by label."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: dict[str, list[str]] = {}
        self._open_navs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self._open_navs.append(attrs.get("aria-label") or "")
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            for label in self._open_navs:
                self.nav.setdefault(label, []).append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._open_navs:
            self._open_navs.pop()


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def local(href: str) -> str | None:
    """The path of a link inside this site worth fetching as a page, else None."""
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if SKIP.search(parts.path):
        return None
    return href


def shape(path: str) -> str:
    return re.sub(r"/[0-9a-f-]*\d[0-9a-f-]*/", "/N/", urlsplit(path).path)


def emit(check: str, problems: list, **extra) -> None:
    print(json.dumps({"check": check, "problems": problems, **extra}, default=str), flush=True)


def row_counts() -> Counter:
    from django.apps import apps

    return Counter({m._meta.label: m.objects.count() for m in apps.get_models()})


def load_twice() -> None:
    from django.core.management import call_command

    from notifications.models import Message

    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    first_load = time.monotonic() - started
    before, mail_before = row_counts(), Message.objects.count()
    call_command("load_demo", verbosity=0)
    after, mail_after = row_counts(), Message.objects.count()
    changed = {
        label: (before[label], after[label])
        for label in before | after
        if before[label] != after[label]
    }
    problems = [
        f"{label}: {a} rows after the first load, {b} after the second"
        for label, (a, b) in sorted(changed.items())
    ]
    if mail_after != mail_before:
        problems.append(f"the second load queued {mail_after - mail_before} more messages")
    emit("demo_loads_twice_the_same", problems, seconds=round(first_load, 1))


def beat() -> None:
    from backend.celery import app, collect_beat_schedule

    app.loader.import_default_modules()
    schedule = collect_beat_schedule()
    tasks = {entry["task"] for entry in schedule.values()}
    problems = []
    for name in NEW_APPS:
        module = __import__(f"{name}.beat", fromlist=["SCHEDULE"])
        for entry, spec in module.SCHEDULE.items():
            if spec["task"] not in tasks:
                problems.append(f"{entry} ({spec['task']}) is not in beat's schedule")
            try:
                app.tasks[spec["task"]].apply(kwargs=spec.get("kwargs", {}), throw=True)
            except Exception as exc:  # the check reports it; the others still run
                problems.append(f"{spec['task']} on SQLite: {exc!r}")
    emit("new_apps_periodic_tasks", problems)


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), settings.DATABASES
    assert settings.CELERY_BROKER_URL == "filesystem://", settings.CELERY_BROKER_URL
    call_command("migrate", "--noinput", verbosity=0)
    if sys.argv[1:2] == ["again"]:  # a var dir already loaded (while working on the walk)
        return
    for step in (load_twice, beat):
        started = time.monotonic()
        step()
        print(json.dumps({"step": step.__name__, "seconds": round(time.monotonic() - started, 1)}))


if __name__ == "__main__":
    sys.exit(main())
