# Every target works on a fresh clone: the virtualenv is created on first use.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
LOD     := $(BIN)/lod
OUT     ?= dist
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: run build serve test test-fast lint bench clean

$(BIN)/lod: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: build serve            ## build the real dataset and serve it

build: $(BIN)/lod
	$(LOD) build --out $(OUT)

serve: $(BIN)/lod
	$(LOD) serve --release $(OUT) --host $(HOST) --port $(PORT)

test: $(BIN)/lod             ## the whole suite, integration tests included
	$(BIN)/python -m pytest -n 2 tests

test-fast: $(BIN)/lod
	$(BIN)/python -m pytest -n 2 -m "not integration" tests

lint: $(BIN)/lod
	$(BIN)/ruff check lod tests bench

SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

bench: $(BIN)/lod            ## benchmarks, < 15 min (bench/README.md); needs wrk and virtuoso-opensource
	@command -v wrk >/dev/null && command -v virtuoso-t >/dev/null || \
	  ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk virtuoso-opensource) || \
	  echo "make bench: without wrk and virtuoso-opensource the load and Virtuoso figures are left out"
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(OUT) .pytest_cache
