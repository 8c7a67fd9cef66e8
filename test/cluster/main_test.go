//go:build cluster

// Package cluster runs closeout as production does: `closeout migrate`, then
// two `closeout api` and two `closeout worker` processes against Temporal's
// own server (scripts/temporal-cluster, PostgreSQL persistence) and a
// PostgreSQL projection. It kills a worker and an API with SIGKILL while
// actions and timers are in flight and checks SPEC section 9 across them. It
// runs only with the cluster build tag (make test-cluster), never in
// `go test ./...`.
package cluster

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/closeout/closeout/test/benchreport"
)

// binary is the closeout under test: CLOSEOUT_BINARY (make test-cluster
// passes the one `make build` made), else built here.
var binary string

// binaryTiming says how binary came to be, for the summary.
var binaryTiming string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "closeout-cluster-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = os.Getenv("CLOSEOUT_BINARY")
	binaryTiming = "given"
	if binary == "" {
		began := time.Now()
		binary = filepath.Join(dir, "closeout")
		build := exec.Command("go", "build", "-o", binary, "github.com/closeout/closeout/cmd/closeout")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build closeout:", err)
			os.Exit(1)
		}
		binaryTiming = time.Since(began).Round(100 * time.Millisecond).String()
	}
	code := benchreport.Finish(m.Run()) // with what BenchmarkCluster measured
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "leave the build folder behind:", err)
	}
	if summary != "" {
		// Last, where CI logs are read from.
		fmt.Println("=== cluster summary")
		fmt.Println(summary)
	}
	os.Exit(code)
}
