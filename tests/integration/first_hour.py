"""The first hour under `make run`'s defaults, for the whole system including the newer apps
(delegations, logistics, surveys, reports and the back office).

Run as a script (``python -m tests.integration.first_hour``) in the environment
`make run` leaves (no DATABASE_URL, REDIS_URL or EMAIL_URL: SQLite under BRIDGES_VAR_DIR,
the filesystem broker, mail files in var/mail/), it migrates, loads the demo twice, delivers
the outbox with the worker's task, runs every periodic task once, and then signs in as
every demo login and fetches every page of its main navigation and of the back-office
navigation of each event it organises, then every page those link to (one level; each
shape of address once for all logins: ``/x/12/`` and ``/x/13/``, or two events' pages, count
once). It prints one JSON line per
check (``{"check": name, "problems": [...]}``) for test_first_hour_new_apps.py to read, so
each check passes or fails on its own.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
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
# say (its empty state). ``None`` for an address: any address of that shape.
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
        "/organise/events/asean-korea-youth-network-workshop-2027/applications/",
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
    "staff": [(r"re:^/events/[^/]+/check-in/$", "Check-in today", ())],
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


def deliver_outbox() -> None:
    from django.conf import settings

    from backend.celery import app
    from notifications.models import Message

    queued = list(Message.objects.filter(status="queued").values_list("pk", flat=True))
    problems = []
    try:
        app.tasks["notifications.deliver_batch"].apply(kwargs={"ids": queued}, throw=True)
    except Exception as exc:  # the check reports it; the others still run
        problems.append(f"deliver_batch: {exc!r}")
    not_sent = list(
        Message.objects.filter(pk__in=queued)
        .exclude(status="sent")
        .values_list("kind", "status", "last_error")[:20]
    )
    problems += [f"{kind} {status}: {error}" for kind, status, error in not_sent]
    files = list(Path(settings.EMAIL_FILE_PATH).iterdir())
    written = "".join(p.read_text(errors="replace") for p in files)
    missing = [pk for pk in queued if f"Message-ID: <bridges.{pk}@" not in written]
    if missing:
        problems.append(f"{len(missing)} of {len(queued)} messages have no file in var/mail/")
    emit("outbox_reaches_var_mail", problems, queued=len(queued), files=len(files))


def health() -> None:
    from django.test import Client

    response = Client().get("/healthz")
    body = response.content.decode(errors="replace")
    problems = (
        []
        if response.status_code == 200 and '"ok"' in body
        else [f"{response.status_code} {body[:500]}"]
    )
    emit("healthz", problems, body=body[:500])


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
            except Exception as exc:
                problems.append(f"{spec['task']} on SQLite: {exc!r}")
    emit("new_apps_periodic_tasks", problems)


def crawl(only: str = "") -> None:
    """Every demo login: its navigation's pages, then one level of their links."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from programmes.demo import DEMO_USERS
    from programmes.models import Event

    slugs = list(Event.objects.order_by("pk").values_list("slug", flat=True))
    failures: list[str] = []
    fetched = 0
    # Shapes of address already followed one level down, by any login: a page's links are
    # followed once (the navigations themselves are fetched in full for every login).
    shapes: set[str] = set()
    for key, _label, email, *_ in DEMO_USERS:
        if only and key != only:
            continue
        user = get_user_model().objects.get(email=email)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        pages: dict[str, str] = {}  # every address fetched, with its HTML

        def get(path: str, referrer: str, client=client, key=key, pages=pages) -> str:
            nonlocal fetched
            fetched += 1
            response = client.get(path, follow=True)
            html = ""
            if response.status_code >= 400:
                failures.append(f"{key}: {path} (from {referrer}): {response.status_code}")
            elif "text/html" in response.get("Content-Type", ""):
                html = response.content.decode(errors="replace")
            pages[path] = html
            return html

        first = [local(h) for hrefs in parse(get("/", "-")).nav.values() for h in hrefs]
        # The back office of every demo event this login may organise.
        for slug in slugs:
            response = client.get(f"/organise/events/{slug}/")
            if response.status_code == 200:
                nav = parse(response.content.decode(errors="replace")).nav
                first += [local(h) for h in nav.get("Event back office", [])]
        for path in dict.fromkeys(p for p in first if p):
            if path not in pages:
                get(path, "navigation")
        # One level further: each shape of address once (events' slugs count as one).
        for source, html in list(pages.items()):
            for href in parse(html).links if html else []:
                path = local(href)
                if not path or path in pages:
                    continue
                generic = shape(path)
                for slug in slugs:
                    generic = generic.replace(f"/{slug}/", "/S/")
                if generic not in shapes:
                    shapes.add(generic)
                    get(path, source)
        # A promised page counts as reached when it was fetched or is linked from a page
        # this login fetched (another login may have followed that link's shape first).
        linked = list(pages) + [
            path
            for html in pages.values()
            if html
            for href in parse(html).links
            if (path := local(href))
        ]
        for target, what, empty_words in PROMISES.get(key, []):
            if target.startswith("re:"):
                reached = [p for p in linked if re.search(target[3:], urlsplit(p).path)]
            else:
                reached = [target] if target in linked else []
            if not reached:
                emit(f"work:{key}:{what}", [f"{key} cannot reach {target} from the navigation"])
                continue
            html = pages.get(reached[0]) or get(reached[0], "promise")
            said = [w for w in empty_words if w in html]
            problems = [f"{reached[0]} says {w!r}" for w in said] + (
                [] if html else [f"{reached[0]} is not a page"]
            )
            emit(f"work:{key}:{what}", problems)
    emit("no_4xx_or_5xx_as_any_demo_login", failures, fetched=fetched)


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), settings.DATABASES
    assert settings.CELERY_BROKER_URL == "filesystem://", settings.CELERY_BROKER_URL
    if sys.argv[1:2] == ["crawl"]:  # on a var dir already loaded (while working on it)
        return crawl(*sys.argv[2:3])
    call_command("migrate", "--noinput", verbosity=0)
    for step in (load_twice, deliver_outbox, health, beat, crawl):
        started = time.monotonic()
        step()
        print(json.dumps({"step": step.__name__, "seconds": round(time.monotonic() - started, 1)}))


if __name__ == "__main__":
    sys.exit(main())
