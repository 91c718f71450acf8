# Two commands do everything on a fresh clone:  make lab   and   make test
# Needs only Python 3.11+ and make.  Run `make help` for the other targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root unless told; only containers and CI machines run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# npm's record of what `npm ci` installed: axe-core (accessibility tests) and configurable-http-proxy
# (the class check's JupyterHub), both pinned in package-lock.json
NODE_STAMP := node_modules/.package-lock.json
# the library's, exercises' and static notebook checks: no figures, builds, browser, hub, grading
# or other environment (pyproject.toml's markers)
FAST := not (figures or builds or browser or hub or grading or environment or slow)
# nbgrader and its Jupyter extensions live beside .venv, never in it (course_tools/grading_env.py)
GRADING_ENV   := build/grading-env
GRADING_PY    := $(GRADING_ENV)/bin/python
GRADING_STAMP := $(GRADING_ENV)/.installed
# make test's processes beside the notebooks' (CI has 2 cores; the browser tests mostly wait)
TEST_WORKERS ?= 2

.PHONY: help install lab test test-fast test-notebooks test-browser test-slides lint execute bench slides site solutions binder-check colab-check class-check screenshots clean grading-env assignments grade-check grade-hub-check

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# build matplotlib's font cache now, so its one-time notice never lands in a notebook
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

install: $(STAMP)  ## create .venv with the pinned packages, course_lib and course_tools

# npm ci when node_modules is missing or older than the lock file; without npm, say what that
# leaves out and carry on (the tests that need it skip and name the reason; CI fails on them)
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund || \
	    echo "make: npm ci failed (offline?): carrying on without axe-core and configurable-http-proxy"; \
	else \
	  echo "make: npm is missing, so axe-core (the accessibility tests) and configurable-http-proxy"; \
	  echo "      (the class check's hub) cannot be installed: install Node.js and npm (Debian:"; \
	  echo "      apt-get install nodejs npm) and run make again. Carrying on without them."; \
	fi

$(GRADING_STAMP): $(STAMP) requirements-grading.txt course_tools/grading_env.py
	$(BIN)/python -m course_tools.grading_env $(GRADING_ENV)
	touch $(GRADING_STAMP)

grading-env: $(GRADING_STAMP)  ## nbgrader beside .venv, in build/grading-env (for the two targets below)

assignments: $(GRADING_STAMP)  ## the nbgrader course from the notebooks in build/grading (keeps its gradebook)
	$(GRADING_PY) -m course_tools.grading

grade-check: $(GRADING_STAMP)  ## a simulated class through nbgrader: collect, autograde, feedback, CSV (minutes)
	$(GRADING_PY) -m course_tools.grade_check

grade-hub-check: $(GRADING_STAMP)  ## nbgrader's formgrader and Assignments tab on the class check's JupyterHub (needs npm ci)
	$(GRADING_PY) -m course_tools.grade_hub_check

lab: $(STAMP)  ## open JupyterLab at the first notebook
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

test: $(STAMP) $(NODE_STAMP) $(GRADING_STAMP)  ## every test CI runs: lint, library, builds, notebooks (nbval), browser, hub, grading
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || \
	  echo "make: no Chromium found, so the browser tests will skip (Debian: apt-get install chromium)"
	$(BIN)/ruff check .
	@# shared out over TEST_WORKERS processes in the order collected, the browser tests first
	@# (tests/conftest.py: CourseScheduling keeps a file, or a notebook's cells, in one process)
	$(BIN)/python -m pytest -m "not environment" -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder --durations=15

test-fast: $(STAMP)  ## under a minute: library, exercises, static notebook checks (no figures, builds, browser, nbgrader)
	$(BIN)/python -m pytest tests -m "$(FAST)"

test-notebooks: $(STAMP)  ## re-run every notebook under nbval (strict) and compare its outputs
	$(BIN)/python -m pytest notebooks

test-browser: $(STAMP)  ## the browser tests only (real JupyterLab, headless Chromium)
	$(BIN)/python -m pytest tests/browser

test-slides: $(STAMP)  ## step through every slide of every deck in Chromium: each fits its frame
	COURSE_SLIDE_DECKS=all $(BIN)/python -m pytest tests/browser/test_slides_fit.py

binder-check: $(STAMP)  ## build binder/'s environment and run the learners' command in it (minutes)
	$(BIN)/python -m pytest tests/test_binder.py

colab-check: $(STAMP)  ## every notebook and explorer as on Google Colab (ipywidgets 7.7, no ipympl)
	$(BIN)/python -m pytest tests/test_colab.py
	$(BIN)/python -m course_tools.colab_check

class-check: $(STAMP) $(NODE_STAMP)  ## a real JupyterHub serving a simulated class (LEARNERS=30) through the nbgitpuller link
	$(BIN)/python -m course_tools.class_check --learners $(or $(LEARNERS),30)

screenshots: $(STAMP)  ## refresh docs/screenshots/ (1280x800, sidebar open) from the browser tests
	rm -f test-artifacts/screenshots/*.png
	$(BIN)/python -m pytest tests/browser/test_browser_notebooks.py tests/browser/test_slides_fit.py
	rm -f docs/screenshots/*.png
	cp test-artifacts/screenshots/*-explorer-1280x800.png test-artifacts/screenshots/slides-01-derivation-*.png docs/screenshots/

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .

execute: $(STAMP)  ## re-run every notebook (or NB=notebooks/04_relu.ipynb), store outputs and slide metadata
	$(BIN)/python -m course_tools.execute $(NB)

bench: $(STAMP)  ## measure speed, latency, memory; writes docs/performance.md, README's table
	$(BIN)/python -m course_tools.bench --docs $(BENCH_ARGS)

slides: $(STAMP)  ## build offline reveal.js slides into slides/
	$(BIN)/python -m course_tools.slides

site: $(STAMP)  ## build the static HTML site into site/
	$(BIN)/python -m course_tools.site

solutions: $(STAMP)  ## notebooks with solutions shown, into solutions/
	$(BIN)/python -m course_tools.solutions

clean:  ## remove the environments and everything built (not build/grading: it holds the gradebook)
	rm -rf $(VENV) $(GRADING_ENV) build/grade-check build/frameworks-venv site slides solutions test-artifacts .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# PyTorch (CPU), TensorFlow-CPU with Keras 3, and JAX, in their own environment (about 3 GB),
# never in .venv: requirements-frameworks.txt pins them; course_tools/frameworks.py measures them
.PHONY: frameworks
FRAMEWORKS_VENV  := build/frameworks-venv
FRAMEWORKS_STAMP := $(FRAMEWORKS_VENV)/.installed

$(FRAMEWORKS_STAMP): requirements-frameworks.txt
	$(PYTHON) -m venv $(FRAMEWORKS_VENV)
	$(FRAMEWORKS_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(FRAMEWORKS_VENV)/bin/python -m pip install --quiet -r requirements-frameworks.txt
	touch $(FRAMEWORKS_STAMP)

frameworks: $(FRAMEWORKS_STAMP)  ## measure what PyTorch, Keras and JAX give for every activation (minutes; not in make test)
	$(FRAMEWORKS_VENV)/bin/python -m course_tools.frameworks
