# Two commands on a fresh machine with Python 3.11+ and make: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev bench train clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-web

$(VENV)/.installed-web: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/peacewatch brief examples -o out
	@echo "Brief written to out/brief.md and out/brief.html (store: out/peacewatch.duckdb)"

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -rs

bench: $(VENV)/.installed
	$(BIN)/python bench/throughput.py

# The web workspace on http://127.0.0.1:8000 over the example store (built first if missing).
serve: $(VENV)/.installed-web
	test -f out/peacewatch.duckdb || $(BIN)/peacewatch brief examples -o out
	$(BIN)/peacewatch serve --db out/peacewatch.duckdb

# Training needs PyTorch: its own venv, so `make demo` and `make test` never pull it.
TRAIN_VENV := .venv-train
$(TRAIN_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TRAIN_VENV)/bin/python -m pip install --quiet torch==2.13.0
	$(TRAIN_VENV)/bin/python -m pip install --quiet -e '.[train]'
	touch $@

# Writes the shipped models to src/peacewatch/data/model/ (see CARD.md there), then prints the dev figures (about two hours on 2 cores).
train: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/train_tagger.py
	$(TRAIN_VENV)/bin/python scripts/train_roles.py
	$(TRAIN_VENV)/bin/python scripts/train_sides.py
	$(TRAIN_VENV)/bin/python scripts/train_chooser.py
	$(TRAIN_VENV)/bin/python scripts/train_counts.py
	$(TRAIN_VENV)/bin/python scripts/train_wording.py
	$(TRAIN_VENV)/bin/python bench/score_corpus.py --split dev --coder all

clean:
	rm -rf $(VENV) $(TRAIN_VENV) out build .pytest_cache
