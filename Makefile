# Two commands set everything up: `make crawl` and `make test`.
# Each creates .venv and installs the project when it is missing or stale.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DB ?= corpus.db
PORT ?= 8001

.PHONY: crawl crawl-distributed test browse lint evaluate bench clean-db install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# The main job on the bundled offline mirror: start it, crawl it, store, summarise, stop it.
crawl: $(STAMP)
	$(PY) -m crawler.offline --db $(DB)

# The same crawl shared by WORKERS processes through Redis (a private redis-server is started,
# or REDIS=redis://HOST:PORT/DB names a running one), one ingester writing DB.
WORKERS ?= 3
crawl-distributed: $(STAMP)
	$(if $(REDIS),,scripts/ensure-debian-packages redis-server)
	$(PY) -m crawler.distributed --db $(DB) --workers $(WORKERS) $(if $(REDIS),--redis $(REDIS))

test: $(STAMP)
	$(PY) -m pytest

browse: $(STAMP)
	$(PY) -m corpus browse --db $(DB) --port $(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Every labelled set scored on its own (held-out beside plain trafilatura); the seeds when present.
evaluate: $(STAMP)
	$(PY) -m cleaning evaluate tests/cases/clean/heldout --baseline
	$(PY) -m cleaning evaluate tests/cases/clean/tune
	$(PY) -m cleaning evaluate tests/cases/meta/heldout
	test ! -d ../shared/devset || $(PY) -m cleaning evaluate ../shared/devset

bench: $(STAMP)
	$(PY) benchmarks/bench_cleaning.py
	$(PY) benchmarks/bench_dedup.py
	$(PY) benchmarks/bench_store_scale.py
	$(PY) benchmarks/bench_politeness.py
	$(PY) benchmarks/bench_search.py

clean-db:
	rm -f $(DB) $(DB)-wal $(DB)-shm
