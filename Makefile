# Two commands do all the set-up on a fresh machine with only Python:
#   make reproduce   build .venv, install, run the main job: every figure and the write-up, quick profile
#   make test        build .venv, install with the test extras, run the house checks and the fast test suite
#   make lint        ruff and import-linter alone (the house's style and layering)
#   make docs        the documentation site (Sphinx: API reference, guide, executed examples), warnings as errors
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# numba's cache notices a change to a kernel's own file, not to the files of the kernels it calls: after an edit of
# verify/subsetsum/interval_merge.py a cached worst_error kernel would still run the old merge.  So the cache lives
# in a folder named by a digest of every verify/*.py: any edit starts a fresh one (a full compilation, 2-3 min).
SOURCES_DIGEST := $(shell find verify -name '*.py' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
export NUMBA_CACHE_DIR ?= $(CURDIR)/.numba_cache/$(SOURCES_DIGEST)
export PYTHONHASHSEED := 0

.PHONY: reproduce test test-all lint typecheck bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# One stamp per install flavour; each is rebuilt when pyproject.toml changes.
$(VENV)/.installed-base: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-docs: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,docs]'
	touch $@ $(VENV)/.installed-base

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,dask,lint]'
	touch $@ $(VENV)/.installed-base

# `slth paper` builds every figure first (computing what its cache lacks, drawing each once) and then the write-up;
# a separate `slth figures --quick` before it drew all twenty figures a second time (about 30 s).
reproduce: $(VENV)/.installed-base
	$(BIN)/slth paper --quick

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -q

test-all: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "slow or mc or not (slow or mc)"

bench: $(VENV)/.installed-test
	$(BIN)/slth bench rss
	$(BIN)/slth bench train
	$(BIN)/slth bench approx
	$(BIN)/slth bench plant
	$(BIN)/slth bench lth

docs: $(VENV)/.installed-docs
	MPLBACKEND=Agg $(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

clean:
	rm -rf $(VENV) .numba_cache .hypothesis results figures/out docs/_build docs/auto_examples docs/api/generated
