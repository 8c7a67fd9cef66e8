// Package integration drives closeout the way a user does: it builds the
// binary, starts `closeout dev` (embedded Temporal, real SQLite or PostgreSQL
// projection) and talks to it over HTTP.
package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/closeout/closeout/test/benchreport"
)

// binary is the closeout binary built once for every test of the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "closeout-it-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "closeout")
	build := exec.Command("go", "build", "-o", binary, "github.com/closeout/closeout/cmd/closeout")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build closeout:", err)
		os.Exit(1)
	}
	code := benchreport.Finish(m.Run()) // with what bench-memory measured
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "leave the build folder behind:", err)
	}
	os.Exit(code)
}
