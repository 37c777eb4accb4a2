# Two commands on a fresh machine: `make run` (serve the demo shop) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint audit services chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	@touch $@ $(VENV)/.installed-run

## Create the venv, install, migrate, load the demo shop when missing, serve it.
run: $(VENV)/.installed-run
	$(BIN)/shopassist migrate
	$(BIN)/shopassist demo load
	$(BIN)/shopassist serve

## Install what the tests need, start PostgreSQL/Redis if they are down, run everything.
test: $(VENV)/.installed-test chromium services lint audit
	SHOPASSIST_REQUIRE_SERVICES=1 $(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy flows

## Known vulnerabilities in the installed dependencies (PyPI's advisory data).
audit: $(VENV)/.installed-test
	$(BIN)/pip-audit --skip-editable --progress-spinner off

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests ..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starting PostgreSQL ..."; \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  echo "Starting Redis ..."; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; }

clean:
	rm -rf $(VENV) test-output .pytest_cache
