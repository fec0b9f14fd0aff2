# healthinfo: `make run` to try the site, `make test` to run every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed

.PHONY: run serve test check-deploy messages lint lock chromium gettext wrk bench bench-scale faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come only from the hashed locks in requirements/, so every clone gets the same
# releases. The project itself is not installed: manage.py, pytest and gunicorn run from the
# project root, which puts it on the import path.
MAIN_LOCK := requirements/main.txt
TEST_LOCK := requirements/test.txt

$(INSTALLED): $(MAIN_LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(MAIN_LOCK)
	touch $@

$(TEST_INSTALLED): $(TEST_LOCK) $(INSTALLED)
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	touch $@

# After changing dependencies in pyproject.toml: pin them again with hashes, for Python 3.11
# (a universal resolution: Linux and every 3.11.x alike). Pins that pyproject.toml still allows
# are kept; to move everything to the newest allowed releases, delete the locks first. The test
# lock keeps the runtime lock's versions. uv only makes the locks; nothing installs with it.
UV_VERSION := 0.13.9
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) -o $(MAIN_LOCK) pyproject.toml
	$(UV_COMPILE) --extra test -c $(MAIN_LOCK) -o $(TEST_LOCK) pyproject.toml
	sed -i -e '1i # Made by `make lock` (uv $(UV_VERSION)) from pyproject.toml; edit that, then run' \
		-e '1i # `make lock` again. `make run` and `make test` install from here with --require-hashes.' \
		$(MAIN_LOCK) $(TEST_LOCK)

# Compiled translations are build output, made from locale/*/LC_MESSAGES/django.po.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(INSTALLED) | gettext
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

# $(call with_worker,ENVIRONMENT,SERVER): the background worker (articles rendered again after
# glossary changes and render_content) runs beside the server and stops with it, however the
# server stops. Without its reloader, whose child process would outlive the one stopped here.
with_worker = $(1) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(1) $(2)

run: $(INSTALLED) $(MO_FILES)
	$(BIN)/python manage.py migrate --no-input -v0
	@# Local trials only: the command refuses when DJANGO_DEVELOPMENT_DATA is off (and make
	@# goes on). Before the import, whose articles the development reviewer approves.
	-$(BIN)/python manage.py create_dev_accounts
	$(BIN)/python manage.py import_content
	$(BIN)/python manage.py render_content
	$(call with_worker,,$(BIN)/python manage.py runserver 127.0.0.1:$(PORT))

# A local secret for the production-like server, made once.
SECRET_FILE := $(VENV)/secret-key
$(SECRET_FILE): | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Production-like: DEBUG off, hashed and compressed static files, gunicorn. It serves plain
# HTTP on loopback, so the HTTPS-only settings are off (DJANGO_HTTPS=0). DATABASE_URL and
# REDIS_URL switch to PostgreSQL and Redis.
PROD_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=$${DJANGO_HTTPS:-0} \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_FILE))} PORT=$(PORT)
# A local trial all the same: the development reviewer approves the imported articles, so they
# show at once, and every page says it shows development data. Production never sets this;
# DJANGO_DEVELOPMENT_DATA=0 make serve imports as production does (articles wait for review).
TRIAL_ENV = $(PROD_ENV) DJANGO_DEVELOPMENT_DATA=$${DJANGO_DEVELOPMENT_DATA:-1}

serve: $(INSTALLED) $(MO_FILES) $(SECRET_FILE)
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(PROD_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(TRIAL_ENV) $(BIN)/python manage.py import_content -v0
	$(call with_worker,$(TRIAL_ENV),$(BIN)/gunicorn --config healthinfo/gunicorn.conf.py healthinfo.wsgi)

# Django's deployment checklist with every variable of the README's production example set
# (tests/production_example.py reads them from the README).
check-deploy: $(INSTALLED)
	$(BIN)/python tests/production_example.py

# compilemessages needs GNU gettext's msgfmt.
gettext:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

test: $(TEST_INSTALLED) $(MO_FILES) chromium
	$(BIN)/pytest

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks: how much the glossary slows rendering (fails when 1,000 terms take 3x the time
# of none), then throughput and latency of the production-like server with wrk, and
# Lighthouse on the largest article.
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

# Lighthouse from the npm registry, pinned; it drives Debian's Chromium (CHROME_PATH).
LIGHTHOUSE := $(VENV)/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	npm install --prefix $(VENV)/lighthouse --silent --no-audit --no-fund lighthouse@13.5.0

bench: $(INSTALLED) $(MO_FILES) wrk chromium $(LIGHTHOUSE)
	DJANGO_SETTINGS_MODULE=healthinfo.settings $(BIN)/python tests/bench/bench_glossary.py
	$(BIN)/python tests/bench/bench_http.py

# A synthetic catalogue of 3, 100 and 1,000 articles and 2,000 glossary terms made from content/:
# import, render and page figures in one table (not a test). SQLite by default;
# `make bench-scale SCALE_ARGS=--postgres` uses a database of its own on 127.0.0.1:5432 and adds
# search under load with wrk; SCALE_ARGS="--sizes 3,100" measures fewer sizes.
SCALE_ARGS ?=
bench-scale: $(INSTALLED) $(MO_FILES) wrk
	$(BIN)/python tests/bench/bench_scale.py $(SCALE_ARGS)

# A minute of readers and feedback while PostgreSQL, then Redis, is stopped and started again;
# the run starts its own (Debian's PostgreSQL 15 and redis-server) and fails if a message that
# was accepted is not stored or a server error other than 503 occurs.
faults: $(INSTALLED) $(MO_FILES)
	$(BIN)/python tests/bench/bench_faults.py

# After changing interface strings: update the .po files, translate, commit.
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages -l de -l en --ignore=.venv --ignore=staticfiles
