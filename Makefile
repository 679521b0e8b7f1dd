# corpusforge: the two commands of the README, and the steps they are made of.
#   make demo   runs the main job on the bundled example corpus (examples/)
#   make test   runs every test: Rust (with clippy and fmt), Python (pytest, stubtest, `pip
#               install ./python` into a fresh venv), Node
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

.PHONY: all test lint test-rust test-python test-node test-package demo build-cli compare bench clean-venv chromium fuzz fuzz-smoke fuzz-tools deny

all: test

test: lint test-rust test-python test-node test-package

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# The benches are compiled (not run) by clippy --all-targets above; `make bench` runs them.
test-rust: chromium
	cargo test --workspace

# Headless Chromium renders report.html in a test (bindings/cli/tests/report.rs). Debian's
# package; installed with apt when missing (as root, or through sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

$(VENV)/.installed: python/pyproject.toml python/requirements-test.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q "maturin>=1.9.4,<2" -r python/requirements-test.txt
	touch $@

test-python: $(VENV)/.installed
	cd python && VIRTUAL_ENV=$(VENV) PATH=$(VENV)/bin:$$PATH maturin develop -q
	cd python && $(PY) -m pytest -q
	cd /tmp && $(PY) -m mypy.stubtest corpusforge._corpusforge

# `pip install ./python` into a fresh venv, used from outside the repository.
test-package:
	bash scripts/test-package.sh

# npm 11.16+ rejects lockfiles that it wrote itself when an optional platform package of a
# dependency is unpublished or left out (npm/cli#9846; here @napi-rs/cli's lzma/tar
# helpers): then install from the same lockfile without rewriting it.
node/node_modules/.package-lock.json: node/package-lock.json
	cd node && (npm ci --no-audit --no-fund 2>/dev/null || npm install --no-save --no-audit --no-fund)
	touch $@

test-node: node/node_modules/.package-lock.json
	cd node && cp binding.d.ts /tmp/corpusforge-binding.d.ts.committed && npm run build
	@if ! diff -q /tmp/corpusforge-binding.d.ts.committed node/binding.d.ts >/dev/null; then \
		echo "node/binding.d.ts changed when built: commit the regenerated file"; \
		diff /tmp/corpusforge-binding.d.ts.committed node/binding.d.ts | head -40; exit 1; fi
	cd node && npm test

build-cli:
	cargo build -q -p corpusforge-cli

# The main job on the example corpus: every example (any format) extracted, repaired,
# PII-masked, judged (datatrove's presets), deduplicated and split into a Parquet dataset
# with a Hugging Face card in $(DEMO_OUT)/; files it cannot read would be listed in
# rejects.jsonl and the run would go on.
demo: build-cli
	@rm -rf $(DEMO_OUT)
	$(CLI) build examples -o $(DEMO_OUT) --config examples/corpusforge.toml
	@echo; echo "== $(DEMO_OUT)"; ls -R $(DEMO_OUT)
	@echo; echo "== $(DEMO_OUT)/rejects.jsonl"; cat $(DEMO_OUT)/rejects.jsonl
	@echo; echo "== $(DEMO_OUT)/README.md (the card, after its YAML)"; sed -n "/^# /,\$$p" $(DEMO_OUT)/README.md | head -45

bench:
	cargo bench -p corpusforge-benches

# Fuzzing (fuzz/, libFuzzer through cargo fuzz on the nightly toolchain; RELIABILITY.md).
# `make fuzz` runs every target for FUZZ_SECONDS (or FUZZ_TARGETS=... a few) and updates
# RELIABILITY.md's table; `make fuzz-smoke` replays the seeds and regressions once (CI).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= extract_pdf extract_zip extract_markup extract_rtf extract_text normalize pii segment quality

fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || cargo install -q cargo-fuzz --locked

fuzz: fuzz-tools
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke:
	@if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then \
		$(MAKE) -s fuzz-tools && bash scripts/fuzz.sh smoke $(FUZZ_TARGETS); \
	else echo "fuzz-smoke skipped: no nightly toolchain (rustup toolchain install nightly)"; fi

# Licenses, banned crates (network, TLS, system libraries) and sources of every dependency
# (deny.toml). CI runs it; the advisories check needs the network and is left out.
deny:
	@command -v cargo-deny >/dev/null 2>&1 || cargo install -q cargo-deny --locked --version 0.20.2
	cargo deny --log-level error check licenses bans sources

# Side-by-side comparison with the peers; rewrites benches/RESULTS.md. Not run by CI.
compare: $(PEERS_VENV)/.installed
	cargo build -q --release -p corpusforge-benches --bin cf-bench-input --bin cf-bench-write -p corpusforge-cli
	cd python && VIRTUAL_ENV=$(PEERS_VENV) PATH=$(PEERS_VENV)/bin:$$PATH maturin develop -q --release
	$(PEERS_VENV)/bin/python benches/compare/run.py

$(PEERS_VENV)/.installed: benches/compare/requirements.txt
	python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q --upgrade pip
	$(PEERS_VENV)/bin/pip install -q -r benches/compare/requirements.txt
	touch $@

clean-venv:
	rm -rf $(VENV) $(PEERS_VENV)
