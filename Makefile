# Two set-up commands on a fresh clone: `make extract` and `make test`.
# Each target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= raw
OUT    ?= output
JOBS   ?= 0
DB     ?= duckdb:///$(OUT)/monographs.duckdb

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
PG_STAMP      := $(VENV)/.postgres-installed

.PHONY: extract load report test lint format fuzz bench bench-pathological clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,postgres,dask]'
	touch $@ $(RUNTIME_STAMP)

# Byte-compile the package as pip does an installed one: an editable install is compiled on
# import, and not at all where PYTHONDONTWRITEBYTECODE is set (0.08 s per run before the fork).
COMPILE = $(BIN)/python -m compileall -q pipeline

extract: $(RUNTIME_STAMP)
	$(COMPILE)
	$(BIN)/python -m pipeline extract $(RAW) --out $(OUT) --jobs $(JOBS)

$(PG_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[postgres]'
	touch $@ $(RUNTIME_STAMP)

# Load $(OUT) into $(DB): a DuckDB file by default, or DB=postgresql://user@host:port/dbname.
load: $(RUNTIME_STAMP) $(if $(filter postgres%,$(DB)),$(PG_STAMP))
	$(BIN)/python -m pipeline load $(OUT) --db '$(DB)'

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(DEV_STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	$(BIN)/mypy pipeline

format: $(DEV_STAMP)
	$(BIN)/ruff format pipeline tests
	$(BIN)/ruff check --fix pipeline tests

# Every slow test: long property tests (FUZZ_EXAMPLES examples each), many SIGKILL
# trials (KILL_TRIALS), the parser shortcuts checked on the whole corpus.
FUZZ_EXAMPLES ?= 10000
KILL_TRIALS   ?= 20
fuzz: $(DEV_STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) KILL_TRIALS=$(KILL_TRIALS) $(BIN)/python -m pytest -m slow

# Throughput, memory, 4x scale, no-op rerun and YAML-heavy files; appends to bench/results.jsonl.
# The corpus: BENCH_CORPUS, else ../shared/corpus/rxhive when present, else raw/ copied 250 times.
BENCH_CORPUS ?=
bench: $(DEV_STAMP)
	$(COMPILE)
	BENCH_CORPUS=$(BENCH_CORPUS) $(BIN)/python bench/bench.py

# One self-contained HTML report of $(OUT) (open it in any browser; nothing is fetched).
REPORT ?= $(OUT)/report.html
report: $(RUNTIME_STAMP)
	$(BIN)/python -m pipeline report $(OUT) --to $(REPORT)

bench-pathological: $(RUNTIME_STAMP)
	$(BIN)/python bench/pathological.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Regenerate tests/golden/*.json from raw/ (review the diff before committing).
.PHONY: golden
golden: $(DEV_STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py
