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
comma   := ,
ASSETS  := node_modules/.package-lock.json

.PHONY: run build serve test test-fast lint bench clean

# The venv is made without pip (its ensurepip alone took 3.4 s): the system's pip puts uv into it and
# uv installs lod, 3-5 s on a fresh clone here (10 s when the venv's own pip fetched uv, 20 s with pip
# alone). Without a system pip (or one older than 22.3, which has no --python) the venv gets its own
# pip to fetch uv; where uv cannot reach an index, pip installs lod.
VENV_PIP = { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null; }
GET_UV   = $(PY) -m pip --python $(BIN)/python install -q --disable-pip-version-check uv 2>/dev/null \
	  || { $(VENV_PIP) && $(BIN)/python -m pip install -q uv; }
INSTALL  = { $(GET_UV); } && UV_SYSTEM_CERTS=1 $(BIN)/uv pip install -q --python $(BIN)/python -e '.[$(1)]' \
	  || { $(VENV_PIP) && $(BIN)/python -m pip install -q --upgrade pip && $(BIN)/python -m pip install -q -e '.[$(1)]'; }

$(BIN)/lod: pyproject.toml
	$(PY) -m venv --without-pip $(VENV)
	$(call INSTALL,test)
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

# The tests' files on tmpfs where the machine has one, a folder per checkout (pytest empties it at
# the start of each run, and make removes it after a run that passed): the suite writes dozens of releases of ~3,000 files, and on a disk-backed
# ext4 creating and deleting them cost more system time than the builds' own work (a two-row build:
# 2.1 s system on /tmp, 0.3 s on /dev/shm). TEST_TMP= (empty) keeps pytest's default.
TEST_TMP ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm/veilig-uitgaan-tests-$$(echo '$(CURDIR)' | cksum | cut -d' ' -f1))
# --dist worksteal: an idle worker takes tests queued for the other, so a run does not end with one
# worker still on a row of slow integration tests (3m40 -> 3m16 for the whole suite here)
PYTEST  := $(BIN)/python -m pytest -n 2 --dist worksteal $(if $(TEST_TMP),--basetemp=$(TEST_TMP))

# A run that passed gives the memory back (the whole suite leaves 1.8 GB there); a failed run
# keeps its files for a look, until the next run.
DROP_TEST_TMP := $(if $(TEST_TMP),rm -rf '$(TEST_TMP)',true)

test: $(BIN)/lod $(ASSETS)   ## the whole suite, integration tests included
	$(PYTEST) tests && $(DROP_TEST_TMP)

# tests/integration/ holds only integration tests (its conftest marks them): not collecting them
# saves each worker importing them (1 s), and -m still leaves out a marked test anywhere else.
test-fast: $(BIN)/lod $(ASSETS)
	$(PYTEST) -m "not integration" --ignore=tests/integration tests && $(DROP_TEST_TMP)

lint: $(BIN)/lod
	$(BIN)/ruff check lod tests bench

SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

bench: $(BIN)/lod            ## benchmarks, < 15 min (bench/README.md); needs wrk and virtuoso-opensource
	@command -v wrk >/dev/null && command -v virtuoso-t >/dev/null || \
	  ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk virtuoso-opensource) || \
	  echo "make bench: without wrk and virtuoso-opensource the load and Virtuoso figures are left out"
	$(call INSTALL,test$(comma)bench)
	$(BIN)/python -m bench

clean:
	rm -rf $(OUT) .pytest_cache
