# The two commands of the README are `make run` and `make test`; everything else is what they use.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MOVIEREC_DATA_DIR ?= $(abspath ../shared/datasets/ml-latest-small)
export MOVIEREC_MODEL_DIR ?= $(abspath var/artifacts)

.PHONY: setup system-deps run demo test lint typecheck pytest evaluate clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Programs the tests start for real (redis-server); installed when missing and we are root.
system-deps:
	@command -v redis-server >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server is missing: sudo apt-get install redis-server" >&2; exit 1; fi; }

run: setup demo

demo:
	$(BIN)/movierec recommend --rate 1=5 --rate 260=4.5 --rate 2571=5 --rate 4993=4 --rate 356=2 --count 10

test: setup system-deps lint typecheck pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest

evaluate: setup
	$(BIN)/movierec evaluate --folds 5 --json var/evaluation.json

clean:
	rm -rf var .mypy_cache .ruff_cache .pytest_cache
