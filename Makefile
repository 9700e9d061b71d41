# phigate developer tasks. `make test` is what CI runs (through .ci/run).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DATA_DIR ?= ./phigate-data
# test processes: most tests wait on real servers (PostgreSQL, clamd, phigate serve), so 3 beat 2 on 2 cores
TEST_WORKERS ?= 3

.PHONY: help venv system-deps run test coverage lint typecheck unit bench clean clamd-dev

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev,bench]'
	touch $@

venv: $(VENV)/.installed  ## create the virtualenv with phigate and its dev tools

$(VENV)/.runtime: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

system-deps:  ## install the Debian packages the tests use (root)
	bash scripts/install-system-deps.sh

run: $(VENV)/.runtime system-deps  ## run phigate on its embedded defaults (installs runtime dependencies only)
	$(VENV)/bin/phigate serve --data-dir $(DATA_DIR)

lint: venv  ## ruff, mypy --strict, import contracts
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	PYTHONPATH=src $(VENV)/bin/lint-imports

test: venv system-deps  ## lint, then the whole test suite (real SoftHSM2, moto_server, PostgreSQL, clamd, Tesseract)
	$(MAKE) lint
	$(VENV)/bin/pytest -n $(TEST_WORKERS) -q

coverage: venv system-deps  ## the whole test suite with a branch-coverage report (slower: tracing doubles CPU-bound tests)
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --cov --cov-report=term:skip-covered -q

bench: venv  ## benchmarks: a table of figures with ratios against their baselines
	PYTHONPATH=src $(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage

clamd-dev: venv system-deps  ## a local clamd with phigate's test signatures (foreground; never for production)
	$(PY) -m phigate.backends.scanners.clamd_daemon $(DATA_DIR)/clamd
