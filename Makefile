# The two commands of the README: `make serve` and `make test`. Everything else is set up on the way.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: serve test install browser services axe bench bench-perf screenshots clean

serve: install
	$(BIN)/cityqa serve

test: install browser services axe
	$(BIN)/python -m pytest

install: $(VENV)/.installed

# torch is installed first and pinned: 2.13.0 is the CPU build; anything else would pull CUDA.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The browser tests drive Debian's Chromium; Playwright's own browser download is not possible here.
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Error: could not install chromium; install it (apt-get install chromium) or set CHROMIUM=/path"; exit 1; }; }

# The replica tests start their own PostgreSQL and Redis (on loopback, in temporary folders) from Debian's packages.
POSTGRES_BIN ?= $(firstword $(wildcard /usr/lib/postgresql/*/bin/postgres))
services:
	@test -n "$(POSTGRES_BIN)" && command -v redis-server >/dev/null || { echo "Installing Debian's postgresql and redis-server for the replica tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null) \
	  || { echo "Error: could not install them; install them (apt-get install postgresql redis-server)"; exit 1; }; }

# axe-core for the accessibility tests, at the version package-lock.json pins (into node_modules, not committed).
axe: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Error: npm is missing; install Node.js 18 or later (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $@

# The performance benchmarks (docs/BENCHMARKS.md); QUICK=1 for the few-minute variant.
bench-perf: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/performance.py $(if $(QUICK),--quick,)

# The README's screenshots in docs/ (the chat, a citation, the widget, /exchanges), remade from the seed corpus.
screenshots: install browser
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts node_modules
