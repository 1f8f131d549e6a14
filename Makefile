# GIA — the two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
GIA_WEB := $(PY) -m gia.web
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup run demo test test-languages test-postgres lint check-messages messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

## run: set up, make the certification body's signing keys (once, in ./var/keys), migrate the SQLite
## database in ./var, load the example areas with demo users (their passwords are printed the first
## time; the certified examples go through the whole certification workflow) and serve the platform
## at http://127.0.0.1:8000
run: setup
	test -f var/keys/gia-signing-key.pem || $(VENV)/bin/gia certificate keygen --out var/keys
	$(GIA_WEB) migrate --noinput -v0
	$(GIA_WEB) gia_demo
	$(GIA_WEB) purge_personal_data -v0
	$(GIA_WEB) serve 127.0.0.1:8000

## demo: set up and assess the bundled example areas on the command line (no server)
demo: setup
	$(VENV)/bin/gia demo

## test: set up, lint (ruff, import contracts) and run the test suite
test: setup lint
	$(PY) -m pytest -q -n auto

## test-languages: the browser journeys in all nine languages (slow; run before a release)
test-languages: setup
	$(PY) -m pytest -q -m languages

## test-postgres: the suite against PostgreSQL (DATABASE_URL; each run creates its own test database), but
## the browser journeys (they walk the pages, which the web tests already try on PostgreSQL) and the
## production layout (tests/deploy runs on PostgreSQL in `make test` already)
test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} $(PY) -m pytest -q -n auto -m "not browser and not languages and not deploy"

lint: setup
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/lint-imports

## messages: extract user-facing strings and update every language's catalogues (new ones are created)
LANGS := pl de da sv fi lt lv et
messages: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k both -o src/gia/locale/gia.pot --no-location --sort-output --ignore-dirs=web src/gia
	for lang in $(LANGS); do [ -f src/gia/locale/$$lang/LC_MESSAGES/gia.po ] || \
	    $(VENV)/bin/pybabel init -D gia -i src/gia/locale/gia.pot -d src/gia/locale -l $$lang -w 76 || exit 1; done
	$(VENV)/bin/pybabel update -D gia -i src/gia/locale/gia.pot -d src/gia/locale --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -D gia -d src/gia/locale --statistics
	cd src/gia/web && ../../../$(PY) -m gia.web makemessages $(foreach lang,$(LANGS),-l $(lang)) --no-location --no-obsolete -v0
	cd src/gia/web && ../../../$(PY) -m gia.web compilemessages -v0

## bench: set up, generate the synthetic areas (cached in bench/.data/) and time the hourly series;
## then the symbiosis matcher on 20 000 offers × 20 000 needs, a sweep of 100 hybrid plant sizes,
## submitting the 1 000-company area, the jobs with real workers (1 and 2), and the web pages under
## 50 concurrent clients (gunicorn; SQLite and PostgreSQL; about 12 minutes)
bench: setup
	$(PY) bench/run.py
	$(PY) bench/symbiosis.py
	$(PY) bench/toolbox.py
	$(PY) bench/submit.py
	$(PY) bench/jobs.py
	$(PY) bench/web.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
