# APK Archive: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_DEBUG ?= 1

.PHONY: run worker test lint format migrate demo serve clean browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_editor

# The development server and, beside it, the background-job worker (archive/jobs): one
# command; the worker is stopped when runserver exits (Ctrl-C).
run: demo
	@$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The background-job worker alone (imports, index rebuilds, link detection, scheduled
# publishing): the database backend's db_worker, or RQ's worker when REDIS_URL is set.
worker: install
	$(BIN)/python manage.py worker

# Production: settings from the environment (DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are
# required; see docs/deploy.md), static files collected, migrations applied, then gunicorn.
# Background jobs need a worker too: run `make worker` beside it (its own service).
serve: install
	@echo "make serve: start \`make worker\` too (background jobs, scheduled publishing)."
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/gunicorn --config gunicorn.conf.py

# The browser tests (tests/browser) drive Debian's Chromium, /usr/bin/chromium (`.ci/run`
# installs it), and check accessibility with axe-core from npm (package-lock.json), the pages'
# markup with the W3C Nu checker (npm vnu-jar, run by Java) and their scores with Lighthouse
# (npm); without them they are skipped with the reason.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

browser-deps:
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory node_modules/.package-lock.json; \
	else echo "npm not found: the accessibility checks of the browser tests will be skipped"; fi

# PYTEST_ARGS: a part of the suite only (make test PYTEST_ARGS=tests/text).
test: install browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style, the parts of archive/ and who may import whom (import-linter, pyproject.toml), the
# types of the pure text code (mypy on archive/text), and no model change without a migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules test-artifacts
