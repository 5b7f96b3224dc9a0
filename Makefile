# Two commands do all the set-up on a fresh machine (Python 3.11, git, make):
#   make book   create .venv, install the pinned requirements and nmjlib, build _build/html
#   make test   the same set-up, then the style check (ruff), unit tests, doctests, chapter
#               execution (nbmake), a strict fresh build and the checks on the built site
# Other targets: make student (the edition without solutions, in _build/student), make lab
# (the chapters in JupyterLab, .md opened as notebooks, kernel nmj-book), make lab-check (starts
# and stops that server and checks it without a browser), make bench, make serve, make clean.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book
# -W: any warning (a failing cell included) fails; -n: every cross-reference must resolve.
STRICT := -W -n --keep-going

export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

LAB_STAMP := $(VENV)/.lab-installed
STUDENT_SITE := _build/student/_build/html

.PHONY: install book test student bench serve clean lab lab-check

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP)

# The student edition: pages and notebooks without solutions (sphinx-exercise's hide_solutions;
# nmjlib/_notebooks.py drops solution blocks and the code cells of gated solutions), built
# strictly and offline into its own folder. Its hints print folded, as on screen
# (sphinx-togglebutton opens every drop-down for printing unless told not to); the full
# edition prints them open, with the solutions.
define student_build
	rm -rf _build/student
	$(BIN)/python tests/tools/config_variant.py _config.yml _build/student_config.yml sphinx.config.hide_solutions=true \
		sphinx.config.togglebutton_open_on_print=false
	tests/tools/offline.sh $(JB) build . --all $(STRICT) --config _build/student_config.yml --path-output _build/student
endef

student: $(STAMP)
	$(student_build)
	@echo "Student edition written to $(STUDENT_SITE)/index.html"

# JupyterLab is pinned in requirements-lab.txt and installed only here (CI stays lean).
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	$(BIN)/python tests/tools/lab_setup.py
	touch $@

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab chapters

lab-check: $(LAB_STAMP)
	$(BIN)/python tests/tools/lab_check.py

# Uses the jupyter-cache; tests/tools/cache_key.py drops it when nmjlib or the requirements
# change, because jupyter-cache only notices changes to the notebook's own code.
book: $(STAMP)
	$(BIN)/python tests/tools/cache_key.py _build
	$(JB) build . --all $(STRICT)
	@echo "Book written to _build/html/index.html"

# Style first (ruff; seconds), then fresh execution, a strict build into _build/test and one
# pytest run: unit tests, doctests, the chapters as notebooks (nbmake) and the checks on the
# built site. The notebooks go to .test-notebooks, not _build: nbmake skips any path containing "_build".
# The strict build runs without network (tests/tools/offline.sh) to prove it needs none; so
# does the strict build of the student edition, which tests/test_student_edition.py checks.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf _build/test .test-notebooks
	$(BIN)/python tests/tools/export_notebooks.py chapters .test-notebooks
	$(BIN)/python tests/tools/config_variant.py _config.yml _build/test_config.yml execute.execute_notebooks=force
	tests/tools/offline.sh $(JB) build . --all $(STRICT) --config _build/test_config.yml --path-output _build/test
	$(student_build)
	NMJ_SITE_DIR=_build/test/_build/html NMJ_STUDENT_DIR=$(STUDENT_SITE) $(BIN)/python -m pytest tests nmjlib .test-notebooks --nbmake

# Wall time of a clean build and the execution time of each chapter.
bench: $(STAMP)
	$(BIN)/python tests/tools/bench.py

serve: book
	$(BIN)/python -m http.server --directory _build/html 8000 --bind 127.0.0.1

clean:
	rm -rf _build .pytest_cache
