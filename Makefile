# Two commands on a fresh machine: `make run` (serve the demo shop) and `make test`.
# Both install exactly what uv.lock says (every package, with its hashes); `make lock` refreshes
# uv.lock after a change of pyproject.toml (`make lock UPGRADE=1`: newest allowed versions).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# uv itself lives in .uv/, apart from the project's venv (which `uv sync` keeps exact).
UV_VERSION := 0.13.8
UV     := .uv/bin/uv
SYNC   := UV_PYTHON=$(PYTHON) UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=$(VENV) \
          $(UV) sync --locked --quiet

# `make run-cluster`: two instances sharing PostgreSQL and Redis (override with the environment).
CLUSTER_PORTS ?= 8081 8082
CLUSTER_DATABASE_URL := postgresql+asyncpg://postgres@127.0.0.1:5432/test
CLUSTER_REDIS_URL := redis://127.0.0.1:6379/0

.PHONY: run run-cluster test lint audit services chromium nginx vendure lock bench-deps clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed-run: pyproject.toml uv.lock | $(UV)
	$(SYNC) --inexact --extra clv
	@touch $@

$(VENV)/.installed-test: pyproject.toml uv.lock | $(UV)
	$(SYNC) --extra test
	@touch $@ $(VENV)/.installed-run

## The benchmarks' baselines (mlxtend, pandas, bm25s) on top of the test tools.
bench-deps: $(UV)
	$(SYNC) --extra test --extra bench
	@touch $(VENV)/.installed-test $(VENV)/.installed-run

## Resolve pyproject.toml's dependencies again into uv.lock (for every platform, with hashes).
lock: $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) lock --python $(PYTHON) $(if $(UPGRADE),--upgrade)

## Create the venv, install, migrate, load the demo shop when missing, serve it.
run: $(VENV)/.installed-run
	$(BIN)/shopassist migrate
	$(BIN)/shopassist demo load
	$(BIN)/shopassist serve

## Two instances on CLUSTER_PORTS against one PostgreSQL and one Redis; Ctrl+C stops both.
run-cluster: $(VENV)/.installed-run
	@export DATABASE_URL="$${DATABASE_URL:-$(CLUSTER_DATABASE_URL)}" \
	  REDIS_URL="$${REDIS_URL:-$(CLUSTER_REDIS_URL)}"; \
	case "$$DATABASE_URL" in postgres*) ;; *) \
	  echo "run-cluster needs PostgreSQL: set DATABASE_URL=postgresql+asyncpg://..."; exit 2;; esac; \
	$(BIN)/shopassist migrate || exit 2; \
	$(BIN)/shopassist demo load || exit 2; \
	redis-cli -u "$$REDIS_URL" ping >/dev/null 2>&1 || echo "Warning: no answer from Redis at \
	  $$REDIS_URL; the instances start anyway and connect once it is up (make services)."; \
	pids=""; \
	for port in $(CLUSTER_PORTS); do \
	  PORT=$$port $(BIN)/shopassist serve & pids="$$pids $$!"; \
	done; \
	trap 'kill -TERM $$pids 2>/dev/null; wait; exit 0' INT TERM; \
	for port in $(CLUSTER_PORTS); do \
	  echo "Instance on http://127.0.0.1:$$port/  (demo: /demo, console: /console/)"; \
	done; \
	echo "They share one database and one Redis; press Ctrl+C to stop both."; \
	wait

# One pytest worker per core; a test file stays on one worker (its module fixtures start once).
TEST_WORKERS ?= auto

## Install what the tests need, start PostgreSQL/Redis if they are down, run everything.
test: $(VENV)/.installed-test chromium nginx vendure services lint audit
	SHOPASSIST_REQUIRE_SERVICES=1 $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=15

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy assistant web flows knowledge_base

## Known vulnerabilities in the installed dependencies (PyPI's advisory data).
audit: $(VENV)/.installed-test
	$(BIN)/pip-audit --skip-editable --progress-spinner off

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests ..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## Debian's nginx for tests/test_nginx_proxy.py (the tests start it on a free port themselves).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian's nginx-light for the reverse-proxy tests ..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light >/dev/null; }

## The Vendure shop the connector tests run (npm, into var/vendure; again only when the lock
## file changes).
VENDURE_DIR := var/vendure
vendure: $(VENDURE_DIR)/node_modules/.installed

$(VENDURE_DIR)/node_modules/.installed: tests/vendure/package.json tests/vendure/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm for the Vendure shop ..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	mkdir -p $(VENDURE_DIR)
	cp tests/vendure/package.json tests/vendure/package-lock.json $(VENDURE_DIR)/
	cd $(VENDURE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starting PostgreSQL ..."; \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  echo "Starting Redis ..."; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; }

clean:
	rm -rf $(VENV) .uv test-output .pytest_cache
