# corpusforge: the two commands of the README, and the steps they are made of.
#   make demo   runs the main job on the bundled example corpus (examples/)
#   make test   runs every test: Rust (with clippy and fmt), Python (pytest, stubtest), Node
#
# Everything installs from the project's own files: a Python venv with maturin, pytest and
# mypy from PyPI, @napi-rs/cli from npm. The cargo target dir and the venv live outside the
# clone so repeated runs on one machine are incremental.

SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(HOME)/.cache/corpusforge-target
export CARGO_TARGET_DIR
VENV ?= $(HOME)/.cache/corpusforge-venv
PY := $(VENV)/bin/python
PEERS_VENV ?= $(HOME)/.cache/corpusforge-peers
CLI := $(CARGO_TARGET_DIR)/debug/corpusforge
DEMO_OUT ?= examples-out

.PHONY: all test lint test-rust test-python test-node demo build-cli compare bench clean-venv

all: test

test: lint test-rust test-python test-node

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# The benches are compiled (not run) by clippy --all-targets above; `make bench` runs them.
test-rust:
	cargo test --workspace

$(VENV)/.installed: python/pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q "maturin>=1.9.4,<2" "pytest>=7" "mypy>=1.10" typing_extensions
	touch $@

test-python: $(VENV)/.installed
	cd python && VIRTUAL_ENV=$(VENV) PATH=$(VENV)/bin:$$PATH maturin develop -q
	cd python && $(PY) -m pytest -q
	cd /tmp && $(PY) -m mypy.stubtest corpusforge._corpusforge

# npm 11.16+ rejects lockfiles that it wrote itself when an optional platform package of a
# dependency is unpublished or left out (npm/cli#9846; here @napi-rs/cli's lzma/tar
# helpers): then install from the same lockfile without rewriting it.
node/node_modules/.package-lock.json: node/package-lock.json
	cd node && (npm ci --no-audit --no-fund 2>/dev/null || npm install --no-save --no-audit --no-fund)
	touch $@

test-node: node/node_modules/.package-lock.json
	cd node && cp index.d.ts /tmp/corpusforge-index.d.ts.committed && npm run build
	@if ! diff -q /tmp/corpusforge-index.d.ts.committed node/index.d.ts >/dev/null; then \
		echo "node/index.d.ts changed when built: commit the regenerated file"; \
		diff /tmp/corpusforge-index.d.ts.committed node/index.d.ts | head -40; exit 1; fi
	cd node && npm test

build-cli:
	cargo build -q -p corpusforge-cli

# The main job on the example corpus. Until the pipeline lands, it extracts every example
# (any format), repairs and normalizes the text into $(DEMO_OUT)/, judges its quality
# (datatrove's presets, score, language: a JSON report beside each text), and reports the
# files it cannot read yet (PDF) instead of stopping.
demo: build-cli
	@mkdir -p $(DEMO_OUT)
	@for f in examples/*; do \
		[ "$$(basename $$f)" = README.md ] && continue; \
		out=$(DEMO_OUT)/$$(basename $$f).txt; \
		if $(CLI) extract $$f 2>$(DEMO_OUT)/.err | $(CLI) normalize > $$out && [ ! -s $(DEMO_OUT)/.err ]; then \
			$(CLI) quality $$out > $${out%.txt}.quality.json; \
			q=$$(grep -o '"score":[0-9.]*' $${out%.txt}.quality.json | cut -d: -f2 | cut -c1-4); \
			lang=$$(grep -o '"language":"[a-z]*"' $${out%.txt}.quality.json | cut -d'"' -f4); \
			kept=$$(grep -q '"kept":true' $${out%.txt}.quality.json && echo kept || \
				echo "would drop: $$(grep -o '"reasons":\["[^"]*"' $${out%.txt}.quality.json | cut -d'"' -f4)"); \
			echo "$$f -> $$out ($$(wc -w < $$out) words; $$lang, quality $$q, $$kept)"; \
		else \
			rm -f $$out; echo "$$f: skipped: $$(cat $(DEMO_OUT)/.err)"; \
		fi; \
	done; rm -f $(DEMO_OUT)/.err
	@echo; echo "== $(DEMO_OUT)/category-level.docx.txt"; head -c 600 $(DEMO_OUT)/category-level.docx.txt; echo

bench:
	cargo bench -p corpusforge-benches

# Side-by-side comparison with the peers; rewrites benches/RESULTS.md. Not run by CI.
compare: $(PEERS_VENV)/.installed
	cargo build -q --release -p corpusforge-benches --bin cf-bench-input
	cd python && VIRTUAL_ENV=$(PEERS_VENV) PATH=$(PEERS_VENV)/bin:$$PATH maturin develop -q --release
	$(PEERS_VENV)/bin/python benches/compare/run.py

$(PEERS_VENV)/.installed: benches/compare/requirements.txt
	python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q --upgrade pip
	$(PEERS_VENV)/bin/pip install -q -r benches/compare/requirements.txt
	touch $@

clean-venv:
	rm -rf $(VENV) $(PEERS_VENV)
