# closeout needs Go >= 1.26.10 (the Temporal server requires it); the go command
# fetches this exact toolchain through the module proxy on first use.
export GOTOOLCHAIN := go1.27.3

.PHONY: run test build fmt bench bench-memory postgres

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
	@test -z "$$(gofmt -l .)" || (echo "gofmt would change:"; gofmt -l .; exit 1)
	go test -race -count=1 -timeout 30m ./...

# Benchmarks behind the speed targets (docs/performance.md).
bench: postgres
	go test -run '^$$' -bench . -benchtime 1x ./schedule/ ./test/bench/
	go test -run '^$$' -bench Import1000 -benchtime 1x -timeout 30m ./test/integration/

# closeout dev's memory with 10,000 open tasks (imports for several minutes).
bench-memory:
	go test -run '^$$' -bench DevMemory10k -benchtime 1x -timeout 60m ./test/integration/

postgres:
	@scripts/ensure-postgres

fmt:
	gofmt -w .
