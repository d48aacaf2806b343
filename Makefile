# Nakhon EA: `make demo` serves the demo city, `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser-deps demo serve test lint format messages clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

# Browser tests drive Debian's Chromium; Thai pages need a Thai font to render.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi tlwg; then \
		echo "Installing Debian's chromium and fonts-thai-tlwg for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-thai-tlwg; \
	fi

demo: install
	$(BIN)/nakhon migrate --noinput
	$(BIN)/nakhon demo load
	$(BIN)/nakhon demo admin
	@echo "Nakhon EA is at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	@# The worker runs large imports and exports in the background; it stops with the server.
	@$(BIN)/nakhon db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/nakhon runserver $(HOST):$(PORT) --noreload

# Production serving: migrations, then gunicorn (2 x CPUs + 1 workers unless NAKHON_WEB_WORKERS
# says otherwise) with the task worker beside it. See deploy/ for systemd, nginx and compose.
serve: install
	$(BIN)/nakhon migrate --noinput
	$(BIN)/nakhon serve --bind $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# A worker per CPU; tests that share a costly set-up stay together (tests/conftest.py).
test: install browser-deps lint
	$(BIN)/pytest -n auto --dist loadgroup

# Refresh locale/th after changing user-visible strings (needs GNU gettext).
messages: install
	$(BIN)/nakhon makemessages --locale th --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/nakhon compilemessages --locale th --ignore '.venv/*'

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
