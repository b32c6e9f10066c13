# Every target works on a fresh clone: the virtualenv is created on first use.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
LOD     := $(BIN)/lod
OUT     ?= dist
SHEETS  ?= data/maatregelen.csv
HOST    ?= 127.0.0.1
PORT    ?= 8000

NPM     ?= npm
ASSETS  := node_modules/.package-lock.json

.PHONY: run build serve test test-fast lint bench clean

$(BIN)/lod: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	rm -rf veilig_uitgaan.egg-info  # left by the setuptools install before hatchling
	touch $@

# The browser libraries of package.json (MiniSearch for the search page), copied into each release.
# Without npm a release still builds and its search matches words without MiniSearch (a warning says so).
$(ASSETS): package.json package-lock.json
	@if command -v $(NPM) >/dev/null; then $(NPM) ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	  else echo "make: npm not found (apt-get install npm): the search page will work without MiniSearch"; fi

run: build serve            ## build the real dataset and serve it

build: $(BIN)/lod $(ASSETS)
	$(LOD) build --out $(OUT) $(SHEETS)

serve: $(BIN)/lod
	$(LOD) serve --release $(OUT) --host $(HOST) --port $(PORT)

# --dist worksteal: an idle worker takes tests queued for the other, so a run does not end with one
# worker still on a row of slow integration tests (3m40 -> 3m16 for the whole suite here)
test: $(BIN)/lod $(ASSETS)   ## the whole suite, integration tests included
	$(BIN)/python -m pytest -n 2 --dist worksteal tests

test-fast: $(BIN)/lod $(ASSETS)
	$(BIN)/python -m pytest -n 2 --dist worksteal -m "not integration" tests

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
