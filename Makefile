# Two set-up commands on a fresh clone: `make extract` and `make test`.
# Each target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= raw
OUT    ?= output
JOBS   ?= 0

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: extract test lint format fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,postgres,dask]'
	touch $@ $(RUNTIME_STAMP)

extract: $(RUNTIME_STAMP)
	$(BIN)/python -m pipeline extract $(RAW) --out $(OUT) --jobs $(JOBS)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(DEV_STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	$(BIN)/mypy pipeline

format: $(DEV_STAMP)
	$(BIN)/ruff format pipeline tests
	$(BIN)/ruff check --fix pipeline tests

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
