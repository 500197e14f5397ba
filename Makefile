# The README's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# The suite runs in parallel (pytest-xdist), one worker per core; each worker
# has its own test database. `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help run install install-dev migrate demo schedules test test-postgres lint format bench browser clean

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

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate ## Load the demo content (safe to repeat)
	$(MANAGE) load_demo_content

schedules: migrate ## Create or update the scheduled tasks
	$(MANAGE) install_schedules

run: demo schedules ## Set up everything and run the site and the task cluster on SQLite
	$(MANAGE) collectstatic --no-input --verbosity 0
	@echo ""
	@echo "  Site:  http://127.0.0.1:8000/"
	@echo "  Admin: http://127.0.0.1:8000/admin/"
	@echo "  Ctrl-C stops the web server and the task cluster together."
	@echo ""
	$(VENV)/bin/honcho -f Procfile.dev start

browser: ## Install Debian's Chromium for the browser tests (needs root and apt)
	@bash scripts/ensure-chromium

test: install-dev browser ## Run the whole test suite, in parallel
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## Format and fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev ## Run the benchmarks (prints ratios; not tests)
	$(PY) bench/run.py

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
