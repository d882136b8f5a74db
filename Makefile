# The front door of the La Gi portal. Needs only Python 3.11+ and make; everything else
# is installed into .venv by the targets that need it.
#
#   make run    set up, load the demo data when the database is empty, serve on http://127.0.0.1:$(PORT)
#   make test   the whole test suite (SQLite; PostgreSQL when DATABASE_URL=postgres://... is set)
#
# `make help` lists the other targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
# pytest-xdist workers for the main test run; each worker builds and seeds its own test database.
PYTEST_WORKERS ?= 2
# Extra arguments for both pytest runs, e.g. `make test PYTEST_ARGS="-k scoping -x"`.
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; the install runs again only when pyproject.toml changes.
INSTALL_STAMP := $(VENV)/.installed
# Development commands run with DEBUG=1: without it SECRET_KEY is required and the production
# security switches (SSL redirect, secure cookies, HSTS) are on. (The .env written by `make install`
# and `make run` says the same for commands typed by hand; this does not depend on it.)
MANAGE := DEBUG=1 $(BIN)/python manage.py

PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
MESSAGE_OPTIONS := --no-obsolete --add-location=file --ignore=var --ignore=node_modules

# The npm dev tools (Lighthouse for `make audit`, axe-core for the browser tests), installed from
# package-lock.json when npm is there; the install runs again only when the lockfile changes.
NPM := $(shell command -v npm 2>/dev/null)
NODE_STAMP := node_modules/.installed
# Extra arguments, e.g. `make bench BENCH_ARGS="--workers 3 --only home"` (see bench/run.py).
BENCH_ARGS ?=
AUDIT_ARGS ?=
# e.g. `make soak SOAK_ARGS="--duration 60"` (see bench/soak.py); `make backup BACKUP_ARGS="--keep 14"`.
SOAK_ARGS ?=
BACKUP_ARGS ?=
# The backup folder `make restore` restores, or `latest` for the newest under BACKUP_ROOT.
BACKUP ?=

DEMO_PASSWORD := lagi-demo-2025
SEED_IF_EMPTY := from django.core.management import call_command; \
	from organizations.models import AdministrativeUnit; \
	print("Demo data already loaded.") if AdministrativeUnit.objects.exists() \
	else (print("Loading the demo data..."), call_command("seed_demo", verbosity=0))

.PHONY: help install run test test-unit test-browser test-ops lint format check messages compilemessages bench \
	audit soak backup restore

help:
	@echo "make run              set up .venv, migrate, load the demo data if the database is empty, serve on :$(PORT)"
	@echo "make test             run the tests (SQLite; PostgreSQL with DATABASE_URL=postgres://...)"
	@echo "make test-unit        only the tests without a browser"
	@echo "make test-browser     only the browser tests (needs /usr/bin/chromium)"
	@echo "make test-ops         backup drill, database outage, two nodes behind nginx (needs PostgreSQL's binaries, nginx)"
	@echo "make lint             ruff check and ruff format --check"
	@echo "make format           fix what ruff can fix and format the code"
	@echo "make check            Django system checks and no missing migrations"
	@echo "make messages         update the translation catalogues (needs gettext)"
	@echo "make compilemessages  compile the catalogues into the committed .mo files (needs gettext)"
	@echo "make install          create .venv and install the project with its dev extra"
	@echo "make bench            requests/s and p95 of the public pages vs a bare view, 100,000 activities (needs wrk);"
	@echo "                      on PostgreSQL also the reports and dashboard over 1,000,000 activities"
	@echo "make audit            Lighthouse scores of the public pages, at least 95 (needs npm and chromium)"
	@echo "make soak             twice the saturating load for 10 minutes: no 5xx, no lost write, bounded memory"
	@echo "make backup           back up the database and the uploaded files into BACKUP_ROOT, keep the newest"
	@echo "make restore BACKUP=.. restore a backup (a folder, or latest) into an empty database and MEDIA_ROOT"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALL_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(INSTALL_STAMP) .env

# Development settings for the commands typed by hand in this checkout (manage.py shell,
# createsuperuser, migrate...), read by lagi_portal/settings.py. Written only when missing, never
# overwritten; git-ignored. A variable set in the environment wins over it, so DEBUG=0 in the
# environment (production, CI's production checks) still requires a SECRET_KEY.
.env:
	@printf '%s\n' \
		'# Development settings of this checkout, written by make install / make run (never overwritten).' \
		'# For development only: read by lagi_portal/settings.py, a variable set in the environment wins.' \
		'# Production does not use this file: it sets DEBUG=0 and SECRET_KEY in its environment.' \
		'DEBUG=1' > $@
	@echo "Wrote $@ (DEBUG=1 for the development commands; see README.md, Configuration)."

var:
	@mkdir -p var

run: $(INSTALL_STAMP) $(MO_FILES) .env | var
	$(MANAGE) migrate --noinput
	@$(MANAGE) shell --no-imports -c '$(SEED_IF_EMPTY)'
	@echo
	@echo "Demo logins (password for all: $(DEMO_PASSWORD))"
	@echo "  admin          staff: everything, and the administration site at /admin/"
	@echo "  cadre_area     read-write: the whole La Gi area, old units (until 30/06/2025) and new ones"
	@echo "  cadre_ward     read-write: Phường Phước Hội and the old Phước Hội, Phước Lộc wards and Tân Phước commune"
	@echo "  cadre_women    read-write: the Women's Union of Phường La Gi and its branches"
	@echo "  cadre_viewer   read-only: the whole La Gi area"
	@echo "  board_member   read-write: one Community Investment Monitoring Board of Phường Phước Hội"
	@echo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (cadre login at /accounts/login/); stop with Ctrl-C."
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The tests run with DEBUG=1 because with DEBUG off the settings demand a SECRET_KEY and turn on
# the production security switches (SSL redirect, secure cookies), which the test client and the
# live server of the browser tests do not speak. pytest-django still runs the tests themselves
# with settings.DEBUG = False.
#
# Browser tests run in a second pytest process: they use the live server, hence transactional
# test databases that are emptied after each test, which would take the demo data away from the
# rest of the suite (seeded once per process).
test: test-unit test-browser

test-unit: $(INSTALL_STAMP) $(MO_FILES)
	DEBUG=1 $(BIN)/pytest -m "not browser and not ops" -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-browser: $(INSTALL_STAMP) $(MO_FILES) $(if $(NPM),$(NODE_STAMP))
	DEBUG=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

# Operations tests (tests/ops/): they start their own PostgreSQL cluster (the distribution's
# binaries, a free port, a temporary folder), gunicorns and nginx, and stop them; never the
# machine's PostgreSQL. Not part of `make test`; CI runs them in a step of their own.
test-ops: $(INSTALL_STAMP) $(MO_FILES)
	DEBUG=1 $(BIN)/pytest -m ops $(PYTEST_ARGS)

lint: $(INSTALL_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALL_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(INSTALL_STAMP) | var
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

messages: $(INSTALL_STAMP)
	$(MANAGE) makemessages -l vi -l en $(MESSAGE_OPTIONS)

compilemessages: $(INSTALL_STAMP)
	$(MANAGE) compilemessages --ignore=.venv --ignore=var

# Compile a catalogue when its .po is newer than its .mo. The .mo files are committed, so a
# machine without gettext uses them as they are.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(INSTALL_STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv --ignore=var -l $*; \
	else \
		echo "msgfmt (gettext) not found: using the committed $@"; \
	fi

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# Speed: the portal and a bare Django view served side by side by gunicorn with the production
# settings, measured with wrk (apt-get install wrk) on a database of its own in var/bench/
# (PostgreSQL when BENCH_DATABASE_URL is set), then the one-off lines: a merge, a register import
# and, on PostgreSQL, the reports over 1,000,000 activities (`BENCH_ARGS="--only reports"` alone).
# Not part of CI.
bench: $(INSTALL_STAMP) $(MO_FILES) | var
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Lighthouse (mobile) on the home, activity list and activity pages with Debian's Chromium.
audit: $(INSTALL_STAMP) $(MO_FILES) $(NODE_STAMP) | var
	$(BIN)/python -m bench.audit $(AUDIT_ARGS)

# Endurance: gunicorn with the production settings under twice its measured saturation for
# 10 minutes (SOAK_ARGS="--duration 60" for a minute), on var/bench/soak.sqlite3 or on the
# PostgreSQL database named by SOAK_DATABASE_URL. Checks no 5xx but 503/429, every acknowledged
# write saved, bounded worker memory (bench/soak.py).
soak: $(INSTALL_STAMP) $(MO_FILES) | var
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

# Backups (README, "Operations"): the settings come from the environment (or .env), as for
# gunicorn; production runs `manage.py backup` from cron the same way.
backup: $(INSTALL_STAMP) | var
	$(BIN)/python manage.py backup $(BACKUP_ARGS)

restore: $(INSTALL_STAMP) | var
	@test -n "$(BACKUP)" || { echo "Name the backup: make restore BACKUP=var/backups/lagi-... (or BACKUP=latest)" >&2; exit 2; }
	$(BIN)/python manage.py restore $(if $(filter latest,$(BACKUP)),--latest,$(BACKUP))
