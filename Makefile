# The two commands: `make run` (the app on the embedded engine with sample data) and `make test` (everything).
# Both create .venv and install what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000

.PHONY: run test lint format install clean vendor

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python -m graph init
	$(BIN)/python -m ingest run sample_data/extracts --first sample_data/previous/extracts --if-empty
	$(BIN)/python -m app.demo_users
	PORT=$(PORT) $(BIN)/python -m app

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint
	tools/neo4j/with-neo4j.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

# Refresh static/vendor/ from npm (versions pinned in package.json / package-lock.json); the output is committed.
vendor: install
	npm ci --no-audit --no-fund
	$(BIN)/python tools/vendor.py

clean:
	rm -rf $(VENV) tools/neo4j/target .pytest_cache .ruff_cache
