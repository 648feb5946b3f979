# Casemap's daily commands. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Set to a PostgreSQL URL to run the suite on PostgreSQL as well as SQLite.
TEST_POSTGRES_URL ?=
# The suite runs in parallel, one worker per core up to four (pytest-xdist); PYTEST_WORKERS= runs it in one process.
# A worker that runs out of tests takes queued ones from the others (worksteal), so the long browser journeys at the
# end of the run do not leave one core idle while the other works through its share.
PYTEST_WORKERS ?= -n auto --maxprocesses=4 --dist worksteal

# Business logic is type-checked: services and selectors, whether a module or a package, and the access policy.
TYPED_MODULES = $(wildcard casemap/*/services.py casemap/*/services/*.py casemap/*/selectors.py casemap/*/selectors/*.py) casemap/access/policy.py casemap/access/guard.py casemap/core/working_days.py casemap/meetings/timescales.py casemap/meetings/quorum.py casemap/core/uploads.py casemap/core/files.py config/database.py $(wildcard casemap/returns/cin_census/*.py) $(wildcard casemap/returns/ssda903/*.py) $(wildcard casemap/returns/cin_import/*.py) $(wildcard casemap/returns/ssda903_import/*.py) casemap/returns/imports.py $(wildcard casemap/returns/annex_a/*.py) casemap/returns/validation.py casemap/returns/jobs.py

.PHONY: run test test-sqlite test-postgres lint install validators demo check-deploy bench-generate bench-generate-small bench bench-quick profile backup-drill

$(VENV)/.installed: requirements.lock requirements-tools.lock
	@echo "Creating $(VENV) for the locked Python packages (the first time only)"
	$(PYTHON) -m venv $(VENV)
	@echo "  1/2 the installer, uv, checked against its hash (requirements-tools.lock)"
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-tools.lock \
		|| echo "  uv cannot be installed here, so pip will install the packages instead: this takes a few minutes"
	@echo "  2/2 the application's packages, each checked against its hash (requirements.lock)"
	@if [ -x $(VENV)/bin/uv ] && $(VENV)/bin/uv pip install --quiet --require-hashes -r requirements.lock \
		--python $(VENV)/bin/python; then :; \
	else $(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock; fi
	touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing the front-end packages from npm (GOV.UK Frontend, MOJ Frontend, htmx, axe-core)"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed scripts/build-assets.mjs
	npm run --silent build
	touch $@

install: $(VENV)/.installed static/vendor/.built

# The DfE's rules for the census and the SSDA903 return need pandas<2 and numpy<1.25 on Python 3.11, so they live in
# their own environment, built from hashed pins (validators/requirements.txt, compiled from requirements.in). The
# tests run exports through them.
VALIDATORS_VENV := .venv-validators
VALIDATORS_PYTHON ?= python3.11
$(VALIDATORS_VENV)/.installed: validators/requirements.txt
	@echo "Creating $(VALIDATORS_VENV) for the DfE's census and SSDA903 rules (the first time only)"
	$(VALIDATORS_PYTHON) -m venv $(VALIDATORS_VENV)
	$(VALIDATORS_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r validators/requirements.txt
	touch $@

validators: $(VALIDATORS_VENV)/.installed

# Loads the demo authority once (seed_demo leaves one already there as it is) and prints the demo sign-ins.
demo: install
	@echo "Preparing the embedded database in var/ and loading the demo authority"
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py seed_demo

run: demo
	@echo
	@echo "Casemap is starting: sign in at http://127.0.0.1:$(PORT)/sign-in/ with one of the usernames above."
	@echo "(A background worker runs beside it for exports and imports; both stop together.)"
	@echo
	@$(PY) manage.py db_worker --no-startup-delay -v0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install validators
	@if [ -n "$$CI" ] && [ -z "$(TEST_POSTGRES_URL)" ]; then \
		echo "CI must run the suite on PostgreSQL too: set TEST_POSTGRES_URL"; exit 1; fi
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$(TEST_POSTGRES_URL)" ]; then $(MAKE) --no-print-directory test-postgres; \
		else echo "PostgreSQL run not requested (set TEST_POSTGRES_URL to include it)"; fi

test-sqlite: install validators
	DATABASE_URL="sqlite://:memory:" $(PY) -m pytest $(PYTEST_WORKERS)

test-postgres: install validators
	DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest $(PYTEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(TYPED_MODULES)
	$(PY) manage.py makemigrations --check --dry-run

# Production settings with random keys; it fails if the environment turns on demo mode (casemap/core/checks.py).
check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$$(openssl rand -hex 40)" \
		CASEMAP_ACCESS_LOG_KEY="$$(openssl rand -hex 32)" CASEMAP_LA_NUMBER=999 CASEMAP_LA_CODE=E06000999 \
		ALLOWED_HOSTS=casemap.example.org DATABASE_URL=sqlite:///var/check.sqlite3 \
		$(PY) manage.py check --deploy --fail-level WARNING

bench-generate: install
	$(PY) bench/generate_authority.py

# The benchmark against the small authority (made if missing) and the large one, in one run, with how each page
# scales and its time over its SQL (bench/compare_sizes.py). BENCH_ARGS go to each run: BENCH_ARGS="--rounds 1".
bench: install
	DATABASE_URL="$(BENCH_SMALL_URL)" $(PY) bench/generate_authority.py --children $(BENCH_SMALL_CHILDREN) --if-missing
	BENCH_SMALL_URL="$(BENCH_SMALL_URL)" $(PY) bench/compare_sizes.py $(BENCH_ARGS)

# A small authority (about 1,000 children) in its own database, beside the large one: the same benchmark users with
# the same kind of caseload, so a page can be compared at both sizes. bench-quick makes it if it is missing, then runs
# one short round against it.
BENCH_SMALL_URL ?= postgres://postgres@127.0.0.1:5432/casemap_bench_small
BENCH_SMALL_CHILDREN ?= 1000
bench-generate-small: install
	DATABASE_URL="$(BENCH_SMALL_URL)" $(PY) bench/generate_authority.py --children $(BENCH_SMALL_CHILDREN)

bench-quick: install
	DATABASE_URL="$(BENCH_SMALL_URL)" $(PY) bench/generate_authority.py --children $(BENCH_SMALL_CHILDREN) --if-missing
	DATABASE_URL="$(BENCH_SMALL_URL)" $(PY) bench/run_benchmark.py --rounds 1 --duration 20 --warmup 5

# Where one page's time goes, against the benchmark's authority: make profile PAGE=/supervision/ AS=grace
PAGE ?= /cases/
AS ?= sally
profile: install
	$(PY) bench/profile_page.py "$(PAGE)" --as "$(AS)" --only casemap

# Restore a base backup and the WAL archive to a restore point in a throwaway cluster, and prove it (docs/operations.md).
backup-drill: install
	$(PY) scripts/backup_drill.py
