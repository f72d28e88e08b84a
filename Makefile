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

# pip byte-compiles what it installs on one core (about 20 of its 42 s here); installing with --no-compile and then
# compiling the environment with compileall on every core writes the same .pyc files in about half the time.  The
# packages' own test suites (directories tests/ and test/: 38 % of the bytes) and the installers (pip, setuptools)
# are never imported by slth, so they are not compiled: 17 s instead of 32 s on the Zen 3 host (2026-12-02).
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -c constraints.txt
COMPILE_ENV := $(BIN)/python -m compileall -q -j 0 -x '/tests?/|/site-packages/(pip|setuptools)/' $$($(BIN)/python -c \
	"import sysconfig; print(*sorted({sysconfig.get_path('purelib'), sysconfig.get_path('platlib')}))")

# One stamp per install flavour; each is rebuilt when pyproject.toml changes.
$(VENV)/.installed-base: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e .
	$(COMPILE_ENV)
	touch $@

$(VENV)/.installed-docs: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[test,docs]'
	$(COMPILE_ENV)
	touch $@ $(VENV)/.installed-base

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[test,dask,lint]'
	$(COMPILE_ENV)
	touch $@ $(VENV)/.installed-base

# `make reproduce` runs the quick figures as four groups, two at a time (make -j 2 starts the next group when one
# ends, in the order below: the longest first), each group one `slth figures --quick` process that computes and
# draws its figures; the figures of one campaign (one results store) share a group (tests/test_makefile.py checks
# that the groups name every figure once and keep each campaign together).  Then `slth paper --quick` finds every
# figure computed and drawn (figures.drawn) and writes the write-up.  The bytes are those of a single
# `slth paper --quick`: a figure's numbers depend on its parameters and seeds only, and drawing is deterministic.
QUICK_lth := lth_digits,lth_variants,lth_plantnseek,lth_mnist5k
QUICK_rss := rss_phase_transition,rss_required_samples,rss_worst_error_decay,rss_fixed_size,rss_multidim,\
	rss_integers,rss_sparse,bounds_landscape,tickets_width,experiment1,constructions
QUICK_pns := pns_singleshot,pns_multishot,pns_recall,pns_existence
QUICK_exp2 := pensia_exp2
QUICK_GROUPS := lth rss pns exp2

reproduce: $(VENV)/.installed-base
	$(MAKE) --no-print-directory -j 2 $(addprefix quick-,$(QUICK_GROUPS))
	$(BIN)/slth paper --quick

.PHONY: $(addprefix quick-,$(QUICK_GROUPS))
# quick-G builds group G's list QUICK_G; the subst drops the space that make puts where a list's line continues
$(addprefix quick-,$(QUICK_GROUPS)): quick-%:
	$(BIN)/slth figures --quick --only $(subst $(eval) ,,$(QUICK_$*))

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
