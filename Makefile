# The two commands a newcomer runs:
#   make run    install everything, import samples/ into archive.db, serve it on 127.0.0.1:8001
#   make test   install what the tests need and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= archive.db
PORT   ?= 8001

.PHONY: run test setup system-deps test-deps import serve bench bench-search eval clean

run: setup import serve

test: setup test-deps
	$(BIN)/pytest -n 2 --dist loadgroup -q

system-deps:
	@bash scripts/system-deps.sh

# Chromium for the browser test (Playwright drives Debian's, no browser download).
test-deps:
	@bash scripts/system-deps.sh test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: system-deps $(VENV)/.installed

import: setup
	$(BIN)/minutes import samples/ --db $(DB)

serve: setup
	$(BIN)/minutes serve --db $(DB) --port $(PORT)

eval: setup
	$(BIN)/minutes eval samples tests/scanned tests/corpus_gold/oulu_vantaa tests/corpus_gold/nykarleby tests/corpus_gold/lapua tests/corpus_gold/lapua_heldout
	$(BIN)/minutes eval tests/corpus_gold/lapua_proceedings tests/corpus_gold/lapua_proceedings_heldout tests/corpus_gold/lapua_appeals tests/corpus_gold/lapua_matters

# Not part of the tests: speed beside raw text extraction (bench/out/bench.json), and
# search latency on a synthetic million-section archive (built once, cached in bench/out/).
bench: setup
	$(BIN)/python bench/run.py

bench-search: setup
	$(BIN)/python bench/search_scale.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
