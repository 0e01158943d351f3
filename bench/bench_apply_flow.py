"""Applicants: the whole web flow of a new applicant, from sign-up with e-mail confirmation
to a submitted application, through the public pages on gunicorn, 8 applicants at a time.

One flow is 15 requests, as a browser makes them (a cookie jar, each form's CSRF token):
  GET  /events/<slug>/apply/                 -> 302 to sign-in (anonymous)
  GET  /accounts/signup/   POST it           -> 302 "check your e-mail" (password hashed,
                                                 confirmation mail sent)
  GET  the confirmation link from that mail   POST it -> 302, signed in
  GET  /events/<slug>/apply/                 -> 302 to the profile step
  GET  profile     POST profile (name, birth date, nationality, residence, zone)
  GET  questions   POST questions (the 80-word motivation)
  GET  documents   POST documents (continue, none required)
  GET  review      POST review (submit)      -> 302 to /me/applications/
The same steps as the peers harness's ``bridges_apply_flow.py`` (../shared/peers), which
runs them against pretalx's CfP flow. Each flow connects from its own loopback address
(127.1.x.y), as applicants on their own devices do, so the sign-up limit per address is
not what is measured. The confirmation link is read from the mail Bridges wrote (the
file mail backend, under a temporary BRIDGES_VAR_DIR), as the applicant reads it.
Celery runs eagerly (no worker), so mail goes out inside the request, like the peers.

A flow counts only if every step answered as above; afterwards the number of submitted
applications in the database must equal the flows counted. Prints flows/s, the flow's
p50/p99, each step's p50/p99, and the gunicorn workers' CPU per flow (steadier than
flows/s on a shared machine). Target (issue 14): >= 3 x pretalx's flow measured the
same way, in the same run (bench/peers_flows.sh runs both). pretalx ran 1.82 flows/s
on a quiet machine of this kind (2026-12-07), so about 5.5 flows/s there.

Runs against its own database (``<DATABASE_URL name>_bench_apply_flow``, created and
dropped here). Usage: DATABASE_URL=postgres://... .venv/bin/python bench/bench_apply_flow.py
Env: BENCH_FLOWS (default 100), BENCH_CONCURRENCY (default 8), BENCH_WORKERS (gunicorn
workers, default 2, as in the peers harness).
"""

from __future__ import annotations

import email
import http.client
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOWS = int(os.environ.get("BENCH_FLOWS", "100"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
EVENT = "flow-apply"
STEPS = (
    "start",
    "signup_get",
    "signup_post",
    "confirm_get",
    "confirm_post",
    "apply",
    "profile_get",
    "profile_post",
    "questions_get",
    "questions_post",
    "documents_get",
    "documents_post",
    "review_get",
    "review_post",
)
MOTIVATION = " ".join(["I want to learn how young people in other countries build bridges."] * 8)
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
QUESTION_RE = re.compile(rb'name="(q_\d+)"')
CONFIRM_RE = re.compile(r"/accounts/confirm-email/([A-Za-z0-9:_\-]+)/")
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # Django's file backend ends each message so


def _seed() -> None:
    """Migrate, then an open call (ages 18-35, four countries, the default motivation
    question): the peers harness's ``peers-apply`` event."""
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)

    from participants.services import event_default_questions
    from programmes.enums import EventKind, EventStatus, OrganisationKind
    from programmes.models import Event, Organisation

    now = timezone.now()
    org = Organisation.objects.create(
        name="Flow Bench Centre", slug="flow-bench", country="KR", kind=OrganisationKind.CENTRE
    )
    start = (now + dt.timedelta(days=200)).date()
    event = Event.objects.create(
        organisation=org,
        kind=EventKind.YOUTH_EXCHANGE,
        title="Flow Open Call",
        slug=EVENT,
        summary="An open call for the benchmark's applicants.",
        host_country="KR",
        start_date=start,
        end_date=start + dt.timedelta(days=8),
        time_zone="Asia/Seoul",
        status=EventStatus.PUBLISHED,
        capacity=48,
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=60),
        min_age=18,
        max_age=35,
        eligible_countries=["KR", "VN", "TH", "ID"],
    )
    event_default_questions(event)


def _submitted_count(tag: str) -> int:
    from participants.enums import ApplicationStatus
    from participants.models import Application

    return Application.objects.filter(
        event__slug=EVENT,
        status=ApplicationStatus.SUBMITTED,
        applicant__email__startswith=f"flow-{tag}-",
    ).count()


class Mailbox:
    """Confirmation links from the mail Bridges wrote with Django's file backend (one
    file per connection, each message followed by a separator line)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.links: dict[str, str] = {}
        self.done: dict[str, tuple[int, int]] = {}  # file -> (size, complete messages read)
        self.lock = threading.Lock()

    def _scan(self) -> None:
        if not self.directory.exists():
            return
        for entry in os.scandir(self.directory):
            size, read = self.done.get(entry.name, (-1, 0))
            if entry.stat().st_size == size:
                continue
            data = Path(entry.path).read_bytes()
            messages = data.split(MAIL_SEPARATOR)[:-1]  # the last piece is not complete yet
            for raw in messages[read:]:
                message = email.message_from_bytes(raw.lstrip(b"\n"))
                for part in message.walk():
                    if part.get_content_type() != "text/plain":
                        continue
                    text = part.get_payload(decode=True).decode(errors="replace")
                    if match := CONFIRM_RE.search(text):
                        for _name, to in getaddresses(message.get_all("To", [])):
                            self.links[to.lower()] = match.group(0)
            self.done[entry.name] = (len(data), len(messages))

    def link_for(self, address: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                if address not in self.links:
                    self._scan()
                if address in self.links:
                    return self.links.pop(address)
            if time.monotonic() > deadline:
                raise RuntimeError(f"confirm_mail: no confirmation mail to {address}")
            time.sleep(0.02)


class FlowError(Exception):
    pass


class Browser:
    """One applicant's browser: a cookie jar, a new connection per request (gunicorn's
    sync worker closes each one), bound to the applicant's own loopback address."""

    def __init__(self, port: int, source_ip: str):
        self.port = port
        self.source = (source_ip, 0)
        self.cookies: dict[str, str] = {}
        self.timings: list[tuple[str, float]] = []

    def request(self, step: str, method: str, path: str, form=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=self.source
        )
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        self.timings.append((step, (time.perf_counter() - started) * 1000))
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", data

    @staticmethod
    def csrf(html: bytes) -> str:
        match = CSRF_RE.search(html)
        if not match:
            raise FlowError("no csrfmiddlewaretoken in the page")
        return match.group(1).decode()


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise FlowError(what)


def one_flow(port: int, mailbox: Mailbox, tag: str, i: int) -> list[tuple[str, float]]:
    b = Browser(port, f"127.1.{i // 250}.{2 + i % 250}")
    apply_url = f"/events/{EVENT}/apply/"
    status, location, _ = b.request("start", "GET", apply_url)
    _expect(status == 302 and "/accounts/login/" in location, f"start: {status} {location}")
    signup = "/accounts/signup/?" + urlencode({"next": apply_url})
    status, _, html = b.request("signup_get", "GET", signup)
    _expect(status == 200 and b'name="password1"' in html, f"signup_get: {status}")
    address = f"flow-{tag}-{i}@bench.invalid"
    password = f"Bench-{tag}-{i}-Xq7!pw"
    form = {"csrfmiddlewaretoken": b.csrf(html), "email": address, "next": apply_url}
    status, location, html = b.request(
        "signup_post", "POST", signup, {**form, "password1": password, "password2": password}
    )
    _expect(
        status == 302 and "/accounts/confirm-email/" in location,
        f"signup_post: {status} {location} {html[:200]!r}",
    )
    confirm = mailbox.link_for(address)
    status, _, html = b.request("confirm_get", "GET", confirm)
    _expect(status == 200 and address.encode() in html, f"confirm_get: {status}")
    status, location, _ = b.request(
        "confirm_post", "POST", confirm, {"csrfmiddlewaretoken": b.csrf(html)}
    )
    _expect(status == 302 and "/accounts/" not in location, f"confirm_post: {status} {location}")
    status, location, _ = b.request("apply", "GET", apply_url)
    _expect(status == 302 and location.endswith("/apply/profile/"), f"apply: {status} {location}")
    profile = urlsplit(location).path
    status, _, html = b.request("profile_get", "GET", profile)
    _expect(status == 200 and b'name="full_name"' in html, f"profile_get: {status}")
    status, location, html = b.request(
        "profile_post",
        "POST",
        profile,
        [
            ("csrfmiddlewaretoken", b.csrf(html)),
            ("full_name", f"Applicant {tag} {i}"),
            ("preferred_name", ""),
            ("date_of_birth", "2001-05-17"),
            ("gender", "female"),
            ("gender_self_description", ""),
            ("nationalities", "VN"),
            ("country_of_residence", "VN"),
            ("affiliation", "Hanoi University"),
            ("phone", ""),
            ("time_zone", "Asia/Ho_Chi_Minh"),
        ],
    )
    _expect(
        status == 302 and location.endswith("/apply/questions/"),
        f"profile_post: {status} {location} {html[:200]!r}",
    )
    questions = urlsplit(location).path
    status, _, html = b.request("questions_get", "GET", questions)
    names = sorted({m.decode() for m in QUESTION_RE.findall(html)})
    _expect(status == 200 and bool(names), f"questions_get: {status} {names}")
    answers = [("csrfmiddlewaretoken", b.csrf(html))] + [(n, MOTIVATION) for n in names]
    status, location, html = b.request("questions_post", "POST", questions, answers)
    _expect(
        status == 302 and location.endswith("/apply/documents/"),
        f"questions_post: {status} {location} {html[:200]!r}",
    )
    documents = urlsplit(location).path
    status, _, html = b.request("documents_get", "GET", documents)
    _expect(status == 200 and b'name="continue"' in html, f"documents_get: {status}")
    status, location, html = b.request(
        "documents_post", "POST", documents, {"csrfmiddlewaretoken": b.csrf(html), "continue": "1"}
    )
    _expect(
        status == 302 and location.endswith("/apply/review/"),
        f"documents_post: {status} {location} {html[:200]!r}",
    )
    review = urlsplit(location).path
    status, _, html = b.request("review_get", "GET", review)
    _expect(status == 200 and b"Submit application" in html, f"review_get: {status}")
    status, location, html = b.request(
        "review_post", "POST", review, {"csrfmiddlewaretoken": b.csrf(html)}
    )
    _expect(
        status == 302 and location.endswith("/me/applications/"),
        f"review_post: {status} {location} {html[:200]!r}",
    )
    return b.timings


def run_flows(port: int, mailbox: Mailbox, tag: str, flows: int, concurrency: int) -> dict:
    lock = threading.Lock()
    state = {"next": 0, "ok": 0, "errors": {}, "first_error": ""}
    flow_ms: list[float] = []
    steps: dict[str, list[float]] = {}

    def worker() -> None:
        while True:
            with lock:
                if state["next"] >= flows:
                    return
                i = state["next"]
                state["next"] += 1
            started = time.perf_counter()
            try:
                timings = one_flow(port, mailbox, tag, i)
            except (FlowError, RuntimeError, OSError, http.client.HTTPException) as exc:
                step = str(exc).split(":", 1)[0] if isinstance(exc, FlowError) else "connection"
                with lock:
                    state["errors"][step] = state["errors"].get(step, 0) + 1
                    state["first_error"] = state["first_error"] or f"flow {i}: {exc}"[:300]
                continue
            with lock:
                state["ok"] += 1
                flow_ms.append((time.perf_counter() - started) * 1000)
                for step, ms in timings:
                    steps.setdefault(step, []).append(ms)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {**state, "elapsed": elapsed, "flow_ms": flow_ms, "steps": steps}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


def _workers_cpu_seconds(master_pid: int) -> float:
    """utime + stime of gunicorn's workers (children of the master), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def main() -> None:
    from bench.server import GunicornServer, load, recreate_database, scratch_database, server_env

    url, admin_url, name = scratch_database("apply_flow")
    var_dir = Path(tempfile.mkdtemp(prefix="bench-apply-flow-"))
    # Mail to files under var_dir/mail (no EMAIL_URL), tasks run in the request (no worker).
    env = {"BRIDGES_VAR_DIR": str(var_dir), "CELERY_TASK_ALWAYS_EAGER": "true"}
    os.environ.pop("EMAIL_URL", None)
    recreate_database(admin_url, name)
    os.environ.update(server_env(url, **env))
    try:
        _seed()
        mailbox = Mailbox(var_dir / "mail")
        with GunicornServer(database_url=url, workers=WORKERS, env=env) as server:
            server.warm("/livez")
            # Every worker imports, connects and fills its caches before the measured run.
            warm = run_flows(server.port, mailbox, "warm", 2 * WORKERS, CONCURRENCY)
            if warm["ok"] != 2 * WORKERS:
                raise SystemExit(f"warm-up flows failed: {warm['first_error']}\n{server.log()}")
            cpu_before = _workers_cpu_seconds(server.process.pid)
            result = run_flows(server.port, mailbox, "run", FLOWS, CONCURRENCY)
            cpu = _workers_cpu_seconds(server.process.pid) - cpu_before
            # The bare-Django ceiling in the same run puts the figures in context on a busy host.
            ceiling = load(server.url("/livez"), concurrency=CONCURRENCY, seconds=5)
        ok, elapsed = result["ok"], result["elapsed"]
        in_db = _submitted_count("run")
        print(
            f"apply flow (15 requests): {FLOWS} new applicants, {CONCURRENCY} at a time, "
            f"{WORKERS} gunicorn workers, {elapsed:.1f} s"
        )
        print(
            f"  flows/s {ok / elapsed:.2f}   flow p50 {_pct(result['flow_ms'], 50):.0f} ms   "
            f"p99 {_pct(result['flow_ms'], 99):.0f} ms   completed {ok}/{FLOWS}   "
            f"gunicorn CPU {cpu * 1000 / max(ok, 1):.0f} ms/flow"
        )
        if result["errors"]:
            print(f"  failed at: {result['errors']}   first: {result['first_error']}")
        if in_db != ok:
            print(f"  MISMATCH: {ok} flows counted, {in_db} submitted applications in the database")
        print(f"  {'step':<16} {'p50 ms':>8} {'p99 ms':>8}")
        for step in STEPS:
            values = result["steps"].get(step, [])
            print(f"  {step:<16} {_pct(values, 50):>8.1f} {_pct(values, 99):>8.1f}")
        print(
            f"ceiling /livez: {ceiling.requests_per_s:.1f} req/s   p50 {ceiling.p50_ms:.1f} ms   "
            f"p99 {ceiling.p99_ms:.1f} ms ({ceiling.tool})"
        )
        if result["errors"] or in_db != ok:
            raise SystemExit(1)
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(admin_url, name, drop_only=True)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
