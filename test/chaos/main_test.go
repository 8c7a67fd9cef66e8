//go:build chaos

// Package chaos checks SPEC section 9 the hard way: it kills `closeout dev`
// with SIGKILL (and restarts the PostgreSQL under it) while clients stream
// actions, then compares what the clients were told, what the projection
// shows and what Temporal's histories committed. It runs only with the chaos
// build tag (make chaos), never in `go test ./...`.
package chaos

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// binary is the closeout binary every scenario runs: built once here, or the
// one CHAOS_BINARY names (to run the harness against another build, such as
// a checkout of an older commit).
var binary string

// summaries are the scenarios' summary lines, printed together once every
// scenario ran so they stand at the very end of the output.
var (
	summaryMu sync.Mutex
	summaries []string
)

func addSummary(line string) {
	summaryMu.Lock()
	defer summaryMu.Unlock()
	summaries = append(summaries, line)
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "closeout-chaos-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = os.Getenv("CHAOS_BINARY")
	if binary == "" {
		binary = filepath.Join(dir, "closeout")
		build := exec.Command("go", "build", "-o", binary, "github.com/closeout/closeout/cmd/closeout")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build closeout:", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "leave the build folder behind:", err)
	}
	fmt.Println("=== chaos summary")
	for _, s := range summaries {
		fmt.Println(s)
	}
	os.Exit(code)
}
