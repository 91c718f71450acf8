# Two commands do everything on a fresh clone:  make lab   and   make test
# Needs only Python 3.11+ and make.  Run `make help` for the other targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root unless told; only containers and CI machines run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# nbgrader and its Jupyter extensions live beside .venv, never in it (course_tools/grading_env.py)
GRADING_ENV   := build/grading-env
GRADING_PY    := $(GRADING_ENV)/bin/python
GRADING_STAMP := $(GRADING_ENV)/.installed

.PHONY: help lab test test-fast test-notebooks test-browser test-slides lint execute bench slides site solutions binder-check colab-check class-check screenshots clean grading-env assignments grade-check grade-hub-check

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

install: $(STAMP)  ## create .venv with the pinned packages and course_lib

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

test: $(STAMP) $(GRADING_STAMP)  ## run every test: library, notebooks (nbval), lint, browser, grading (not the environment builds)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not environment"

test-fast: $(STAMP)  ## library tests only (no notebooks, no browser, no nbgrader)
	$(BIN)/python -m pytest tests -m "not browser and not environment and not grading"

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
	$(BIN)/python tools/colab_check.py

class-check: $(STAMP)  ## a real JupyterHub serving a simulated class (LEARNERS=30) through the nbgitpuller link
	$(BIN)/python tools/class_check.py --learners $(or $(LEARNERS),30)

screenshots: $(STAMP)  ## refresh docs/screenshots/ (1280x800, sidebar open) from the browser tests
	$(BIN)/python -m pytest tests/browser/test_browser_notebooks.py tests/browser/test_slides_fit.py
	cp test-artifacts/screenshots/*-explorer-1280x800.png test-artifacts/screenshots/slides-01-derivation-*.png docs/screenshots/

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .

execute: $(STAMP)  ## re-run every notebook top to bottom, store its outputs and slide metadata
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)
	$(BIN)/python tools/notebook_meta.py $(NOTEBOOKS)

bench: $(STAMP)  ## measure speed, latency, memory; writes docs/performance.md, README's table
	$(BIN)/python benchmarks/run.py --docs $(BENCH_ARGS)

slides: $(STAMP)  ## build offline reveal.js slides into slides/
	$(BIN)/python tools/build_slides.py

site: $(STAMP)  ## build the static HTML site into site/
	$(BIN)/python tools/build_site.py

solutions: $(STAMP)  ## notebooks with solutions shown, into solutions/
	$(BIN)/python tools/make_solutions.py

clean:  ## remove the environments and everything built (not build/grading: it holds the gradebook)
	rm -rf $(VENV) $(GRADING_ENV) build/grade-check site slides solutions test-artifacts benchmarks/results .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
