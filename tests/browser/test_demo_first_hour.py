"""The first hour of a new user, on a server started the way `make run` starts it.

Once for the module, in a temporary var dir and `make run`'s environment (no DATABASE_URL,
REDIS_URL or EMAIL_URL: SQLite, the filesystem broker, mail files in var/mail/):
``tests/browser/first_hour.py`` migrates and loads the demo (twice: `make run` loads it on
every start), then the Procfile's web, worker and beat start on that var dir (the web on a
free port instead of 8000). Against that one server:

- the worker delivers the demo's outbox into var/mail/ (the guardian's consent request too),
  and /healthz says ok;
- every demo login signs in through the real sign-in page and fetches its navigation's
  pages, then one level of their links (no 4xx or 5xx), and reaches the work the README
  promises;
- headless Chromium walks each demo login at 375 px and at 1280 px, signing in on the sign-in
  page, and must land on that role's work (the demo's own names and counts), with nothing
  wider than a 375 px screen;
- the guardian opens the consent link from their mail in var/mail/;
- mail the walk causes (an organiser's message to participants, a password reset) reaches
  var/mail/ through the worker.
"""

from __future__ import annotations

import datetime as dt
import email
import json
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from programmes.demo import DEMO_PASSWORD, DEMO_USERS
from tests.browser.first_hour import PROMISES, local, parse, shape

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
ESG = "ASEAN-Korea ESG Cooperation Programme: Youth Forum"
# README: links in mail under `make run` point at the address `make run` prints.
MAKE_RUN_URL = "http://127.0.0.1:8000"
# What `make run` leaves unset, so settings.py falls back to its embedded defaults.
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "CELERY_TASK_ALWAYS_EAGER",
)


@dataclass
class MakeRun:
    url: str
    var: Path
    checks: dict[str, dict]
    logs: Path
    # Messages in the outbox after `make demo`, before the worker started.
    demo_outbox: list[tuple] = field(default_factory=list)

    def query(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.var / "db.sqlite3", timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def mails(self) -> list[email.message.EmailMessage]:
        """Every message in var/mail/ (Django's file backend: several per file)."""
        found = []
        for path in sorted((self.var / "mail").glob("*")):
            for raw in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
                if raw.strip():
                    found.append(email.message_from_string(raw, policy=policy.default))
        return found

    def wait_for_mail(self, to: str, subject: str, timeout: float = 60) -> str:
        """The text of the latest mail to ``to`` whose subject has ``subject``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.mails()):
                if to in str(message["To"]) and subject in str(message["Subject"]):
                    return message.get_body(preferencelist=("plain",)).get_content()
            time.sleep(0.25)
        raise AssertionError(f"no mail to {to} about {subject!r} in var/mail/ after {timeout}s")

    def log(self, name: str) -> str:
        """The first traceback in a process's log, else the log's end."""
        text = (self.logs / f"{name}.log").read_text(errors="replace")
        start = text.find("Traceback")
        return text[start : start + 4000] if start >= 0 else text[-3000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _procfile(port: int) -> dict[str, list[str]]:
    """The Procfile's commands, the web on ``port`` (other runs may hold 8000)."""
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if command.strip():
            commands[name.strip()] = shlex.split(command)
    web = " ".join(commands["web"])
    assert "127.0.0.1:8000" in web, web
    commands["web"] = shlex.split(web.replace("127.0.0.1:8000", f"127.0.0.1:{port}"))
    assert set(commands) == {"web", "worker", "beat"}, commands
    return commands


def _stop(process: subprocess.Popen) -> None:
    """A warm shutdown (SIGTERM, as honcho sends on Ctrl-C), then the whole group."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our server)
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


# Set when `make demo` failed: pytest sets a failed module fixture up again for every test.
_BROKEN: list[str] = []


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    if _BROKEN:
        pytest.fail(f"make demo failed (see the first test): {_BROKEN[0]}")
    started = time.monotonic()
    # While working on this module: a var dir this module loaded before, to start at once.
    again = os.environ.get("BRIDGES_DEMO_WALK_VAR")
    var = Path(again) if again else tmp_path_factory.mktemp("var")
    logs = tmp_path_factory.mktemp("logs")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "BRIDGES_")) and k not in SERVICE_VARIABLES
    }
    env.update(BRIDGES_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="backend.settings")
    # `make demo`: migrate and load the demo (twice, as two starts of `make run` would).
    demo = subprocess.run(
        [sys.executable, "-m", "tests.browser.first_hour", *(["again"] if again else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if demo.returncode != 0:
        _BROKEN.append(demo.stderr[-300:])
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    lines = [json.loads(line) for line in demo.stdout.splitlines() if line.startswith("{")]
    run = MakeRun(
        url="",
        var=var,
        logs=logs,
        checks={line["check"]: line for line in lines if "check" in line},
    )
    run.demo_outbox = run.query(
        "SELECT id, to_email, kind FROM notifications_message WHERE status = 'queued'"
    )
    # honcho start -f Procfile: web, worker and beat.
    port = _free_port()
    run.url = f"http://127.0.0.1:{port}"
    processes = []
    try:
        for name, argv in _procfile(port).items():
            with (logs / f"{name}.log").open("w") as out:
                processes.append(
                    subprocess.Popen(
                        argv,
                        cwd=ROOT,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(f"{run.url}/livez")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail(f"the web process did not answer in 60 s: {run.log('web')}")
        print(f"\nmake demo and start: {time.monotonic() - started:.1f} s", lines)
        yield run
    finally:
        for process in processes:
            _stop(process)


@pytest.fixture(scope="module")
def delivered(make_run) -> MakeRun:
    """The demo's outbox, delivered by the worker."""
    ids = [pk for pk, _, _ in make_run.demo_outbox]
    started = time.monotonic()
    deadline = started + 300
    while time.monotonic() < deadline:
        marks = ",".join("?" * len(ids))
        left = make_run.query(
            f"SELECT id, status, last_error FROM notifications_message "  # noqa: S608
            f"WHERE id IN ({marks}) AND status != 'sent'",
            *ids,
        )
        if not left or any(status == "failed" for _, status, _ in left):
            break
        time.sleep(0.5)
    make_run.outbox_left = left
    print(
        f"\nthe demo outbox ({len(ids)} messages) delivered in {time.monotonic() - started:.1f} s"
    )
    return make_run


def _sign_in(chromium, run: MakeRun, email_address: str, viewport: dict):
    """A fresh browser signed in through the sign-in page, on the page it lands on."""
    context = chromium.new_context(viewport=viewport, base_url=run.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email_address)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    return context, page


# --- `make demo`, the worker and /healthz ---------------------------------------------------


@pytest.mark.parametrize("check", ["demo_loads_twice_the_same", "new_apps_periodic_tasks"])
def test_make_demo_on_sqlite(make_run, check):
    assert check in make_run.checks, f"the demo load did not report {check}"
    assert make_run.checks[check]["problems"] == []


def test_the_worker_delivers_the_demo_outbox_into_var_mail(delivered):
    assert len(delivered.demo_outbox) >= 20  # consent request, decisions, broadcasts...
    assert delivered.outbox_left == [], delivered.log("worker")
    written = "".join(p.read_text(errors="replace") for p in (delivered.var / "mail").glob("*"))
    missing = [pk for pk, _, _ in delivered.demo_outbox if f"<bridges.{pk}@" not in written]
    assert missing == []
    # The guardian's mailbox: her father's consent request for the demo minor.
    consent = delivered.wait_for_mail(
        "guardian@bridges.demo", "Your consent is needed: Tran Thi Mai applied", timeout=1
    )
    assert "/consent/" in consent
    status, body = _get(f"{delivered.url}/healthz")
    assert (status, json.loads(body)["status"]) == (200, "ok"), body


def test_the_guardian_opens_the_consent_link_from_var_mail(delivered, chromium):
    consent = delivered.wait_for_mail("guardian@bridges.demo", "Your consent is needed", timeout=1)
    link = re.search(r"https?://\S+/consent/\S+", consent).group(0)
    assert link.startswith(f"{MAKE_RUN_URL}/"), link
    context = chromium.new_context(viewport=PHONE, base_url=delivered.url)
    try:
        page = context.new_page()
        page.goto(urlsplit(link).path)
        expect(page.get_by_role("heading", name="Parent or guardian consent")).to_be_visible()
        expect(page.get_by_text("Dear Tran Van Hung, Tran Thi Mai has applied")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("consent", re.I)).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


# --- every demo login: its navigation, one level deep, over HTTP ---------------------------


@pytest.fixture(scope="module")
def crawl(make_run, chromium) -> dict[str, list[str]]:
    """Each demo login's navigation and the back office of each event it organises, then
    each page's links one level further (each shape of address once for all logins)."""
    slugs = [slug for (slug,) in make_run.query("SELECT slug FROM programmes_event ORDER BY id")]
    checks: dict[str, list[str]] = {}
    failures: list[str] = []
    shapes: set[str] = set()
    fetched = 0
    for key, _label, email_address, *_ in DEMO_USERS:
        context, _page = _sign_in(chromium, make_run, email_address, DESKTOP)
        pages: dict[str, str] = {}

        def get(path: str, referrer: str, context=context, key=key, pages=pages) -> str:
            nonlocal fetched
            fetched += 1
            response = context.request.get(path)
            html = ""
            if response.status >= 400:
                failures.append(f"{key}: {path} (from {referrer}): {response.status}")
            elif "text/html" in response.headers.get("content-type", ""):
                html = response.text()
            pages[path] = html
            return html

        try:
            first = [local(h) for hrefs in parse(get("/", "-")).nav.values() for h in hrefs]
            for slug in slugs:
                response = context.request.get(f"/organise/events/{slug}/")
                if response.ok and "/accounts/login/" not in response.url:
                    nav = parse(response.text()).nav
                    first += [local(h) for h in nav.get("Event back office", [])]
            for path in dict.fromkeys(p for p in first if p):
                if path not in pages:
                    get(path, "navigation")
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
            # A promised page counts as reached when it was fetched or is linked from a
            # page this login fetched (another login may have followed that shape first).
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
                    checks[f"{key}: {what}"] = [f"cannot reach {target} from the navigation"]
                    continue
                html = pages.get(reached[0]) or get(reached[0], "promise")
                checks[f"{key}: {what}"] = [
                    f"{reached[0]} says {w!r}" for w in empty_words if w in html
                ] + ([] if html else [f"{reached[0]} is not a page"])
        finally:
            context.close()
    checks["no 4xx or 5xx as any demo login"] = failures
    print(f"\ncrawl: {fetched} pages")
    return checks


def test_no_page_answers_4xx_or_5xx_to_any_demo_login(make_run, crawl):
    assert crawl["no 4xx or 5xx as any demo login"] == [], make_run.log("web")


@pytest.mark.parametrize(
    "promise", [f"{key}: {what}" for key, promised in PROMISES.items() for _, what, _ in promised]
)
def test_each_demo_login_reaches_its_promised_work(crawl, promise):
    assert promise in crawl, f"the crawl did not check {promise}"
    assert crawl[promise] == []


# --- every demo login in Chromium, at 375 px and 1280 px -----------------------------------


def _fits(page, phone: bool) -> None:
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _header_is_one_row(page, *, phone: bool) -> None:
    brand = page.locator(".site-header .brand").bounding_box()
    toggle = page.get_by_role("button", name="Menu")
    if phone:
        expect(toggle).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        box = toggle.bounding_box()
        assert abs(box["y"] - brand["y"]) < box["height"], (box, brand)  # side by side
    else:
        expect(toggle).to_be_hidden()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 72
    _fits(page, phone)


def _nav(page, *, phone: bool):
    """The main navigation, opened from the keyboard on a phone."""
    nav = page.get_by_role("navigation", name="Main")
    if phone:
        toggle = page.get_by_role("button", name="Menu")
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
    return nav


def _walk_applicant(page, phone):
    _nav(page, phone=phone).get_by_role("link", name="My applications").click()
    expect(page.get_by_role("heading", name="My applications", level=1)).to_be_visible()
    statuses = page.locator(".status").all_inner_texts()
    assert sorted(statuses) == sorted(
        ["Under review", "Draft", "Accepted", "Confirmed", "Confirmed"]
    ), statuses
    expect(page.get_by_role("button", name="Confirm my place")).to_be_visible()
    expect(page.get_by_role("link", name="Continue application")).to_be_visible()
    _fits(page, phone)


def _walk_minor(page, phone):
    _nav(page, phone=phone).get_by_role("link", name="My applications").click()
    expect(page.locator(".status")).to_have_text(["Awaiting guardian consent"])
    expect(page.get_by_text("Tran Van Hung (guardian@bridges.demo)")).to_be_visible()
    _fits(page, phone)


def _walk_reviewer(page, phone):
    _nav(page, phone=phone).get_by_role("link", name="My reviews").click()
    expect(page.get_by_role("heading", name="My reviews", level=1)).to_be_visible()
    expect(page.locator(".card .badge", has_text="To review")).to_have_count(6)
    expect(page.locator(".card .badge", has_text="Submitted")).to_have_count(6)
    _fits(page, phone)
    # An unscored one opens on the score form.
    page.locator(".card", has=page.locator(".badge", has_text="To review")).first.get_by_role(
        "link"
    ).click()
    expect(page.get_by_text("Motivation and fit with the workshop").first).to_be_visible()
    _fits(page, phone)


def _walk_staff(page, phone):
    _nav(page, phone=phone).get_by_role("link", name="Check-in").click()
    expect(page.get_by_role("heading", name="Check-in")).to_be_visible()
    selected = page.locator("#checkin-session option:checked")
    expect(selected).to_contain_text("Dialogue: asymmetries in what youth know about each other")
    expect(selected).to_contain_text("check-in open")
    page.locator("#checkin-search").fill("Minh")  # someone still to check in, by name
    expect(page.get_by_role("button", name="Check in Nguyen Minh Anh")).to_be_visible()
    _fits(page, phone)


def _walk_organiser(page, phone):
    from programmes.demo import next_open_call_year

    network = f"ASEAN-Korea Youth Network Workshop {next_open_call_year(dt.date.today())}"
    nav = _nav(page, phone=phone)
    nav.get_by_text("My events").click()
    nav.get_by_role("link", name=network).click()
    page.get_by_role("link", name="Review and selection").click()
    expect(page.locator('select[name^="decision-"]')).to_have_count(19)  # a selection to make
    expect(page.get_by_role("link", name="CSV")).to_be_visible()
    _fits(page, phone)
    # The messages already sent, on the ESG forum's page for writing to participants.
    _nav(page, phone=phone).get_by_text("My events").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=ESG).click()
    page.get_by_role("link", name="Write to participants").click()
    expect(page.get_by_text("Welcome to {event_title}")).to_be_visible()
    _fits(page, phone)


def _walk_focalpoint(page, phone):
    _nav(page, phone=phone).get_by_role("link", name="My applications").click()
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My delegations"
    ).click()
    cards = page.locator("#my-delegations .card")
    expect(cards).to_have_count(2)
    expect(cards.get_by_role("heading")).to_have_text(["Socialist Republic of Viet Nam"] * 2)
    expect(cards.get_by_text("1 of 2 seats taken.")).to_have_count(1)
    _fits(page, phone)
    cards.filter(has_text="1 of 2 seats taken.").get_by_role("link").click()
    expect(page.get_by_text("Nominate a delegate").first).to_be_visible()
    _fits(page, phone)


def _walk_admin(page, phone):
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


WALKS = {
    "owner": _walk_organiser,
    "organiser": _walk_organiser,
    "reviewer": _walk_reviewer,
    "staff": _walk_staff,
    "applicant": _walk_applicant,
    "minor": _walk_minor,
    "focalpoint": _walk_focalpoint,
    "admin": _walk_admin,
}


def test_every_demo_login_has_a_walk():
    assert sorted(WALKS) == sorted(key for key, *_ in DEMO_USERS)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
@pytest.mark.parametrize("role", list(WALKS))
def test_each_demo_login_signs_in_and_lands_on_its_work(make_run, chromium, role, viewport):
    email_address = next(e for key, _, e, *_ in DEMO_USERS if key == role)
    phone = viewport is PHONE
    context, page = _sign_in(chromium, make_run, email_address, viewport)
    try:
        if role != "admin":
            _header_is_one_row(page, phone=phone)
        WALKS[role](page, phone)
        # The walk ends on a page of this server that rendered, not an error page.
        assert page.url.startswith(make_run.url), page.url
        assert "Server Error" not in page.title()
    finally:
        context.close()


# --- mail the walk causes, delivered by the worker into var/mail/ ---------------------------


def test_mail_written_in_the_walk_reaches_var_mail(make_run, chromium):
    # A password reset from the sign-in page, signed out, on a phone.
    context = chromium.new_context(viewport=PHONE, base_url=make_run.url)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Forgot your password?").first.click()
        page.locator("#id_email").fill("applicant@bridges.demo")
        page.get_by_role("button", name="Send the link").click()
        expect(page.get_by_role("status")).to_contain_text("we have sent it a link")
    finally:
        context.close()
    reset = make_run.wait_for_mail("applicant@bridges.demo", "Reset your password")
    # allauth builds this link from the address the person used (`make run`: port 8000).
    assert re.search(rf"{re.escape(make_run.url)}/accounts/password/reset/key/\S+", reset), reset

    # The organiser writes to the ESG forum's confirmed participants.
    subject = f"Bus to the venue at 8:00 (port {urlsplit(make_run.url).port})"
    context, page = _sign_in(chromium, make_run, "organiser@bridges.demo", DESKTOP)
    try:
        nav = _nav(page, phone=False)
        nav.get_by_text("My events").click()
        nav.get_by_role("link", name=ESG).click()
        page.get_by_role("link", name="Write to participants").click()
        form = page.locator("#broadcast-form")
        form.get_by_label("Recipients").select_option("confirmed")
        form.get_by_label("Subject").fill(subject)
        form.get_by_label("Message").fill("Dear {first_name}, the bus leaves at 8:00.")
        form.get_by_role("button", name="Preview").click()
        send = page.get_by_role("button", name=re.compile(r"^Send to \d+ (person|people)$"))
        count = int(re.search(r"\d+", send.inner_text()).group(0))
        send.click()
        expect(page.get_by_text(subject).first).to_be_visible()
    finally:
        context.close()
    assert count >= 1
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        bus = [m for m in make_run.mails() if subject in str(m["Subject"])]
        if len(bus) == count:
            break
        time.sleep(0.25)
    assert len(bus) == count, make_run.log("worker")
    assert all("the bus leaves at 8:00" in m.get_body(("plain",)).get_content() for m in bus)
