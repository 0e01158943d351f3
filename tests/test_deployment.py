"""Deployment files: the compose services run commands that exist here, share one
environment, and the production profile is strict (checked in subprocesses)."""

import importlib
import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = {"web", "worker", "beat", "migrate"}
FIELD_KEY = "dGhpcy1pcy1hLXRlc3Qta2V5LW9mLTMyLWJ5dGVzISE="  # passport data (logistics.E001)
REQUIRED_SERVICES = {"web", "worker", "beat", "postgres", "redis", "mailpit"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_compose_has_every_service_with_a_healthcheck(compose):
    services = compose["services"]
    assert REQUIRED_SERVICES <= set(services)
    for name in REQUIRED_SERVICES:
        assert "healthcheck" in services[name], name
        assert services[name]["healthcheck"]["test"], name


def test_compose_commands_exist_in_the_project(compose):
    checked = set()
    for name, service in compose["services"].items():
        if name not in APP_SERVICES:
            continue
        argv = _command(service)
        program = argv[0]
        if program == "gunicorn":
            module_path, _, attribute = argv[1].partition(":")
            module = importlib.import_module(module_path)
            assert callable(getattr(module, attribute or "application")), argv
        elif program == "celery":
            app_module = argv[argv.index("-A") + 1]
            assert (ROOT / app_module / "celery.py").exists(), argv
            celery_app = importlib.import_module(f"{app_module}.celery").app
            subcommand = next(a for a in argv[argv.index("-A") + 2 :] if not a.startswith("-"))
            assert subcommand in {"worker", "beat"}, argv
            assert celery_app.main == "bridges"
        elif program == "python":
            assert argv[1] == "manage.py" and (ROOT / "manage.py").exists(), argv
            assert argv[2] in get_commands(), argv
        else:
            pytest.fail(f"{name}: unknown program {program!r}")
        checked.add(name)
    assert checked == APP_SERVICES
    # The worker and beat are the ones the Procfile runs locally.
    assert "worker" in _command(compose["services"]["worker"])
    assert "beat" in _command(compose["services"]["beat"])


def test_compose_app_services_share_one_environment(compose):
    services = compose["services"]
    environments = [services[name]["environment"] for name in sorted(APP_SERVICES)]
    assert all(env == environments[0] for env in environments)
    env = environments[0]
    assert env["BRIDGES_PROFILE"] == "production"
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert "mailpit" in env["EMAIL_URL"]
    assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")  # required, no default
    # Services it talks to start first.
    for name in ("web", "worker", "beat"):
        assert (
            services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )
    # Every variable the compose file passes is documented in .env.example or fixed there.
    example = (ROOT / ".env.example").read_text()
    assert "DJANGO_SECRET_KEY=" in example and "DJANGO_ALLOWED_HOSTS=" in example


def test_dockerfile_installs_from_the_lock_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY pyproject.toml uv.lock" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "gunicorn" in dockerfile and "backend.wsgi" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".git"} <= set(ignored)


def _clean_env(*unset: str, **env: str) -> dict[str, str]:
    """This environment without our settings (DJANGO_*, BRIDGES_*, DATABASE_URL and
    ``unset``), plus ``env``: what a fresh process on a new machine would see."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BRIDGES_"))}
    for name in ("DATABASE_URL", *unset):
        clean.pop(name, None)
    return {**clean, "DJANGO_SETTINGS_MODULE": "backend.settings", **env}


def _run(args: list[str], env: dict[str, str], timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return _run([sys.executable, "manage.py", *args], _clean_env(**env), timeout=120)


def test_production_refuses_to_start_without_secret_key_or_hosts(tmp_path):
    no_key = _manage(
        "check",
        BRIDGES_PROFILE="production",
        DJANGO_ALLOWED_HOSTS="bridges.example.org",
        BRIDGES_VAR_DIR=str(tmp_path),
    )
    assert no_key.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in no_key.stderr

    weak_key = _manage(
        "check",
        BRIDGES_PROFILE="production",
        DJANGO_SECRET_KEY="changeme",
        DJANGO_ALLOWED_HOSTS="bridges.example.org",
        BRIDGES_VAR_DIR=str(tmp_path),
    )
    assert weak_key.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in weak_key.stderr

    no_hosts = _manage(
        "check",
        BRIDGES_PROFILE="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        BRIDGES_FIELD_KEYS=FIELD_KEY,
        BRIDGES_VAR_DIR=str(tmp_path),
    )
    assert no_hosts.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in no_hosts.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        BRIDGES_PROFILE="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        BRIDGES_FIELD_KEYS=FIELD_KEY,
        DJANGO_ALLOWED_HOSTS="bridges.example.org",
        BRIDGES_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output, output
    assert "security." not in output


SQLITE_SMOKE = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), settings.DATABASES
assert settings.CELERY_BROKER_URL == "filesystem://", settings.CELERY_BROKER_URL
call_command("migrate", "--noinput", verbosity=0)
call_command("load_demo")
from programmes.models import Event
client = Client()
slug = Event.objects.open_for_applications().order_by("start_date").first().slug
for url in ["/", "/?country=VN&kind=youth_exchange", "/events/?past=1", f"/events/{slug}/",
            f"/events/{slug}/agenda.ics", "/healthz", "/livez"]:
    status = client.get(url).status_code
    print(url, status)
    assert status == 200, (url, status)
# Every periodic task beat sends must also run on SQLite (make run's worker runs them).
from backend.celery import app, collect_beat_schedule
app.loader.import_default_modules()
for name, entry in sorted(collect_beat_schedule().items()):
    app.tasks[entry["task"]].apply(kwargs=entry.get("kwargs", {}), throw=True)
    print("beat task", entry["task"], "ok")
# The demo's outbox, delivered by the worker's task on SQLite: the demo guardian's mailbox
# (var/mail/) has the consent request for the demo minor.
import pathlib
from notifications.models import Message
queued = list(Message.objects.filter(status="queued").values_list("pk", flat=True))
app.tasks["notifications.deliver_batch"].apply(kwargs={"ids": queued}, throw=True)
mails = [p.read_text(errors="replace") for p in pathlib.Path(settings.EMAIL_FILE_PATH).iterdir()]
assert any("To: Tran Van Hung <guardian@bridges.demo>" in m and "/consent/" in m for m in mails)
print("guardian mail ok")
"""


def test_embedded_defaults_migrate_load_demo_and_serve_pages_on_sqlite(tmp_path):
    # What `make run` does on a fresh machine: SQLite under var/, filesystem broker.
    clean = _clean_env("REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", BRIDGES_VAR_DIR=str(tmp_path))
    result = _run([sys.executable, "-c", SQLITE_SMOKE], clean, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "/healthz 200" in result.stdout
    assert "beat task scheduling.advance_live ok" in result.stdout
    assert "guardian mail ok" in result.stdout
    assert (tmp_path / "db.sqlite3").exists()


def test_a_web_worker_imports_every_view_while_it_boots(tmp_path):
    """gunicorn loads backend.wsgi at boot; the views must come with it, or a worker's first
    request pays for importing them (seconds on a busy machine) and its queue waits."""
    views = ["participants.api.views", "attendance.api.views", "review.views", "programmes.views"]
    probe = f"import sys, backend.wsgi; print(' '.join(str(m in sys.modules) for m in {views!r}))"
    done = _run(
        [sys.executable, "-c", probe], _clean_env(BRIDGES_VAR_DIR=str(tmp_path)), timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"] * len(views)


def test_debug_off_refuses_to_start_on_the_public_default_key(tmp_path):
    """Without the production profile too: DEBUG off serves real people, and the default
    key (public in this repository) would let anyone forge consent links and passes."""
    no_key = _manage("check", DJANGO_DEBUG="false", BRIDGES_VAR_DIR=str(tmp_path))
    assert no_key.returncode != 0
    assert "ImproperlyConfigured" in no_key.stderr
    assert "DJANGO_SECRET_KEY must be set" in no_key.stderr

    weak_key = _manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="changeme", BRIDGES_VAR_DIR=str(tmp_path)
    )
    assert weak_key.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in weak_key.stderr

    no_field_key = _manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        BRIDGES_VAR_DIR=str(tmp_path),
    )
    assert no_field_key.returncode != 0
    assert "logistics.E001" in no_field_key.stderr
    assert "BRIDGES_FIELD_KEYS must be set" in no_field_key.stderr

    real_key = _manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        BRIDGES_FIELD_KEYS=FIELD_KEY,
        BRIDGES_VAR_DIR=str(tmp_path),
    )
    assert real_key.returncode == 0, real_key.stderr
    # Development (DEBUG on) still runs on the embedded default.
    development = _manage("check", BRIDGES_VAR_DIR=str(tmp_path))
    assert development.returncode == 0, development.stderr


@pytest.fixture
def project_password_hashers(settings):
    # tests/conftest.py swaps in MD5 for speed; this test is about the real setting.
    from backend import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS


@pytest.mark.django_db
def test_a_new_account_password_is_hashed_with_argon2(project_password_hashers):
    from django.contrib.auth import get_user_model
    from django.test import Client

    password = "correct-horse-battery-2027"
    response = Client().post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.org")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(password)
