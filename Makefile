# agencysim — `make run` runs the main job, `make test` runs every test.
# Both work from a clean clone: missing tools are installed first.

SHELL        := /bin/bash
export PATH  := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO           ?= go
VERSION      := $(shell git describe --always --dirty 2>/dev/null || echo devel)
LDFLAGS      := -X github.com/agencysim/agencysim/internal/version.stamp=$(VERSION)
BIN          := bin
SCENARIO     ?= baseline

.PHONY: run run-one test build headless-check vet bench fuzz docs clean deps

RESULTS      ?= results/policy-comparison

## run: the bundled policy comparison — 5 arms × 100 replications — with its headline table and report
run: build
	$(BIN)/agencysim sweep policy-comparison --out $(RESULTS)

## run-one: simulate one scenario (SCENARIO=baseline) for a year and print its outcome
run-one: build
	$(BIN)/agencysim run $(SCENARIO)

## test: vet, every test (with the fuzz seed corpus), and the headless-build check
test: deps vet headless-check
	$(GO) test -count=1 ./...

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

vet: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed" >&2; exit 1; }
	$(GO) vet ./...

## bench: kernel and model benchmarks (figures quoted in the docs)
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 5x ./bench/

## fuzz: fuzz the scenario loader for a minute
fuzz: deps
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime 60s ./scenarios/

## docs: regenerate the generated parts of docs/
docs: deps
	$(GO) run ./internal/cmd/gendocs

## deps: check the Go toolchain and fetch modules
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is required: https://go.dev/dl/" >&2; exit 1; }
	@$(GO) mod download

clean:
	rm -rf $(BIN)
