"""Reusable benchmark plumbing: serve Bridges with gunicorn on 127.0.0.1 and load a URL.

    from bench.server import GunicornServer, load, print_results

    with GunicornServer(database_url=url) as server:
        ceiling = load(server.url("/livez"), concurrency=16)
        agenda = load(server.url("/api/v1/events/x/agenda/"), concurrency=16)
    print_results([ceiling, agenda], ceiling=ceiling)

``load`` drives Debian's ``wrk`` (installed with apt-get when missing and we are root)
and falls back to a multi-process keep-alive client when wrk cannot be had. Both
report requests/s, p50 and p99 latency, and the count of failed or non-2xx answers:
a benchmark whose requests fail measures nothing, so callers should check ``errors``.

The server runs with DEBUG off (DEBUG keeps every SQL query in memory), persistent
database connections and no access log, in its own process group so ``stop`` ends
gunicorn and all its workers.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Bridges refuses to start with DEBUG off and the public development key; a benchmark's
# server and its seeding share this one (it signs sessions and pass codes).
BENCH_SECRET_KEY = secrets.token_urlsafe(64)


def server_env(database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a benchmark server (and of the manage.py calls that prepare it)."""
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    env.setdefault("DJANGO_SECRET_KEY", BENCH_SECRET_KEY)
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CONN_MAX_AGE": "600",
            "DJANGO_LOG_LEVEL": "WARNING",
            # A load generator is one address and a few accounts: the limits still run
            # (their cost is measured) but are never reached.
            "BRIDGES_THROTTLE_ANON": "100000000/min",
            "BRIDGES_THROTTLE_USER": "100000000/min",
            "BRIDGES_THROTTLE_CODES": "100000000/min",
            "BRIDGES_THROTTLE_FEEDS": "100000000/min",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database named in ``database_url`` when it does not exist yet."""
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def scratch_database(bench_name: str) -> tuple[str, str, str]:
    """A benchmark's own PostgreSQL database beside ``DATABASE_URL``'s: (its URL, the
    admin URL, its name). Recreate it with ``recreate_database``."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/bridges")
    parsed = urlparse(base)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit(f"bench_{bench_name} needs PostgreSQL (set DATABASE_URL).")
    name = f"{parsed.path.lstrip('/')}_bench_{bench_name}"
    admin = parsed._replace(path="/postgres").geturl()
    return parsed._replace(path="/" + name).geturl(), admin, name


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    """Drop the database (closing its connections) and, unless ``drop_only``, create it empty."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str, database_url: str | None = None) -> None:
    """Run ``manage.py <args>`` against ``database_url`` (e.g. ``migrate --noinput``)."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
    )


class GunicornServer:
    """gunicorn ``backend.wsgi`` on a free 127.0.0.1 port; a context manager."""

    def __init__(
        self,
        *,
        database_url: str | None = None,
        workers: int = 2,
        threads: int = 1,
        ready_path: str = "/livez",
        startup_timeout: float = 90.0,
        env: dict[str, str] | None = None,
        extra_args: tuple[str, ...] = (),
    ):
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.ready_path = ready_path
        self.startup_timeout = startup_timeout
        self.env = server_env(database_url, **(env or {}))
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile(mode="w+")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> GunicornServer:
        gunicorn = VENV_BIN / "gunicorn"
        command = [
            str(gunicorn) if gunicorn.exists() else "gunicorn",
            "backend.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--backlog",
            "2048",
            "--timeout",
            "60",
            *self.extra_args,
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends every worker
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url(self.ready_path), timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"gunicorn did not answer {self.ready_path} in {self.startup_timeout:.0f} s"
        )

    def warm(self, *paths: str, rounds: int = 2) -> None:
        """Request each path a few times so every worker has imported and connected."""
        for _ in range(rounds * self.workers):
            for path in paths:
                with urllib.request.urlopen(self.url(path), timeout=60) as response:
                    response.read()

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Result:
    label: str
    url: str
    concurrency: int
    seconds: float
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


# wrk reports its summary through this script, as one JSON line we can parse.
# Lua for request scripts: each wrk thread learns its number (``tid``, from 0), so threads
# can take interleaved items of a list; and the first two failed answers are printed.
WRK_THREAD_IDS = """
local threads_started = 0
function setup(thread)
  thread:set("tid", threads_started)
  threads_started = threads_started + 1
end
"""
WRK_SHOW_FAILURES = """
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 2 then
    shown = shown + 1
    io.write("unexpected answer " .. status .. ": " .. body .. "\\n")
  end
end
"""

WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BRIDGES_RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, \\"errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors))
end
"""


def ensure_wrk() -> str | None:
    """Path of wrk; installs Debian's package when missing and we may (root, apt-get)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
        if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
    return shutil.which("wrk")


def _load_wrk(wrk: str, url: str, concurrency: int, seconds: float, threads: int) -> dict:
    return run_wrk(wrk, url, concurrency=concurrency, seconds=seconds, threads=threads)


def run_wrk(
    wrk: str, url: str, *, concurrency: int, seconds: float, threads: int = 2, script: str = ""
) -> dict:
    """Run wrk against ``url``; ``script`` is Lua run before the report hook (a
    ``request`` function there makes each request: method, path, headers, body).
    Returns requests, seconds, p50_ms, p99_ms and errors (failed or non-2xx/3xx)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + WRK_REPORT)
    try:
        completed = subprocess.run(
            [
                wrk,
                f"--threads={max(1, min(threads, concurrency))}",
                f"--connections={concurrency}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=30s",
                f"--script={lua.name}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(lua.name)
    if os.environ.get("BENCH_VERBOSE"):
        print(completed.stdout)
    line = next(x for x in completed.stdout.splitlines() if x.startswith("BRIDGES_RESULT "))
    data = json.loads(line.split(" ", 1)[1])
    return {
        "requests": data["requests"],
        "seconds": data["duration_us"] / 1e6,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["errors"],
    }


def _client_process(url: str, seconds: float, queue) -> None:
    parsed = urlparse(url)
    path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    latencies, errors = [], 0
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if not 200 <= response.status < 300:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        latencies.append(time.perf_counter() - started)
    queue.put((latencies, errors))


def _load_python(url: str, concurrency: int, seconds: float) -> dict:
    """Fallback: one keep-alive client per process (no GIL sharing between clients)."""
    queue = mp.get_context("fork").Queue()
    processes = [
        mp.get_context("fork").Process(target=_client_process, args=(url, seconds, queue))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies, errors = [], 0
    for _ in processes:
        chunk, chunk_errors = queue.get()
        latencies.extend(chunk)
        errors += chunk_errors
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000
            if latencies
            else 0.0
        )

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "errors": errors,
    }


def load(
    url: str,
    *,
    label: str | None = None,
    concurrency: int = 16,
    seconds: float = 10.0,
    threads: int = 2,
) -> Result:
    """GET ``url`` from ``concurrency`` keep-alive connections for ``seconds``."""
    wrk = ensure_wrk()
    if wrk:
        data, tool = _load_wrk(wrk, url, concurrency, seconds, threads), "wrk"
    else:
        data, tool = _load_python(url, concurrency, seconds), "python"
    return Result(
        label=label or urlparse(url).path,
        url=url,
        concurrency=concurrency,
        seconds=data["seconds"],
        requests=data["requests"],
        requests_per_s=data["requests"] / data["seconds"] if data["seconds"] else 0.0,
        p50_ms=data["p50_ms"],
        p99_ms=data["p99_ms"],
        errors=data["errors"],
        tool=tool,
    )


def print_results(results: list[Result], *, ceiling: Result | None = None) -> None:
    """A table of requests/s, p50, p99 and (given a ceiling) the ratio to it."""
    header = f"{'endpoint':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
    if ceiling:
        header += f" {'x ceiling':>9}"
    print(header)
    print("-" * len(header))
    for result in results:
        line = (
            f"{result.label:<44} {result.requests_per_s:>9.1f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {result.errors:>6}"
        )
        if ceiling and ceiling.requests_per_s:
            line += f" {result.requests_per_s / ceiling.requests_per_s:>9.2f}"
        print(line, flush=True)
