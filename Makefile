# Two commands: `make run` serves the demo, `make test` runs every test.
# `make bench` measures speed at scale (bench/; see the README's Benchmark section).
# Both create the virtual environment from the lock file when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench lint typecheck browser pdf-libs schema clean catalogs extract

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@# pycasbin is `import casbin`; the stale PyPI `casbin` would install into the same folder.
	@if $(BIN)/python -m pip list 2>/dev/null | grep -qiE '^casbin '; then \
		echo "The old 'casbin' distribution is installed beside pycasbin; remove it." >&2; exit 1; fi
	@rm -f $(VENV)/.installed-*
	@touch $@

# The worker (email, webhooks, reminders) runs beside the server; Ctrl-C stops both (the
# terminal signals the whole group; the trap also ends the worker if the server fails).
run: $(STAMP) pdf-libs catalogs
	$(BIN)/python -m server migrate
	$(BIN)/python -m server demo
	@$(BIN)/python -m server worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python -m server serve --host $(HOST) --port $(PORT)

# The translations (locales/<lang>/LC_MESSAGES/messages.po) compiled to the .mo files the
# server reads; the .mo files are built, never committed. See the README's "Languages".
catalogs: $(STAMP)
	$(BIN)/pybabel compile --statistics -d locales

# The words to translate, from the templates and the code (babel.cfg) into locales/messages.pot
# and each language's catalog; the keywords name the refusals the admin shows in the reader's
# language (governance.errors). Then translate the new entries and `make catalogs`.
KEYWORDS := N_ Phrase BadInput Forbidden NotFound Conflict InvalidTransition Unauthenticated QueryTooComplex
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project Indaba \
		$(addprefix -k ,$(KEYWORDS)) -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-fuzzy-matching

# The browser tests drive Debian's chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || ./.ci/install-chromium

# WeasyPrint (the meeting packs and minutes as PDF) needs Debian's pango and a font.
pdf-libs:
	@./.ci/install-pdf-libs

test: $(STAMP) browser pdf-libs catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A quick run: make bench SIZES=1k,10k DATABASES=sqlite
SIZES     ?= 1k,10k,100k
DATABASES ?= sqlite,postgres
bench: $(STAMP)
	$(BIN)/python -m bench --sizes $(SIZES) --databases $(DATABASES) $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/python -m server export-schema > schema/schema.graphql

clean:
	rm -rf $(VENV) data/*.sqlite3* .pytest_cache test-output
