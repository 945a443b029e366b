# STAR Impl: the two commands first (README.md), then the others.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed

.PHONY: help run test up bench install deps services lint format messages migrate demo clean db db-stop plotly

help:
	@echo "make run    - the application with demo data on embedded defaults (http://127.0.0.1:8000)"
	@echo "make test   - linting and the whole test suite against real PostgreSQL, Redis and Celery"
	@echo "make up     - production-like stack (gunicorn, worker, beat) via honcho and Procfile"
	@echo "make bench  - the performance scripts in tests/perf/"
	@echo "make db     - start the embedded PostgreSQL (var/postgres) without the rest; make db-stop"

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP) messages

# Compiled catalogues are committed; recompile when gettext is there.
messages:
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore='.venv/*' --ignore='node_modules/*' -v 0; fi

var:
	mkdir -p var/broker/queue var/broker/processed var/media

# The embedded PostgreSQL (scripts/embedded_db.py) when DATABASE_URL is unset: data and socket
# in var/postgres, no TCP port. Idempotent; `make run` stops it again with the other processes.
db: install var
	@if [ -z "$$DATABASE_URL" ]; then $(PY) scripts/embedded_db.py start; fi

db-stop:
	@$(PY) scripts/embedded_db.py stop

migrate: install var db
	$(MANAGE) migrate --no-input -v 0

demo: migrate
	$(MANAGE) seed_demo

run: demo
	@echo ""
	@echo "STAR Impl kører på http://127.0.0.1:8000/  (log ind på http://127.0.0.1:8000/login/)"
	@echo "Demobrugere (adgangskode: $${DEMO_PASSWORD:-demo-star-2026}):"
	@echo "  admin        STAR-administrator"
	@echo "  star         STAR-medarbejder"
	@echo "  styregruppe  Styregruppemedlem"
	@echo "  jc751        Jobcenterchef, Aarhus (751)"
	@echo "  jc101        Jobcenterchef, København (101)"
	@echo "  akasse1      A-kasse Nord (demo)  (akasse2: Midt, akasse3: Syd)"
	@echo ""
	$(VENV)/bin/honcho -f Procfile.dev start

# Debian packages the tests need (chromium and a font for browser tests, gettext, pdffonts).
# PDFs need no system font: they embed IBM Plex Sans from node_modules (core.pdf).
deps:
	@missing=""; \
	for p in chromium fonts-dejavu-core gettext poppler-utils; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

services:
	@bash scripts/services.sh

# ruff, then the app directions of docs/DEVELOPING.md ([tool.importlinter] in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: deps install services lint
	DJANGO_SETTINGS_MODULE=star_impl.settings.test $(MANAGE) makemigrations --check --dry-run -v 0
	$(VENV)/bin/pytest $(PYTEST_ARGS)

up: install var
	DEBUG=$${DEBUG:-0} $(MANAGE) migrate --no-input -v 0
	DEBUG=$${DEBUG:-0} $(MANAGE) collectstatic --no-input -v 0
	DEBUG=$${DEBUG:-0} STATIC_FROM_FINDERS=$${STATIC_FROM_FINDERS:-0} $(VENV)/bin/honcho -f Procfile start

bench: install services
	@set -e; for script in tests/perf/bench_*.py; do \
	  [ -e "$$script" ] || continue; \
	  echo "== $$script"; DJANGO_SETTINGS_MODULE=star_impl.settings.test $(PY) $$script; \
	done

# The project's plotly bundles (static/vendor/plotly-star, committed): rebuilt from the pinned
# plotly.js source in frontend/plotly, then plotly's base CSS for the strict CSP. Not part of
# install: README, "Decisions worth knowing".
plotly:
	frontend/plotly/build.sh
	$(PY) scripts/plotly_csp_css.py

clean:
	rm -rf var/broker var/staticfiles var/test-media
