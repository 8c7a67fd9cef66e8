# closeout needs Go >= 1.26.10 (the Temporal server requires it); the go command
# fetches this exact toolchain through the module proxy on first use.
export GOTOOLCHAIN := go1.27.3

.PHONY: run test security lint build fmt bench bench-dev bench-cluster bench-memory postgres chaos test-cluster

# Everything in one process: embedded Temporal, worker, API and dashboard on :8080.
run:
	go run ./cmd/closeout dev --demo

build:
	go build -o bin/closeout ./cmd/closeout

# The whole suite: pure, workflow (skipping clock), replay, store and HTTP
# integration tests against the embedded Temporal server, SQLite and the local
# PostgreSQL (started if it is not running).
test: postgres
	go vet ./...
	go vet -tags chaos ./test/chaos/
	go vet -tags cluster ./test/cluster/
	@test -z "$$(gofmt -l .)" || (echo "gofmt would change:"; gofmt -l .; exit 1)
	@$(MAKE) --no-print-directory security
	@$(MAKE) --no-print-directory lint
	go test -race -count=1 -timeout 30m ./...

# Static security check: gosec, silent unless it finds something, and then it
# fails. Every finding is fixed or justified at its line (// #nosec G… -- why).
# It comes from tools/go.mod, a module of its own, so that its dependencies do
# not move the versions the Temporal server and SDK are pinned with in go.mod.
# test/ (chaos, cluster, e2e, bench and integration harnesses) is left out:
# it is not shipped; _test.go files are left out by gosec itself.
security:
	@go tool -modfile=tools/go.mod gosec -quiet -exclude-dir test ./...

# Lint: golangci-lint with the checks in .golangci.yml (vet, staticcheck,
# errcheck, revive and a few more), tests and the chaos and cluster harnesses
# included; silent unless it finds something, and then it fails. Findings are
# fixed, or justified at their line (//nolint:rule // why). Like gosec it
# comes from tools/go.mod. About two minutes on two cores with a warm cache.
lint:
	@go tool -modfile=tools/go.mod golangci-lint run --show-stats=false ./...

# Chaos (SPEC section 9): SIGKILLs closeout dev, and restarts a PostgreSQL of
# its own, while clients stream actions; then checks every acknowledged action
# against the event log and Temporal's histories (test/chaos, build tag chaos,
# a few minutes); then the short fuzz runs. Fails on any loss, phantom or
# duplicate. It runs the binary `build` just made.
chaos: build
	CHAOS_BINARY=$(CURDIR)/bin/closeout go test -tags chaos -count=1 -v -timeout 25m ./test/chaos/
	@if [ -x scripts/fuzz-short ]; then scripts/fuzz-short; fi

# Benchmarks behind the speed targets (docs/performance.md), about 15
# minutes: each target's line (TARGET … MET or MISSED) as it is measured,
# then the table, written to bench/results/latest.md with its chart
# latest.svg and copied into the README.
bench: bench-dev bench-cluster bench-memory
	@cat bench/results/latest.md

# One process (embedded Temporal, worker, API) against bare Temporal on the
# same kind of server; reads over 10,000 tasks; the scheduler; the check of
# unconfirmed projection writes, per note; search at 100,000 tasks on PostgreSQL.
bench-dev: postgres
	go test -run '^$$' -bench . -benchtime 1x ./internal/domain/reverse/
	go test -run '^$$' -bench CheckUnconfirmed -benchtime 3x ./internal/app/reconcile/
	go test -run '^$$' -bench Search100k -benchtime 1x -timeout 20m ./internal/platform/store/
	go test -run '^$$' -bench . -benchtime 1x -timeout 40m ./test/bench/

# Creation and import on production's shape (test/cluster's Temporal server).
bench-cluster: build postgres
	CLOSEOUT_BINARY=$(CURDIR)/bin/closeout go test -tags cluster -run '^$$' -bench Cluster -benchtime 1x -timeout 30m ./test/cluster/

# closeout dev at 10,000 tasks: import against bare starts, memory, and how
# soon it serves again after a crash.
bench-memory:
	go test -run '^$$' -bench 'DevMemory10k|DevRestart10k' -benchtime 1x -timeout 60m ./test/integration/

# Production's shape (SPEC section 8): closeout migrate, two apis and two
# workers against Temporal's own server on PostgreSQL (scripts/temporal-cluster
# builds it from the pinned module, cached under ~/.cache/closeout, a few
# minutes the first time); kills a worker and an api while actions and timers
# are in flight, then checks every acknowledged action against the event logs
# (test/cluster, build tag cluster).
test-cluster: build postgres
	CLOSEOUT_BINARY=$(CURDIR)/bin/closeout go test -tags cluster -count=1 -v -timeout 30m ./test/cluster/

postgres:
	@scripts/ensure-postgres

fmt:
	gofmt -w .
