# Koryu: two commands on a fresh machine — `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell bash scripts/find_python.sh)
VENV := .venv
PY := $(VENV)/bin/python
SEEDS ?= ../shared/seeds
DB ?= koryu.sqlite3
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
STAMP := $(VENV)/.installed

help:
	@echo "make demo   install, ingest $(SEEDS) (or SEEDS=path), print stats, serve on http://$(HOST):$(PORT)/"
	@echo "make test   install, lint, run the suite on SQLite and on PostgreSQL"
	@echo "make bench  run the benchmarks (see benchmarks/README.md)"

$(STAMP): pyproject.toml package.json
	@test -n "$(PYTHON)" || { echo "Koryu needs Python 3.12+ (Django 6); set PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	# An editable install leaves src/ uncompiled: where PYTHONDONTWRITEBYTECODE is set, every
	# command would compile Koryu's modules again (a sixth of `koryu search`'s start-up).
	$(PY) -m compileall -q src >/dev/null
	npm ci --no-audit --no-fund --loglevel=error
	$(PY) scripts/vendor_assets.py
	touch $(STAMP)

install: $(STAMP)

# Debian packages the browser tests and screenshots need (root on CI and dev machines).
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "note: chromium/fonts-noto-cjk missing and not root: browser tests will skip"; fi; fi

demo: install
	$(VENV)/bin/koryu ingest $(SEEDS) --db $(DB)
	$(VENV)/bin/koryu stats --db $(DB)
	$(VENV)/bin/koryu serve --db $(DB) --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

test-sqlite: install system-deps
	env -u KORYU_DATABASE_URL $(VENV)/bin/pytest

# PostgreSQL: required in CI; elsewhere skipped with a visible reason when no server answers.
test-postgres: install system-deps
	@if $(PY) scripts/pg_ready.py "$(PG_URL)"; then \
	  KORYU_DATABASE_URL="$(PG_URL)" $(VENV)/bin/pytest; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL at $(PG_URL) is not reachable, and CI requires the PostgreSQL suite"; exit 1; \
	else \
	  echo "SKIPPED: PostgreSQL suite — no server reachable at $(PG_URL) (set PG_URL=...)"; fi

test: lint test-sqlite test-postgres

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) node_modules src/koryu/web/static/vendor .pytest_cache

.PHONY: help install system-deps demo lint test-sqlite test-postgres test bench clean
