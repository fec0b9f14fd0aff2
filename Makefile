# healthinfo: `make run` to try the site, `make test` to run every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed

.PHONY: run serve test check-deploy messages lint chromium gettext wrk bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_INSTALLED): pyproject.toml $(INSTALLED)
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# Compiled translations are build output, made from locale/*/LC_MESSAGES/django.po.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(INSTALLED) | gettext
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

run: $(INSTALLED) $(MO_FILES)
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py import_content
	$(BIN)/python manage.py render_content
	@# Development only: the command refuses when DJANGO_DEBUG=0 (and make goes on).
	-$(BIN)/python manage.py create_dev_accounts
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A local secret for the production-like server, made once.
SECRET_FILE := $(VENV)/secret-key
$(SECRET_FILE): | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Production-like: DEBUG off, hashed and compressed static files, gunicorn. It serves plain
# HTTP on loopback, so the HTTPS-only settings are off (DJANGO_HTTPS=0). DATABASE_URL and
# REDIS_URL switch to PostgreSQL and Redis.
PROD_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=$${DJANGO_HTTPS:-0} \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_FILE))} PORT=$(PORT)

serve: $(INSTALLED) $(MO_FILES) $(SECRET_FILE)
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(PROD_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(PROD_ENV) $(BIN)/python manage.py import_content -v0
	$(PROD_ENV) $(BIN)/gunicorn --config healthinfo/gunicorn.conf.py healthinfo.wsgi

# Django's deployment checklist with the environment a deployment sets (see README).
check-deploy: $(INSTALLED)
	DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=healthinfo.example.org \
	DJANGO_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

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

# After changing interface strings: update the .po files, translate, commit.
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages -l de -l en --ignore=.venv --ignore=staticfiles
