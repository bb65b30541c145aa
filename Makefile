# Two entry points for a fresh machine: `make demo` and `make test`.
# The interpreter: the system's python3 when it is 3.11+ (distributions build it with
# profile-guided optimisation), else the first on PATH. See .ci/python.sh.
PYTHON ?= $(shell bash .ci/python.sh)
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: help demo test bench clean sysdeps-runtime sysdeps-test messages

# Plain `make` says what to run rather than quietly making .venv alone (the first rule below).
help:
	@echo 'make demo    creates .venv, installs what running needs, renders the sample PDFs into out/'
	@echo 'make test    creates .venv, installs that and the test tools, runs the tests'
	@echo 'then: .venv/bin/handouts --help (README.md: "Set up")'

# A venv that fails halfway (Debian's python3 without python3-venv leaves .venv/bin/python
# and no pip) is removed, so the next `make` makes it again instead of using it.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "handouts needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# Two stamps, reinstalled only when the project description changes: what running
# needs (make demo), and that plus the test tools (make test; make bench reads PDFs
# back with pypdf, one of them).
# pip compiles a wheel's modules when it installs them, but not an editable install's: ours are
# compiled here, once, or every start of `handouts` (and every worker a server or a batch
# starts) would compile them again wherever PYTHONDONTWRITEBYTECODE is set, as on CI machines.
# A module edited later is simply compiled again in memory: a stale file is never used.
$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q handouts
	@touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q handouts
	@touch $@ $(VENV)/.installed-runtime

# Pango and friends, plus the fallback fonts too large for PyPI (Debian's
# fonts-noto-cjk and fonts-noto-color-emoji) that patients' names may need.
sysdeps-runtime:
	@bash .ci/system-deps.sh runtime '$(PYTHON)'

sysdeps-test:
	@bash .ci/system-deps.sh test '$(PYTHON)'

# -n auto: one worker per CPU (none on a single CPU: tests/conftest.py); a test file's tests
# stay together in one worker, so its module fixtures are made once.
test: sysdeps-test $(VENV)/.installed
	$(BIN)/python -m pytest -q -n auto --dist loadfile

demo: sysdeps-runtime $(VENV)/.installed-runtime
	$(BIN)/handouts demo --out $(OUT)

# Ratios against baselines measured in the same run (bench/RESULTS.md); never part of
# `make test`. Headless Chromium (a baseline) comes with the test system packages.
bench: sysdeps-test $(VENV)/.installed
	$(BIN)/python bench/run_all.py

# The tool's own words: extract them from the code and templates (babel.cfg), then
# bring every language's catalogue up to date (new words arrive untranslated).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o handouts/locales/handouts.pot .
	$(BIN)/pybabel update -i handouts/locales/handouts.pot -d handouts/locales -D handouts --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) $(OUT) build dist
