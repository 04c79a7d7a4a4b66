# makelaar: `make demo` runs a whole evaluation round on the embedded defaults; `make test` runs
# every check CI runs. Both set up what they need first (system packages, then a virtualenv).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
# Python keeps compiled modules in __pycache__ (ignored by git and by the wheel's build), also where
# the environment says not to: without them every process the suite and a round start (a worker's
# flow runs, each `makelaar` command a test runs, pytest's rewritten test modules) compiles the same
# sources again, ~0.5 s of CPU a process here and 14 s against 32 s to collect the suite.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test lint typecheck pytest bench stack system-deps setup clean

demo: $(STAMP)
	@$(BIN)/makelaar demo

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# The suite on PYTEST_WORKERS processes (pytest-xdist), each file on one worker (--dist loadfile)
# so module fixtures are made once; every worker has its own tmp dirs and local Prefect server.
# The files hand out in collection order (--no-loadscope-reorder), which puts the longest first
# (tests/conftest.py, LONGEST_FIRST): no long file starts when the other worker is nearly done.
# CI's machine has 2 cores. `.venv/bin/pytest tests/...` alone still runs in one process.
# The 20 slowest tests are listed at the end, to keep an eye on the suite's time.
PYTEST_WORKERS ?= 2
pytest: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=20

bench: $(STAMP)
	$(BIN)/python bench/round.py
	$(BIN)/python bench/logbook_import.py
	$(BIN)/python bench/cbs_national.py
	$(BIN)/python bench/forms_load.py
	$(BIN)/python bench/naammaskering.py
	$(BIN)/python bench/indicators.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/cycles.py
	$(BIN)/python bench/national.py

# The whole stack of a national programme on this machine, for trying it: a Prefect server on
# PostgreSQL (MAKELAAR_STACK_POSTGRES, default the local server as user postgres), a process worker
# (more with `python -m makelaar.flows.stack --werkers N`) and the answering pages, each started
# when the one before is healthy; Ctrl-C stops them all.
stack: $(STAMP)
	$(BIN)/python -m makelaar.flows.stack

setup: $(STAMP)

# System libraries WeasyPrint renders with (pango; harfbuzz-subset for font subsetting, without
# which WeasyPrint 70 warns on import and per font), the fonts, poppler for PDF pages, and Debian's
# chromium for the answering pages' browser tests (Playwright's own browser download cannot work).
# Installed only when missing, so a second run does nothing.
system-deps:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi 'DejaVu Sans' || missing="$$missing fonts-dejavu-core"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "Systeempakketten installeren:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Python-omgeving installeren in $(VENV) (eenmalig)..."
	@set -o pipefail; $(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 \
		| { grep -v "is ignored: it is neither a file nor a directory" || true; }
	@$(BIN)/python -c "import makelaar.flows, makelaar.cycles, makelaar.models, makelaar.intake, makelaar.forms, makelaar.handreiking, weasyprint, prefect" 
	@touch $@

clean:
	rm -rf $(VENV) .makelaar out .pytest_cache .mypy_cache .ruff_cache
