# GIA — the two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup run test lint check-messages messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

## run: set up and assess the bundled example areas
run: setup
	$(VENV)/bin/gia demo

## test: set up, lint (ruff, import contracts) and run the test suite
test: setup lint
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/lint-imports

## messages: extract user-facing strings and update the Polish and German catalogues
messages: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -o src/gia/locale/gia.pot --no-location --sort-output src/gia
	$(VENV)/bin/pybabel update -D gia -i src/gia/locale/gia.pot -d src/gia/locale --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -D gia -d src/gia/locale --statistics

## bench: set up, generate the synthetic areas (cached in bench/.data/) and time the hourly series;
## then time the symbiosis matcher on 20 000 offers × 20 000 needs
bench: setup
	$(PY) bench/run.py
	$(PY) bench/symbiosis.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
