# agencysim — `make run` runs the main job, `make test` runs every test.
# Both work from a clean clone: missing tools are installed first (`make test`
# also installs, with apt-get, what the visual mode and its tests need: see
# deps-viz; and the single-node Slurm its cluster test starts: see
# deps-cluster; and the independent readers of the sweep outputs' test: see
# deps-readers).

SHELL        := /bin/bash
export PATH  := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO           ?= go
VERSION      := $(shell git describe --always --dirty 2>/dev/null || echo devel)
LDFLAGS      := -X github.com/agencysim/agencysim/internal/version.stamp=$(VERSION)
BIN          := bin
SCENARIO     ?= baseline
SCENARIO_ARG := $(SCENARIO)
WEB_DIST     := web/dist
PORT         ?= 8080
# The visual mode's cgo build on Linux (Ebitengine: X11 and GL headers), the
# virtual display its tests render on, and Debian's Chromium for the browser
# test. Ebitengine's audio is not used, so no ALSA headers.
VIZ_PKGS     := libx11-dev libxrandr-dev libxinerama-dev libxcursor-dev libxi-dev \
                libgl1-mesa-dev libxxf86vm-dev pkg-config gcc libc6-dev xvfb xauth chromium
# Debian's Slurm and munge, for deploy/slurm's test (a single-node cluster
# the test starts and stops itself; no systemd needed).
CLUSTER_PKGS := slurmctld slurmd slurm-client munge
# The reader test of the sweep outputs (sweep/report/readers_test.go runs
# docs/analysis.md's examples): Debian's pandas and R, and DuckDB from the
# npm registry (pinned in READERS_NPM/package-lock.json, installed there).
READER_PKGS  := python3-pandas r-base-core
READERS_NPM  := sweep/report/testdata/readers
# The Kubernetes manifests' test: a module of its own (heavy test-only
# dependencies stay out of go.mod).
K8S_CHECK    := deploy/kubernetes/check
# ajv (a standard JSON Schema validator, from the npm registry) for the test
# that validates every bundled file against docs/*.schema.json; node and npm
# from Debian.
AJV_DIR      ?= $(HOME)/.cache/agencysim/ajv
AJV_VERSION  := 8.20.0
# The test finds ajv through AJV_DIR. (Not an AGENCYSIM_ name: the command
# reads every AGENCYSIM_* variable as a scenario setting and refuses unknown
# ones, so the e2e tests that run it under make's environment would fail.)
export AJV_DIR
FUZZTIME     ?= 60s
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
XVFB_RUN     := xvfb-run -a -s "-screen 0 1920x1080x24"

# apt-install: the recipe line that installs, with apt-get and only if
# missing, the Debian packages $(2) for target $(1).
define apt-install
@missing=""; for p in $(2); do \
	dpkg-query -W -f '$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
	command -v apt-get >/dev/null || { echo "$(1): no apt-get here: install these (Debian names) by hand:$$missing" >&2; exit 1; }; \
	echo "$(1): installing$$missing"; \
	$(SUDO) apt-get update -qq && \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
fi
endef

.PHONY: run run-one test build headless-check vet bench fuzz docs clean deps deps-viz deps-cluster deps-schema deps-readers \
	viz build-viz web serve-web

RESULTS      ?= results/policy-comparison

## run: the bundled policy comparison — 5 arms × 100 replications — with its headline table and report
run: build
	$(BIN)/agencysim sweep policy-comparison --out $(RESULTS)

## run-one: simulate one scenario (SCENARIO=baseline) for a year and print its outcome
run-one: build
	$(BIN)/agencysim run $(SCENARIO)

## test: vet, every test (with the fuzz seed corpus; the visual mode's under a virtual display, its browser build in headless Chromium; the Slurm template on a real single-node Slurm; the sweep outputs read by pandas, R and DuckDB; every schema checked by ajv), the Kubernetes manifests' check, and the headless-build check
test: deps deps-viz deps-cluster deps-schema deps-readers vet headless-check
	CLUSTER_TESTS=1 $(XVFB_RUN) $(GO) test -count=1 ./...
	cd $(K8S_CHECK) && $(GO) test -count=1 ./...

## build: the headless binary, without cgo
build: deps
	@mkdir -p $(BIN)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)/agencysim ./cmd/agencysim

## headless-check: the headless command must not import ebiten and must build without cgo
headless-check: deps
	@if CGO_ENABLED=0 $(GO) list -deps ./cmd/agencysim | grep -E 'ebiten|agencysim/viz'; then \
		echo "headless-check: cmd/agencysim must not import the visual mode" >&2; exit 1; fi
	@CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/agencysim
	@echo "headless-check: ok (no ebiten, builds with CGO_ENABLED=0)"

## vet: gofmt and go vet (the visual mode compiles with cgo, so it needs deps-viz's headers)
vet: deps deps-viz
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed" >&2; exit 1; }
	$(GO) vet ./...
	cd $(K8S_CHECK) && $(GO) vet ./...

## build-viz: the visual mode, bin/agencysim-viz (cgo: X11 and GL headers from deps-viz)
build-viz: deps deps-viz
	@mkdir -p $(BIN)
	CGO_ENABLED=1 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)/agencysim-viz ./cmd/agencysim-viz

## viz: open the visual mode in a window on SCENARIO (default: the bundled baseline)
viz: build-viz
	$(BIN)/agencysim-viz $(SCENARIO_ARG)

## web: the visual mode for the browser in web/dist/ (agencysim.wasm and its .gz, wasm_exec.js, index.html): any static file server can serve it
web: deps
	@mkdir -p $(WEB_DIST)
	GOOS=js GOARCH=wasm CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" -o $(WEB_DIST)/agencysim.wasm ./cmd/agencysim-viz
	gzip -9 -n -k -f $(WEB_DIST)/agencysim.wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/index.html $(WEB_DIST)/
	@echo "web: $(WEB_DIST)/ is ready; make serve-web serves it on http://localhost:$(PORT)"

## serve-web: build web/dist and serve it on http://localhost:8080 (PORT=... to change), gzip-compressed
serve-web: web
	$(GO) run ./internal/cmd/serve -dir $(WEB_DIST) -addr localhost:$(PORT)

## bench: print one Markdown table of the speed figures (issue 16; about 3 minutes: the sweep rows run the bundled comparison 3 times at 1 and 2 workers); the single benchmarks: go test -run "^$$" -bench . ./bench/
bench: deps
	@agg=$$(mktemp) && trap 'rm -f $$agg' EXIT && \
	$(GO) test -run '^$$' -bench 'AggregateMemory/runs=(1000|100000)$$' -benchtime 1x ./sweep/report/ >$$agg && \
	$(GO) run ./bench/cmd/benchtable -aggregate $$agg

## fuzz: fuzz every fuzz target of the module (go test -list '^Fuzz' per package), FUZZTIME each (default 60s)
fuzz: deps
	@set -e; n=0; \
	for dir in $$(git ls-files '*_test.go' | xargs grep -l '^func Fuzz' | xargs -n1 dirname | sort -u); do \
		for target in $$($(GO) test -list '^Fuzz' ./$$dir | grep '^Fuzz'); do \
			echo "fuzz: $$target in ./$$dir for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) ./$$dir; \
			n=$$((n + 1)); \
		done; \
	done; \
	[ $$n -gt 0 ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }; \
	echo "fuzz: $$n targets fuzzed for $(FUZZTIME) each"

## docs: regenerate the generated parts of docs/
docs: deps
	$(GO) run ./internal/cmd/gendocs

## deps: check the Go toolchain and fetch modules
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is required: https://go.dev/dl/" >&2; exit 1; }
	@$(GO) mod download
	@cd $(K8S_CHECK) && $(GO) mod download

## deps-viz: install, with apt-get and only if missing, the visual mode's build and test needs (VIZ_PKGS)
deps-viz:
	$(call apt-install,deps-viz,$(VIZ_PKGS))

## deps-cluster: install, with apt-get and only if missing, Slurm and munge for deploy/slurm's test (CLUSTER_PKGS)
deps-cluster:
	$(call apt-install,deps-cluster,$(CLUSTER_PKGS))

## deps-readers: install, only if missing, the sweep outputs' independent readers: READER_PKGS with apt-get, DuckDB with npm ci in READERS_NPM (npm comes with deps-schema)
deps-readers: deps-schema
	$(call apt-install,deps-readers,$(READER_PKGS))
	@if ! [ -d $(READERS_NPM)/node_modules/@duckdb/node-api ]; then \
		command -v npm >/dev/null || { echo "deps-readers: npm (Node.js) is needed to install DuckDB for the reader test" >&2; exit 1; }; \
		echo "deps-readers: npm ci in $(READERS_NPM)"; \
		cd $(READERS_NPM) && npm ci --no-audit --no-fund --loglevel=error; \
	fi

## deps-schema: install, only if missing, node and npm (apt-get) and ajv (npm, into AJV_DIR) for the schema test
deps-schema:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		command -v apt-get >/dev/null || { echo "deps-schema: no apt-get here: install nodejs and npm by hand" >&2; exit 1; }; \
		echo "deps-schema: installing nodejs npm"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; \
	fi
	@if [ "$$(node -p 'require("$(AJV_DIR)/node_modules/ajv/package.json").version' 2>/dev/null)" != "$(AJV_VERSION)" ]; then \
		echo "deps-schema: installing ajv@$(AJV_VERSION) into $(AJV_DIR)"; \
		mkdir -p $(AJV_DIR) && npm install --prefix $(AJV_DIR) --no-audit --no-fund --no-save ajv@$(AJV_VERSION) >/dev/null; \
	fi

clean:
	rm -rf $(BIN) $(WEB_DIST)
