# The README's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# The newest Django and Wagtail that pyproject.toml accepts need Python 3.12+:
# pyenv's 3.13 where it is installed, else python3.13 on the PATH.
NEWEST_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) python3.13)
NEWEST := .venv-newest
NEWEST_STAMP := $(NEWEST)/.installed-dev
# The suite runs in parallel (pytest-xdist), one worker per core; each worker
# has its own test database. `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto --dist load
# `PORT=8001 make run` serves the site on another port; links in emails follow.
PORT ?= 8000
SITE := http://127.0.0.1:$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run install install-dev install-newest migrate demo schedules test test-newest screenshots lint format lock bench browser clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(PIP) install --quiet -e ".[dev]"
	@touch $@

install: $(STAMP) ## Create .venv and install the site

install-dev: $(DEV_STAMP) ## Install the site with the test and lint tools

$(NEWEST_STAMP): pyproject.toml
	$(NEWEST_PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/pip install --quiet --upgrade pip
	$(NEWEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager -e ".[dev]"
	@touch $@

install-newest: $(NEWEST_STAMP) ## Create .venv-newest: the newest Django and Wagtail allowed

migrate: install
	$(MANAGE) migrate --no-input

# What load_demo_content printed (the demo logins) is kept for `make run`'s banner.
demo: migrate ## Load the demo content (safe to repeat)
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-$(SITE)} $(MANAGE) load_demo_content > var/demo.txt
	@cat var/demo.txt

schedules: migrate ## Create or update the scheduled tasks
	$(MANAGE) install_schedules

# scripts/run_dev.py starts the processes of Procfile.dev (the web server on
# $(PORT)) and, on Ctrl-C, stops each one and waits until it has stopped.
run: demo schedules ## Set up everything and run the site and the task cluster on SQLite (PORT=8000)
	$(MANAGE) collectstatic --no-input --verbosity 0
	@echo ""
	@echo "  Site:  $(SITE)/"
	@echo "  Admin: $(SITE)/admin/"
	@grep "password" var/demo.txt || true
	@echo "  Ctrl-C stops the web server and the task cluster together."
	@echo ""
	@WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-$(SITE)} $(PY) scripts/run_dev.py $(PORT)

browser: ## Install Debian's Chromium for the browser tests (needs root and apt)
	@bash scripts/ensure-chromium

# Without Chromium the browser tests are skipped with the reason (CI fails them).
test: install-dev ## Run the whole test suite, in parallel
	@bash scripts/ensure-chromium || true
	@$(PY) -c "$$VERSIONS"
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-newest: install-newest ## Run the suite on the newest Django and Wagtail allowed
	@bash scripts/ensure-chromium || true
	@$(NEWEST)/bin/python -c "$$VERSIONS"
	$(NEWEST)/bin/pytest $(PYTEST_ARGS)

# What a test run runs on, printed first so a log says what was tested.
define VERSIONS
import os, platform, django, wagtail
db = os.environ.get("DATABASE_URL", "sqlite").split(":")[0]
print(f"Python {platform.python_version()}, Django {django.get_version()},"
      f" Wagtail {wagtail.__version__}, database {db}")
endef
export VERSIONS

# The browser walks an editor's day on the demo site and saves what the
# editors' guide shows; without Chromium it fails rather than skips.
screenshots: install-dev ## Refresh the pictures in the editors' guide (docs/images/editors)
	@bash scripts/ensure-chromium || true
	DUQ_SCREENSHOTS=docs/images/editors DUQ_REQUIRE_SERVICES=browser \
		$(VENV)/bin/pytest -p no:randomly tests/test_editor_screenshots.py

lint: install-dev ## Check style with ruff and the direction of imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev ## Format and fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The pinned runtime dependencies for deployments (see the README), for Python
# 3.11 (Django 5.2) and 3.12+ (the newest Django allowed) alike.
lock: install-dev ## Pin the runtime dependencies in requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" -o requirements.lock

bench: install-dev ## Run the benchmarks (prints ratios; not tests)
	$(PY) bench/run.py

clean: ## Remove the virtualenvs and local data
	rm -rf $(VENV) $(NEWEST) var
