# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EW := $(VENV)/bin/eventwire
DB ?= eventwire.duckdb
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit gate bench lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24.2"
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(EW) --db $(DB) ingest --demo
	$(EW) --db $(DB) dedup
	$(EW) --db $(DB) summary

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(VENV)/bin/pytest -q

gate: $(STAMP)
	$(PY) -m eventwire.evaluation.gate

test: lint unit gate

bench: $(STAMP)
	$(PY) bench/throughput.py

# Regenerate the hash-pinned lock from requirements.in (needs pip-tools in the venv).
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .mypy_cache .ruff_cache
