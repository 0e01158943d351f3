# Bridges: `make run` starts the whole system with demo data; `make test` passes the tests.
# Compiled catalogues (.mo) are committed so `make run` needs no gettext; `make test` recompiles them.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

# Tests and benchmarks run on the real services on this machine.
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/bridges
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: run test bench install services migrate demo lint format messages translations clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.uv

# Re-extract the fr/ko/th/vi catalogues after changing user-facing text (APPS="programmes" for one,
# LANGS="fr th" for some languages).
translations: install
	bash scripts/makemessages.sh $(APPS)

run: demo
	@echo ""
	@echo "  Bridges is starting on http://127.0.0.1:8000  (Ctrl-C stops web, worker and beat)"
	@echo "  API docs: http://127.0.0.1:8000/api/docs/   Admin: http://127.0.0.1:8000/admin/"
	@$(PY) manage.py load_demo --print-logins
	@echo ""
	$(VENV)/bin/honcho start -f Procfile

services:
	bash scripts/ensure-services.sh

test: install services messages
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var/ .pytest_cache
