# Cocreate — the commands of the README. Every target installs what it needs first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test check bench messages lock clean

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make demo: set up everything on a fresh machine and serve the app with demo data.
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	$(PY) manage.py privacy_retention --schedule
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the app, its background worker and its scheduler)"
	trap 'kill 0' EXIT; $(PY) manage.py db_worker & $(PY) manage.py run_schedule & $(PY) manage.py serve $(HOST):$(PORT)

## make test: the whole suite (SQLite unless DATABASE_URL is set; browser tests need Chromium).
test: install
	$(PY) -m pytest

## make check: lint, format, types, the layer contract (docs/ARCHITECTURE.md), migrations and the
## production deployment checklist.
## The checklist runs with a throwaway FIELD_ENCRYPTION_KEY unless one is given in the environment;
## given but empty (`FIELD_ENCRYPTION_KEY= make check`) it fails, as production does without a key.
check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	  FIELD_ENCRYPTION_KEY="$${FIELD_ENCRYPTION_KEY-$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}" \
	  ALLOWED_HOSTS=cocreate.example.org $(PY) manage.py check --deploy --fail-level WARNING

## make bench: run benchmarks/ and print one table (QUICK=1 for the small cases only).
bench: install
	$(VENV)/bin/pip install --quiet -c requirements.lock -e ".[dev,bench]"
	$(PY) -m benchmarks.run $(if $(QUICK),--quick,)

## make messages: refresh and compile the translation catalogues (needs GNU gettext).
messages: install
	cd cocreate && ../$(PY) ../manage.py makemessages -l sl --no-obsolete --ignore "engines/*" && ../$(PY) ../manage.py makemessages -d djangojs -l sl --no-obsolete --ignore "engines/*"
	cd cocreate && ../$(PY) ../manage.py compilemessages

## make lock: record the exact versions installed now into requirements.lock.
lock:
	$(VENV)/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
