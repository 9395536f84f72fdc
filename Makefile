# Two commands do all set-up: `make run` (the whole system locally) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STAGE ?= local

.PHONY: run test install system-deps lint unit functional browser infra-test publish requirements \
        synth diff deploy bench outbox clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q '.[dev,infra]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download is not possible here).
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

run: $(STAMP)
	$(PY) -m local.runner

test: $(STAMP) system-deps
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

unit: $(STAMP)
	$(PY) -m pytest tests/unit

functional: $(STAMP)
	$(PY) -m pytest tests/functional

browser: $(STAMP) system-deps
	$(PY) -m pytest tests/browser

infra-test: $(STAMP)
	$(PY) -m pytest tests/infra

requirements: $(STAMP)
	$(PY) -m local.requirements

publish: $(STAMP)
	$(PY) -m local.publish --stage $(STAGE)

bench: $(STAMP)
	$(PY) -m bench.run_all

synth: $(STAMP)
	$(PY) infra/app.py

diff: $(STAMP)
	npx --yes aws-cdk@2 diff --app "$(PY) infra/app.py" -c stage=$(STAGE)

deploy: $(STAMP)
	npx --yes aws-cdk@2 deploy --app "$(PY) infra/app.py" -c stage=$(STAGE) --require-approval broadening

clean:
	rm -rf $(VENV) cdk.out infra/cdk.out .pytest_cache .ruff_cache

outbox: $(STAMP)
	$(PY) -m local.outbox
