# BLIS — capacity planner for LLM inference serving.
#   make run    set up (system packages when root), build release, launch the interactive planner
#   make test   set up, build, run the unit tests, the terminal end-to-end test and the README check
SHELL := /bin/bash
export LANG ?= C.UTF-8
SWIFT ?= swift
BIN := .build/release/blis
SYSTEM_PACKAGES := libncurses-dev tmux

.PHONY: run test fuzz setup build release bench e2e check-readme clean

setup:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing system packages:$$missing (run: sudo apt-get install -y$$missing)"; exit 1; fi; \
	fi

release: setup
	$(SWIFT) build -c release --product blis

build: setup
	$(SWIFT) build

run: release
	$(BIN) tui $(ARGS)

test: setup
	$(SWIFT) build
	$(SWIFT) test
	$(SWIFT) build -c release --product blis
	scripts/e2e-tmux.sh $(BIN)
	$(SWIFT) scripts/check-readme.swift $(BIN)

# Re-runs the README's marked command blocks and compares their output (see README "Checked
# examples"); the release build, because some blocks simulate millions of requests.
check-readme: release
	$(SWIFT) scripts/check-readme.swift $(BIN)

# Ten times the fuzz cases of `make test` (BLIS_FUZZ_SEED=N for other cases); several minutes.
fuzz: setup
	$(SWIFT) build
	BLIS_FUZZ_SCALE=$${BLIS_FUZZ_SCALE:-10} $(SWIFT) test --filter Fuzz

bench: release
	$(BIN) bench --repeat 5

clean:
	rm -rf .build
