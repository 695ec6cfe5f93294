# Everything a fresh machine with python3 (3.10+), pip and make needs:
#   make demo   - create .venv, install, run the quickstart against an embedded local
#                 CloudFront (the package's own server: no AWS account, no credentials)
#   make test   - create .venv, install dev tools, run ruff, mypy, mkdocs --strict, build the
#                 sdist and wheel (twine check) and pytest, then pytest again against the
#                 oldest boto3 and pydantic we support
#   make bench  - benchmarks (not part of make test)
#   make stress - the reliability checks at full size, with the figures (not part of make test)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OLDEST ?= .venv-oldest
DIST ?= .venv-dist

.PHONY: demo test lint typecheck docs dist pytest test-oldest bench stress clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[preflight]"
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[preflight,kvs]" --group dev
	touch $@ $(VENV)/.demo-installed

$(OLDEST)/.installed: pyproject.toml tests/oldest-constraints.txt
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -e ".[preflight,kvs]" --group test -c tests/oldest-constraints.txt
	touch $@

demo: $(VENV)/.demo-installed
	$(BIN)/python examples/quickstart.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy
	$(BIN)/basedpyright --level error

docs: $(VENV)/.dev-installed
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

$(DIST)/.installed: pyproject.toml
	$(PYTHON) -m venv $(DIST)
	$(DIST)/bin/python -m pip install --quiet --upgrade pip
	$(DIST)/bin/python -m pip install --quiet --group dist
	touch $@

dist: $(DIST)/.installed
	rm -rf $(DIST)/dist
	$(DIST)/bin/python -m build --quiet --outdir $(DIST)/dist . >/dev/null
	$(DIST)/bin/twine check --strict $(DIST)/dist/*

pytest: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q -n auto

test-oldest: $(OLDEST)/.installed
	$(OLDEST)/bin/python -m pytest -q -n auto -p no:cacheprovider

test: lint typecheck docs dist pytest test-oldest

bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

stress: $(VENV)/.dev-installed
	$(BIN)/python -m tests.stress $(STRESS_ARGS)

clean:
	rm -rf $(VENV) $(OLDEST) $(DIST) .mypy_cache .pytest_cache .ruff_cache .hypothesis site
